/**
 * What operators see of the service: the {@code engine} health indicator (readiness
 * group), the DJL, PyTorch and default-model entries of {@code /actuator/info}, the
 * training meters ({@code gan.training.*} by job, {@code gan.jobs} by status) and the
 * {@code /actuator/training} summary of the jobs.
 *
 * <p>
 * Exposure, probe groups and detail levels are set in {@code application.properties}. The
 * generation meters ({@code gan.generation.queue.depth}, {@code .queue.wait},
 * {@code .batch.size}, {@code .batch}, {@code .images}, tagged {@code model}) are
 * registered where they are measured, by {@code generation.BatchingGenerator}; README.md
 * ("Observability") lists every meter and endpoint.
 */
package dev.ganforge.observability;
