// Quality metrics of a model as a reader wants them: named, explained, at most four
// significant digits, the basis (sample count, reference) said once, internals apart.
import { h, formatNumber, when } from './dom.js';

/** What each number means; shown as the tooltip of its name. */
export const MEANINGS = {
	fd: 'Fréchet distance between the features of generated and real images (this service’s feature '
		+ 'extractor, not Inception: not comparable with papers’ FID). Lower is better; compare only at equal '
		+ 'sample counts and reference.',
	kid: 'Kernel distance (unbiased MMD² with a cubic kernel) between generated and real features, the mean over '
		+ 'random subsets ± its standard deviation. Lower is better; a mean within its spread of 0 is noise.',
	precision: 'Share of generated images that fall inside the real images’ k-NN manifold: fidelity, 0 to 1, '
		+ 'higher is better.',
	recall: 'Share of real images that fall inside the generated images’ k-NN manifold: coverage and variety, '
		+ '0 to 1, higher is better.',
	classifierScore: 'exp(mean KL(p(y|x) ‖ p(y))) of the extractor’s classifier: from 1 (all alike) to the '
		+ 'number of classes (confident and balanced). Higher is better.',
	classEntropyBits: 'Entropy of the classes the classifier sees in the generated images, in bits; the real '
		+ 'data’s is in brackets (log2 of 10 classes is 3.32). Closer to the real value is better.',
	worstClass: 'The class generated least often relative to its share of the real data, and that ratio '
		+ '(1 is a fair share).',
};

function term(key, label) {
	return h('dt', {}, h('span', { title: MEANINGS[key] }, label));
}

function pair(key, label, value) {
	return h('div', { dataset: { metric: key } }, term(key, label), h('dd', {}, value));
}

function isNumber(value) {
	return typeof value === 'number' && Number.isFinite(value);
}

/** Whether a model has any metric this view shows. */
export function hasMetrics(metrics) {
	return Boolean(metrics) && ['fd', 'kid', 'precision', 'recall', 'classifierScore'].some((key) => isNumber(metrics[key]));
}

/**
 * The metrics other than FD (FD has a column of its own where withFd is false), and once
 * what they were measured on.
 */
export function metricsList(metrics, { withFd = false } = {}) {
	if (!hasMetrics(metrics)) {
		return h('p', { class: 'hint metrics' }, 'Not evaluated.');
	}
	const items = [];
	if (withFd && isNumber(metrics.fd)) {
		items.push(pair('fd', 'FD', formatNumber(metrics.fd)));
	}
	if (isNumber(metrics.kid)) {
		const spread = isNumber(metrics.kidStd) ? ` ± ${formatNumber(metrics.kidStd)}` : '';
		items.push(pair('kid', 'KID', `${formatNumber(metrics.kid)}${spread}`));
	}
	if (isNumber(metrics.precision)) {
		items.push(pair('precision', 'precision', formatNumber(metrics.precision)));
	}
	if (isNumber(metrics.recall)) {
		items.push(pair('recall', 'recall', formatNumber(metrics.recall)));
	}
	if (isNumber(metrics.classifierScore)) {
		items.push(pair('classifierScore', 'classifier score', formatNumber(metrics.classifierScore)));
	}
	if (isNumber(metrics.classEntropyBits)) {
		const real = isNumber(metrics.referenceClassEntropyBits) ? ` (real ${formatNumber(metrics.referenceClassEntropyBits)})` : '';
		items.push(pair('classEntropyBits', 'class entropy', `${formatNumber(metrics.classEntropyBits)} bits${real}`));
	}
	if (typeof metrics.worstClass === 'string') {
		const ratio = isNumber(metrics.worstClassShareRatio) ? ` at ${formatNumber(metrics.worstClassShareRatio)}× its share` : '';
		items.push(pair('worstClass', 'rarest class', `${metrics.worstClass}${ratio}`));
	}
	const basis = [];
	if (isNumber(metrics.samples)) {
		basis.push(`${formatNumber(metrics.samples)} images`);
	}
	if (typeof metrics.reference === 'string') {
		basis.push(`against ${metrics.reference}`);
	}
	return h('dl', { class: 'metrics' }, ...items,
		basis.length ? h('div', { class: 'basis', dataset: { metric: 'basis' } }, basis.join(' ')) : null);
}

// Internals: how the numbers were made, for reproducing them, not for reading them.
const INTERNALS = [
	['featureExtractor', 'Feature extractor'],
	['featureExtractorSha256', 'Extractor SHA-256'],
	['seed', 'First latent seed'],
	['truncation', 'Truncation ψ'],
	['k', 'k of precision and recall'],
	['step', 'Step evaluated'],
	['evaluatedAt', 'Evaluated at'],
];

/** The internals of an evaluation as name/value pairs (empty when there are none). */
export function internalsList(metrics) {
	const rows = [];
	for (const [key, label] of INTERNALS) {
		const value = (metrics || {})[key];
		if (value === undefined || value === null || value === '') {
			continue;
		}
		const shown = key === 'evaluatedAt' ? `${when(value)} (${value})` : String(value);
		rows.push(h('dt', {}, label), h('dd', { dataset: { internal: key } }, shown));
	}
	return rows;
}
