package dev.ganforge.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ganforge.data.ImageDataset;
import dev.ganforge.evaluation.Quality;
import dev.ganforge.training.DivergenceMonitor;
import dev.ganforge.training.StepStats;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON object per line on stdout, each with a {@code type}: the protocol between a
 * training job worker and the service that started it.
 */
final class JsonLinesReporter implements TrainCommand.ProgressReporter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final PrintStream out;

	JsonLinesReporter(PrintStream out) {
		this.out = out;
	}

	@Override
	public void dataset(ImageDataset data, double seconds) {
		emit(Map.of("type", "dataset", "name", data.name(), "size", data.size(), "seconds", seconds));
	}

	@Override
	public void step(StepStats s, long total) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("type", "step");
		line.put("total", total);
		line.put("stats", s);
		emit(line);
	}

	@Override
	public void samples(long step, Path file) {
		emit(Map.of("type", "samples", "step", step, "file", file.toString()));
	}

	@Override
	public void snapshot(long step, Path dir) {
		emit(Map.of("type", "snapshot", "step", step, "dir", dir.toString()));
	}

	@Override
	public void cancelled(long steps) {
		emit(Map.of("type", "cancelled", "step", steps));
	}

	@Override
	public void done(long steps, Path model, double seconds) {
		emit(Map.of("type", "done", "step", steps, "model", model.toString(), "seconds", seconds));
	}

	@Override
	public void evaluation(Quality q, boolean best) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("type", "evaluation");
		line.put("step", q.step());
		line.put("fd", q.fd());
		line.put("kid", q.kid());
		line.put("kidStd", q.kidStd());
		line.put("samples", q.samples());
		line.put("extractor", q.extractor());
		line.put("reference", q.reference());
		line.put("seconds", q.seconds());
		if (q.classCounts() != null) {
			line.put("classEntropyBits", q.classEntropyBits());
			line.put("worstClass", q.worstClass());
			line.put("worstClassShareRatio", q.worstClassShareRatio());
			line.put("classCounts", q.classCounts());
		}
		line.put("best", best);
		emit(line);
	}

	@Override
	public void best(Path model) {
		emit(Map.of("type", "best", "model", model.toString()));
	}

	@Override
	public void failed(RuntimeException ex) {
		emit(Map.of("type", "failed", "reason", String.valueOf(ex.getMessage())));
	}

	@Override
	public void divergence(DivergenceMonitor.Divergence finding, String action) {
		emit(Map.of("type", "divergence", "kind", finding.kind(), "step", finding.step(), "evidence",
				finding.evidence(), "action", action));
	}

	private synchronized void emit(Map<String, Object> line) {
		this.out.println(JSON.writeValueAsString(line));
		this.out.flush();
	}

}
