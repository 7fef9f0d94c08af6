/**
 * Training jobs: submitted over HTTP, queued, trained in worker processes (the jar's own
 * {@code train} command), watched through progress, losses, samples and events, persisted
 * across restarts, cancelled and resumed.
 */
package dev.ganforge.jobs;
