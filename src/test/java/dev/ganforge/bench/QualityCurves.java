package dev.ganforge.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

import dev.ganforge.evaluation.Quality;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Learning curves of one or more runs from their {@code evaluations.csv}: FD, KID, class
 * entropy and the worst class's share ratio against the training step, one panel each,
 * drawn with JFreeChart (the library the service's loss plot uses).
 *
 * <p>
 * Usage: {@code QualityCurves OUT.png LABEL=RUN_DIR/evaluations.csv ...}
 */
public final class QualityCurves {

	private static final Color[] COLOURS = { new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C),
			new Color(0x9467BD) };

	private QualityCurves() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length < 2) {
			System.err.println("usage: QualityCurves OUT.png LABEL=evaluations.csv ...");
			System.exit(2);
		}
		CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("training step"));
		List<Panel> panels = List.of(new Panel("FD", Quality::fd), new Panel("KID", Quality::kid),
				new Panel("class entropy (bits)", (q) -> nan(q.classEntropyBits())),
				new Panel("worst class share ratio", (q) -> nan(q.worstClassShareRatio())));
		for (Panel panel : panels) {
			XYSeriesCollection series = new XYSeriesCollection();
			for (int i = 1; i < args.length; i++) {
				int eq = args[i].indexOf('=');
				XYSeries curve = new XYSeries(args[i].substring(0, eq));
				for (Quality q : read(Path.of(args[i].substring(eq + 1)))) {
					curve.add(q.step(), panel.value().applyAsDouble(q));
				}
				series.addSeries(curve);
			}
			NumberAxis axis = new NumberAxis(panel.name());
			axis.setAutoRangeIncludesZero(false);
			// Each panel draws its runs in the same colours, so that one legend serves
			// all.
			XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
			for (int i = 0; i < series.getSeriesCount(); i++) {
				renderer.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
			}
			plot.add(new XYPlot(series, null, axis, renderer));
		}
		plot.setFixedLegendItems(plot.getSubplots().get(0).getLegendItems());
		JFreeChart chart = new JFreeChart("Quality against training step", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
		ChartUtils.saveChartAsPNG(Path.of(args[0]).toFile(), chart, 900, 1100);
	}

	private static List<Quality> read(Path csv) throws IOException {
		return Files.readAllLines(csv).stream().skip(1).filter((l) -> !l.isBlank()).map(Quality::parseCsvRow).toList();
	}

	private static double nan(Double value) {
		return (value != null) ? value : Double.NaN;
	}

	private record Panel(String name, ToDoubleFunction<Quality> value) {
	}

}
