package dev.ganforge.evaluation;

import dev.ganforge.models.ModelUnavailableException;
import dev.ganforge.models.ModelNotFoundException;
import dev.ganforge.failure.InvalidValueException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ganforge.data.DatasetSpec;
import dev.ganforge.models.LoadedModel;
import dev.ganforge.models.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Runs evaluations requested over HTTP, one at a time on a background thread (each one
 * keeps the CPU busy for a while), and remembers them for polling.
 *
 * <p>
 * What can be known at once is checked at submission, so that it fails as a problem
 * rather than a FAILED run: the model must exist and be READY, its dataset must have a
 * feature extractor, the queue must have room. The run itself looks the model up again
 * when it starts, so a model replaced in the meantime is evaluated as it is now.
 */
@Service
public class EvaluationService implements AutoCloseable {

	/** Finished runs kept for polling. */
	static final int HISTORY = 100;

	/** Runs that may wait for the evaluation thread. */
	static final int MAX_QUEUED = 8;

	private static final Logger log = LoggerFactory.getLogger(EvaluationService.class);

	private final ModelRegistry registry;

	private final Evaluator evaluator;

	private final EvaluationSettings settings;

	private final Map<String, EvaluationRun> runs = new ConcurrentHashMap<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "evaluation");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Creates the service.
	 * @param registry the served models
	 * @param evaluator computes the metrics
	 * @param settings sample limits
	 */
	public EvaluationService(ModelRegistry registry, Evaluator evaluator, EvaluationSettings settings) {
		this.registry = registry;
		this.evaluator = evaluator;
		this.settings = settings;
	}

	/**
	 * Queues an evaluation of a served model.
	 * @param modelName the model
	 * @param samples images per side, or null for the default
	 * @param seed first latent seed, or null for 0
	 * @param truncation truncation psi in (0, 1], or null for 1 (none)
	 * @return the queued run
	 * @throws dev.ganforge.models.ModelNotFoundException if there is no such model
	 * @throws dev.ganforge.models.ModelUnavailableException if it failed to load
	 * @throws NoFeatureExtractorException if its dataset has no extractor
	 */
	public EvaluationRun submit(String modelName, Integer samples, Long seed, Double truncation) {
		LoadedModel model = this.registry.require(modelName);
		this.evaluator.requireExtractor(DatasetSpec.parse(model.manifest().dataset()));
		int count = (samples != null) ? samples : this.settings.defaultSamples();
		if (count > this.settings.maxSamples()) {
			throw new InvalidValueException("samples", "must be at most " + this.settings.maxSamples()
					+ " (ganforge.evaluation.max-samples), not " + count);
		}
		if (this.queued.incrementAndGet() > MAX_QUEUED) {
			this.queued.decrementAndGet();
			throw new EvaluationsBusyException(MAX_QUEUED);
		}
		EvaluationRun run = new EvaluationRun(UUID.randomUUID().toString(), model.name(), EvaluationRun.State.QUEUED,
				count, (seed != null) ? seed : 0L, (truncation != null) ? truncation : 1.0, java.time.Instant.now(),
				null, null, null);
		this.runs.put(run.id(), run);
		try {
			this.executor.execute(() -> execute(run));
		}
		catch (RejectedExecutionException ex) {
			this.queued.decrementAndGet();
			this.runs.remove(run.id());
			throw new EvaluationsBusyException(0);
		}
		forgetOldRuns();
		return run;
	}

	/**
	 * A run of a model.
	 * @param modelName the model
	 * @param id the run's id
	 * @return the run
	 * @throws EvaluationNotFoundException if there is no such run
	 */
	public EvaluationRun find(String modelName, String id) {
		return Optional.ofNullable(this.runs.get(id))
			.filter((run) -> run.model().equals(modelName))
			.orElseThrow(() -> new EvaluationNotFoundException(modelName, id));
	}

	/**
	 * The remembered runs of a model, newest first.
	 * @param modelName the model
	 * @return its runs
	 * @throws dev.ganforge.models.InvalidModelNameException if the name cannot be a
	 * model's
	 * @throws dev.ganforge.models.ModelNotFoundException if there is no such model
	 */
	public List<EvaluationRun> list(String modelName) {
		this.registry.describe(modelName);
		return this.runs.values()
			.stream()
			.filter((run) -> run.model().equals(modelName))
			.sorted(Comparator.comparing(EvaluationRun::submittedAt).reversed())
			.toList();
	}

	private void execute(EvaluationRun queuedRun) {
		this.queued.decrementAndGet();
		EvaluationRun run = queuedRun.running();
		this.runs.put(run.id(), run);
		try {
			LoadedModel model = this.registry.require(run.model());
			Evaluation evaluation = this.evaluator.evaluate(model, run.samples(), run.seed(), run.truncation());
			this.runs.put(run.id(), run.succeeded(evaluation));
			log.info("Evaluation {} of {}: FD {} KID {} in {} s", run.id(), run.model(), evaluation.fd(),
					evaluation.kid(), Math.round(evaluation.seconds()));
		}
		catch (ModelNotFoundException | ModelUnavailableException | NoFeatureExtractorException ex) {
			this.runs.put(run.id(), run.failed(ex.getMessage()));
		}
		catch (RuntimeException ex) {
			log.warn("Evaluation {} of {} failed", run.id(), run.model(), ex);
			this.runs.put(run.id(), run.failed("The evaluation failed: " + ex.getMessage()));
		}
	}

	private void forgetOldRuns() {
		List<EvaluationRun> finished = new ArrayList<>(
				this.runs.values().stream().filter(EvaluationRun::finished).toList());
		if (finished.size() > HISTORY) {
			finished.sort(Comparator.comparing(EvaluationRun::submittedAt));
			finished.subList(0, finished.size() - HISTORY).forEach((run) -> this.runs.remove(run.id()));
		}
	}

	/** Stops the evaluation thread; a run in progress is abandoned. */
	@Override
	public void close() {
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
