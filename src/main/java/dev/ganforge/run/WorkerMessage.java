package dev.ganforge.run;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.ganforge.evaluation.Quality;
import dev.ganforge.training.DivergenceMonitor;
import dev.ganforge.training.StepStats;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a training run reports, one message per event: the protocol between a job's
 * worker, which writes each as a JSON line on stdout ({@code "type"} names the kind), and
 * the service that reads them, and what a person's progress bar shows.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = WorkerMessage.Dataset.class, name = "dataset"),
		@JsonSubTypes.Type(value = WorkerMessage.Step.class, name = "step"),
		@JsonSubTypes.Type(value = WorkerMessage.Samples.class, name = "samples"),
		@JsonSubTypes.Type(value = WorkerMessage.Snapshot.class, name = "snapshot"),
		@JsonSubTypes.Type(value = WorkerMessage.Evaluation.class, name = "evaluation"),
		@JsonSubTypes.Type(value = WorkerMessage.Divergence.class, name = "divergence"),
		@JsonSubTypes.Type(value = WorkerMessage.Best.class, name = "best"),
		@JsonSubTypes.Type(value = WorkerMessage.Done.class, name = "done"),
		@JsonSubTypes.Type(value = WorkerMessage.Cancelled.class, name = "cancelled"),
		@JsonSubTypes.Type(value = WorkerMessage.Failed.class, name = "failed") })
public sealed interface WorkerMessage {

	/** Jackson's defaults: a message from a newer worker with more fields still reads. */
	JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The message as one line of JSON.
	 * @return the line, without a line break
	 */
	default String toJson() {
		return JSON.writeValueAsString(this);
	}

	/**
	 * The message a line holds.
	 * @param line a line a worker printed
	 * @return the message, or empty when the line is not one (anything else it printed)
	 */
	static Optional<WorkerMessage> parse(String line) {
		if (!line.startsWith("{")) {
			return Optional.empty();
		}
		try {
			return Optional.of(JSON.readValue(line, WorkerMessage.class));
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The data is loaded.
	 *
	 * @param name the dataset
	 * @param size its images
	 * @param channels their channels
	 * @param imageSize their side
	 * @param seconds how long loading took
	 */
	record Dataset(String name, int size, int channels, int imageSize, double seconds) implements WorkerMessage {
	}

	/**
	 * A step is done.
	 *
	 * @param total the steps the run will take
	 * @param stats the step's statistics
	 */
	record Step(long total, StepStats stats) implements WorkerMessage {
	}

	/**
	 * A sample grid was written.
	 *
	 * @param step the step
	 * @param file the grid
	 */
	record Samples(long step, String file) implements WorkerMessage {
	}

	/**
	 * A snapshot was written.
	 *
	 * @param step the step
	 * @param dir the snapshot
	 */
	record Snapshot(long step, String dir) implements WorkerMessage {
	}

	/**
	 * An evaluation of the served generator, as {@link Quality} has it.
	 *
	 * @param step the step
	 * @param fd Frechet distance
	 * @param kid KID mean
	 * @param kidStd KID standard deviation
	 * @param samples images on each side
	 * @param extractor the feature extractor
	 * @param reference the real split
	 * @param seconds how long it took
	 * @param classEntropyBits the entropy of the class shares, or null
	 * @param worstClass the class made least often for its real share, or null
	 * @param worstClassShareRatio its share over its real share, or null
	 * @param classCounts generated images per class, or null
	 * @param best whether it is the best so far, so that its generator was kept
	 */
	record Evaluation(long step, double fd, double kid, double kidStd, int samples, String extractor, String reference,
			double seconds, Double classEntropyBits, String worstClass, Double worstClassShareRatio,
			Map<String, Integer> classCounts, boolean best) implements WorkerMessage {

		static Evaluation of(Quality q, boolean best) {
			boolean classes = q.classCounts() != null && !q.classCounts().isEmpty();
			return new Evaluation(q.step(), q.fd(), q.kid(), q.kidStd(), q.samples(), q.extractor(), q.reference(),
					q.seconds(), classes ? q.classEntropyBits() : null, classes ? q.worstClass() : null,
					classes ? q.worstClassShareRatio() : null, classes ? q.classCounts() : null, best);
		}

	}

	/**
	 * The divergence monitor found trouble.
	 *
	 * @param kind what it found
	 * @param step at which step
	 * @param evidence the numbers
	 * @param action what the run did about it
	 */
	record Divergence(String kind, long step, String evidence, String action) implements WorkerMessage {

		static Divergence of(DivergenceMonitor.Divergence finding, String action) {
			return new Divergence(finding.kind(), finding.step(), finding.evidence(), action);
		}

	}

	/**
	 * The best generator by FD was exported.
	 *
	 * @param model its model directory
	 */
	record Best(String model) implements WorkerMessage {
	}

	/**
	 * The run finished and exported its model.
	 *
	 * @param step its steps
	 * @param model the model directory
	 * @param seconds its training time
	 */
	record Done(long step, String model, double seconds) implements WorkerMessage {
	}

	/**
	 * The run stopped when asked, after a snapshot.
	 *
	 * @param step its steps
	 */
	record Cancelled(long step) implements WorkerMessage {
	}

	/**
	 * The run failed.
	 *
	 * @param reason why
	 */
	record Failed(String reason) implements WorkerMessage {
	}

}
