package dev.ganforge.jobs;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The Server-Sent Events streams of jobs. Events are sent from a thread of their own, so
 * that a slow client never holds up a worker's progress; when that thread falls far
 * behind, progress events are dropped (the next one supersedes them), status events
 * never.
 */
@Component
class JobEvents {

	private static final Logger log = LoggerFactory.getLogger(JobEvents.class);

	private static final int BACKLOG = 10_000;

	private final Map<String, List<SseEmitter>> streams = new ConcurrentHashMap<>();

	private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
			new LinkedBlockingQueue<>(), (task) -> {
				Thread thread = new Thread(task, "ganforge-job-events");
				thread.setDaemon(true);
				return thread;
			});

	private final long timeoutMillis;

	JobEvents(JobSettings settings) {
		this.timeoutMillis = settings.eventsTimeout().toMillis();
	}

	/**
	 * Opens a stream: a {@code status} event with the job at once, then every change
	 * until the job stops (the stream then ends) or the timeout.
	 * @param id the job's id
	 * @param current reads the job now
	 * @return the emitter
	 */
	SseEmitter subscribe(String id, Supplier<Job> current) {
		SseEmitter emitter = new SseEmitter(this.timeoutMillis);
		// Listen first, then read: a change after the read is then an event on the
		// stream,
		// so a job that stops meanwhile never leaves the stream open.
		this.streams.compute(id, (key, list) -> {
			List<SseEmitter> emitters = (list != null) ? list : new CopyOnWriteArrayList<>();
			emitters.add(emitter);
			return emitters;
		});
		Runnable remove = () -> this.streams.computeIfPresent(id, (key, list) -> {
			list.remove(emitter);
			return list.isEmpty() ? null : list;
		});
		emitter.onCompletion(remove);
		emitter.onTimeout(remove);
		emitter.onError((ex) -> remove.run());
		Job job = current.get();
		this.sender.execute(() -> {
			send(emitter, JobEvent.STATUS, job);
			if (!job.status().isActive()) {
				emitter.complete();
			}
		});
		return emitter;
	}

	/**
	 * The jobs with a stream open here.
	 * @return their ids
	 */
	Set<String> watched() {
		return Set.copyOf(this.streams.keySet());
	}

	@EventListener
	void on(JobEvent event) {
		List<SseEmitter> list = this.streams.get(event.job().id());
		if (list == null || list.isEmpty()) {
			return;
		}
		if (JobEvent.PROGRESS.equals(event.type()) && this.sender.getQueue().size() > BACKLOG) {
			return;
		}
		Object payload = switch (event.type()) {
			case JobEvent.PROGRESS -> new ProgressEvent(event.job().progress(), event.job().latest());
			case JobEvent.STATUS -> event.job();
			case JobEvent.WARNING -> event.job().warnings().get(event.job().warnings().size() - 1);
			case JobEvent.EVALUATION -> event.job().quality().latest();
			default -> Map.of("step", event.step());
		};
		boolean last = JobEvent.STATUS.equals(event.type()) && !event.job().status().isActive();
		this.sender.execute(() -> {
			for (SseEmitter emitter : list) {
				send(emitter, event.type(), payload);
				if (last) {
					emitter.complete();
				}
			}
		});
	}

	private static void send(SseEmitter emitter, String name, Object payload) {
		try {
			emitter.send(SseEmitter.event().name(name).data(payload));
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away; the emitter's callbacks remove it
			log.debug("Dropping an events stream: {}", ex.getMessage());
			emitter.completeWithError(ex);
		}
	}

	@jakarta.annotation.PreDestroy
	void close() {
		this.streams.values().forEach((list) -> list.forEach(SseEmitter::complete));
		ExecutorService executor = this.sender;
		executor.shutdown();
	}

	/**
	 * A {@code progress} event.
	 *
	 * @param progress step, total, epoch, speed and ETA
	 * @param latest the step's losses and D outputs
	 */
	record ProgressEvent(Job.Progress progress, dev.ganforge.training.StepStats latest) {
	}

}
