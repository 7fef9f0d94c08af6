// Line charts of a job's history, drawn with uPlot (MIT, served from its WebJar).
import uPlot from '../webjars/uplot/dist/uPlot.esm.js';

// Beyond this many points a chart shows every n-th step (and always the last one).
const MAX_POINTS = 4000;

const COLOURS = ['#d9480f', '#1c7ed6', '#2b8a3e', '#862e9c', '#e67700'];

const HEIGHT = 240;

/**
 * A chart of some numeric fields of history rows against their step. It takes its
 * target's width and follows it (the target is as wide as its card, see .chart).
 * @param {HTMLElement} target where it is drawn
 * @param {{field: string, label: string, scale?: string, points?: boolean}[]} series one line
 *     per field; a series with its own scale gets its own y axis on the right
 * @param {{range?: [number, number]}} options a fixed y range, e.g. [0, 1] for probabilities
 */
export function lineChart(target, series, options = {}) {
	const extraScales = [...new Set(series.map((s) => s.scale).filter(Boolean))];
	const scales = {
		x: { time: false },
		y: options.range ? { range: options.range } : { auto: true },
	};
	for (const scale of extraScales) {
		scales[scale] = { auto: true };
	}
	const opts = {
		width: target.clientWidth || 480,
		height: HEIGHT,
		legend: { live: true },
		cursor: { drag: { x: true, y: false } },
		scales,
		axes: [{ label: 'step' }, {}, ...extraScales.map((scale) => ({ scale, side: 1, grid: { show: false } }))],
		series: [
			{ label: 'step' },
			...series.map((s, i) => ({
				label: s.label,
				stroke: COLOURS[i % COLOURS.length],
				width: 1.5,
				scale: s.scale || 'y',
				points: { show: Boolean(s.points) },
			})),
		],
	};
	const plot = new uPlot(opts, [[], ...series.map(() => [])], target);
	// Hidden (a closed section) the target is 0 wide: keep the last size until it shows.
	const resize = new ResizeObserver(() => {
		const width = target.clientWidth;
		if (width > 0 && width !== plot.width) {
			plot.setSize({ width, height: HEIGHT });
		}
	});
	resize.observe(target);
	return {
		/** Draws these rows (sorted by step); rows lacking a field leave a gap. */
		show(rows) {
			const shown = thin(rows);
			plot.setData([shown.map((r) => r.step), ...series.map((s) => shown.map((r) => finite(r[s.field])))]);
			target.dataset.points = String(rows.length);
		},
		destroy() {
			resize.disconnect();
			plot.destroy();
		},
	};
}

function thin(rows) {
	if (rows.length <= MAX_POINTS) {
		return rows;
	}
	const stride = Math.ceil(rows.length / MAX_POINTS);
	const kept = rows.filter((_, i) => i % stride === 0);
	if (kept[kept.length - 1] !== rows[rows.length - 1]) {
		kept.push(rows[rows.length - 1]);
	}
	return kept;
}

function finite(value) {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
