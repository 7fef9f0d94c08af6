package dev.ganforge.jobs;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.ganforge.training.StepStats;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A job's loss history, as the worker writes it ({@code history.csv}: one row a step),
 * read back as rows or drawn as curves.
 */
final class LossHistory {

	/** The most points drawn per curve; longer histories are thinned evenly. */
	static final int MAX_POINTS = 2000;

	private LossHistory() {
	}

	/**
	 * The rows of a history file.
	 * @param file {@code history.csv}; missing means no steps yet
	 * @param fromStep only steps after this one
	 * @return the rows, by step
	 */
	static List<StepStats> read(Path file, long fromStep) {
		try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
			return lines.skip(1)
				.filter((line) -> !line.isBlank())
				.map(StepStats::parseCsvRow)
				.filter((row) -> row.step() > fromStep)
				.toList();
		}
		catch (NoSuchFileException ex) {
			return List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the loss history " + file, ex);
		}
	}

	/**
	 * The history as CSV, header included: what {@code history.csv} holds.
	 * @param rows the rows, by step
	 * @return its bytes, the header alone when there are no steps yet
	 */
	static byte[] csv(List<StepStats> rows) {
		StringBuilder csv = new StringBuilder(StepStats.CSV_HEADER).append('\n');
		rows.forEach((row) -> csv.append(row.toCsvRow()));
		return csv.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Draws the losses of D and G over the steps above, and D(x) and D(G(z)) below.
	 * @param rows the history
	 * @param title the chart's title
	 * @param width image width in pixels
	 * @param height image height in pixels
	 * @return a PNG
	 */
	static byte[] plot(List<StepStats> rows, String title, int width, int height) {
		XYSeries lossD = new XYSeries("loss D");
		XYSeries lossG = new XYSeries("loss G");
		XYSeries dReal = new XYSeries("D(x)");
		XYSeries dFake = new XYSeries("D(G(z))");
		int stride = Math.max(1, (rows.size() + MAX_POINTS - 1) / MAX_POINTS);
		for (int i = 0; i < rows.size(); i += stride) {
			StepStats row = rows.get(i);
			lossD.add(row.step(), row.lossD());
			lossG.add(row.step(), row.lossG());
			dReal.add(row.step(), row.dReal());
			dFake.add(row.step(), row.dFakeBefore());
		}
		CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("step"));
		plot.add(subplot("loss", lossD, lossG), 3);
		XYPlot outputs = subplot("D output", dReal, dFake);
		((NumberAxis) outputs.getRangeAxis()).setRange(0, 1);
		plot.add(outputs, 2);
		JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
		chart.setBackgroundPaint(Color.WHITE);
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		try {
			ChartUtils.writeChartAsPNG(png, chart, width, height);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return png.toByteArray();
	}

	private static XYPlot subplot(String label, XYSeries first, XYSeries second) {
		XYSeriesCollection dataset = new XYSeriesCollection();
		dataset.addSeries(first);
		dataset.addSeries(second);
		NumberAxis axis = new NumberAxis(label);
		axis.setAutoRangeIncludesZero(false);
		XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
		renderer.setSeriesPaint(0, new Color(0x1f77b4));
		renderer.setSeriesPaint(1, new Color(0xff7f0e));
		renderer.setDefaultStroke(new BasicStroke(1.2f));
		XYPlot plot = new XYPlot(dataset, null, axis, renderer);
		plot.setBackgroundPaint(Color.WHITE);
		plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
		plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
		return plot;
	}

}
