package dev.ganforge.observability;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import dev.ganforge.jobs.Job;
import dev.ganforge.jobs.JobEvent;
import dev.ganforge.jobs.JobService;
import dev.ganforge.jobs.JobStatus;
import dev.ganforge.training.StepStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Training meters, tagged by job: {@code gan.training.loss} (with {@code network} =
 * {@code generator} or {@code discriminator}), {@code gan.training.discriminator.output}
 * (with {@code batch} = {@code real}, D(x), or {@code fake}, D(G(z)) before D's update;
 * promtool reads a name with {@code d} in it as days), {@code gan.training.step},
 * {@code gan.training.progress} (0 to 1) and {@code gan.training.images.per.second};
 * {@code gan.quality.fd} and {@code gan.quality.kid} (the latest evaluation) for jobs
 * that evaluate; and {@code gan.jobs} by status. The meters of the {@value #KEPT_JOBS}
 * jobs that trained last are kept, older ones removed, so that the number of series stays
 * bounded.
 */
@Component
class TrainingMetrics {

	static final int KEPT_JOBS = 20;

	private final MeterRegistry registry;

	// Access-ordered: the eldest is the job that reported least recently.
	private final Map<String, JobMeters> jobs = new LinkedHashMap<>(16, 0.75f, true);

	TrainingMetrics(MeterRegistry registry, JobService jobService) {
		this.registry = registry;
		for (JobStatus status : JobStatus.values()) {
			Gauge.builder("gan.jobs", jobService, (service) -> service.counts().get(status))
				.tag("status", status.name())
				.description("Training jobs in each status")
				.register(registry);
		}
	}

	@EventListener
	void on(JobEvent event) {
		boolean evaluation = JobEvent.EVALUATION.equals(event.type()) && event.job().quality() != null;
		if (!evaluation && (!JobEvent.PROGRESS.equals(event.type()) || event.job().latest() == null)) {
			return;
		}
		synchronized (this.jobs) {
			JobMeters meters = this.jobs.computeIfAbsent(event.job().id(), (id) -> new JobMeters(id, event.job()));
			meters.job = event.job();
			if (evaluation) {
				meters.registerQuality(event.job().id());
			}
			Iterator<Map.Entry<String, JobMeters>> eldest = this.jobs.entrySet().iterator();
			while (this.jobs.size() > KEPT_JOBS && eldest.hasNext()) {
				eldest.next().getValue().meters.forEach(this.registry::remove);
				eldest.remove();
			}
		}
	}

	/** The gauges of one job; they read its latest state. */
	private final class JobMeters {

		final List<Meter> meters = new ArrayList<>();

		volatile Job job;

		boolean quality;

		JobMeters(String id, Job job) {
			this.job = job;
			String network = job.request().architecture();
			// One description per meter name: Prometheus shows one HELP line for all its
			// series.
			String loss = "Loss of the last step, of the network in the tag";
			gauge("gan.training.loss", id, network, "generator", loss, StepStats::lossG);
			gauge("gan.training.loss", id, network, "discriminator", loss, StepStats::lossD);
			String output = "Mean output of D in the last step: on the real batch, or on G's batch before D's update";
			gauge("gan.training.discriminator.output", "batch", "real", id, network, output, StepStats::dReal);
			gauge("gan.training.discriminator.output", "batch", "fake", id, network, output, StepStats::dFakeBefore);
			register(Gauge.builder("gan.training.step", this, (m) -> m.job.progress().step())
				.description("Steps completed"), id, network, null);
			register(Gauge.builder("gan.training.progress", this, (m) -> m.job.progress().fraction())
				.description("Fraction of the run's steps completed"), id, network, null);
			// No base unit: Prometheus would append it to a name that already says it.
			register(Gauge.builder("gan.training.images.per.second", this, (m) -> m.job.progress().imagesPerSecond())
				.description("Recent training speed, in images per second"), id, network, null);
		}

		/** The quality gauges, once the job's first evaluation has come. */
		void registerQuality(String id) {
			if (this.quality) {
				return;
			}
			this.quality = true;
			String network = this.job.request().architecture();
			register(
					Gauge.builder("gan.quality.fd", this, (m) -> score(m.job, Job.Score::fd))
						.description("Frechet distance of the served generator at the job's latest evaluation"),
					id, network, null);
			register(Gauge.builder("gan.quality.kid", this, (m) -> score(m.job, Job.Score::kid))
				.description("KID of the served generator at the job's latest evaluation"), id, network, null);
		}

		private static double score(Job job, ToDoubleFunction<Job.Score> value) {
			return (job.quality() != null && job.quality().latest() != null)
					? value.applyAsDouble(job.quality().latest()) : Double.NaN;
		}

		private void gauge(String name, String id, String architecture, String network, String description,
				ToDoubleFunction<StepStats> value) {
			register(latest(name, description, value), id, architecture, network);
		}

		private void gauge(String name, String tag, String tagValue, String id, String architecture, String description,
				ToDoubleFunction<StepStats> value) {
			register(latest(name, description, value).tag(tag, tagValue), id, architecture, null);
		}

		private Gauge.Builder<JobMeters> latest(String name, String description, ToDoubleFunction<StepStats> value) {
			return Gauge
				.builder(name, this, (m) -> (m.job.latest() != null) ? value.applyAsDouble(m.job.latest()) : Double.NaN)
				.description(description);
		}

		private void register(Gauge.Builder<JobMeters> builder, String id, String architecture, String network) {
			builder.tag("job", id).tag("architecture", architecture);
			if (network != null) {
				builder.tag("network", network);
			}
			this.meters.add(builder.strongReference(true).register(TrainingMetrics.this.registry));
		}

	}

}
