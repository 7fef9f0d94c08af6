package dev.ganforge.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How training jobs run, bound from {@code ganforge.jobs.*} and checked at start-up.
 *
 * @param dir where job records, loss histories, samples and snapshots are kept, one
 * sub-directory per job
 * @param maxConcurrent jobs training at once, each in its own worker process (1 suits a
 * CPU: two trainings share its cores and each runs at less than half speed)
 * @param maxQueued jobs waiting beyond those; a submission over this is refused with 503
 * @param workerMaxHeap the Java heap of each worker process (the tensors live outside it)
 * @param workerJvmArgs extra JVM options of the worker processes
 * @param maxDuration longest a job may train per attempt before it is stopped and FAILED;
 * 0 for no limit
 * @param stopTimeout how long a stopping worker may take to finish its step and write its
 * snapshot before it is killed
 * @param eventsTimeout how long a {@code /jobs/{id}/events} stream stays open
 * @param minFreeDisk free space needed on the disks of the jobs and models directories
 * for a job to be accepted or resumed, and on the jobs directory's disk before each
 * snapshot its worker writes (default 512MB: a few snapshots of the largest networks); 0
 * checks nothing
 * @param lease cluster mode: how long a node's claim on a running job holds without
 * renewal (it renews every second); when it expires, the node is taken for dead and the
 * job becomes INTERRUPTED
 * @param autoResume whether an INTERRUPTED job is queued again by itself, continuing from
 * its last snapshot (default: in cluster mode only)
 * @param maxAttempts attempts after which an interrupted job is no longer resumed by
 * itself
 */
@ConfigurationProperties("ganforge.jobs")
@Validated
public record JobSettings(@NotNull @DefaultValue("jobs") Path dir,
		@Min(1) @Max(64) @DefaultValue("1") int maxConcurrent, @Min(0) @Max(10_000) @DefaultValue("16") int maxQueued,
		@NotNull @DefaultValue("1GB") DataSize workerMaxHeap, @NotNull @DefaultValue List<String> workerJvmArgs,
		@NotNull @DurationUnit(java.time.temporal.ChronoUnit.SECONDS) @DefaultValue("0s") Duration maxDuration,
		@NotNull @DefaultValue("120s") Duration stopTimeout, @NotNull @DefaultValue("30m") Duration eventsTimeout,
		@NotNull @DefaultValue("512MB") DataSize minFreeDisk, @NotNull @DefaultValue("30s") Duration lease,
		Boolean autoResume, @Min(1) @Max(100) @DefaultValue("3") int maxAttempts) {

}
