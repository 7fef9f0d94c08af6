// Training: start a job from presets, the list of jobs, and one job watched live through its
// Server-Sent Events (status, progress with the step's losses, new sample grids, snapshots).
import { getJson } from './api.js';
import { $, h, status, duration, when, href } from './dom.js';
import { lineChart } from './charts.js';

const ACTIVE = new Set(['QUEUED', 'RUNNING']);
const RESUMABLE = new Set(['FAILED', 'CANCELLED', 'INTERRUPTED']);

// Field values of each preset; fields left out take the service's defaults (the DCGAN paper's).
const PRESETS = {
	tiny: {
		label: 'Tiny: synthetic shapes, MLP 16×16 (seconds, a smoke test)',
		values: { dataset: 'synthetic:64', architecture: 'gan', imageSize: 16, steps: 300, batchSize: 16, nz: 8, ngf: 16, ndf: 16, sampleEvery: 10, snapshotEvery: 50 },
	},
	shapes: {
		label: 'Synthetic shapes, DCGAN 32×32 (minutes)',
		values: { dataset: 'synthetic:2048', architecture: 'dcgan', imageSize: 32, steps: 1000, batchSize: 64, sampleEvery: 50, snapshotEvery: 250 },
	},
	fashionMlp: {
		label: 'Fashion-MNIST, MLP GAN 32×32',
		values: { dataset: 'fashion-mnist', architecture: 'gan', imageSize: 32, epochs: 5, batchSize: 64, sampleEvery: 200, snapshotEvery: 500 },
	},
	fashionDcgan: {
		label: 'Fashion-MNIST, DCGAN 64×64 (the paper’s settings; hours on a CPU)',
		values: { dataset: 'fashion-mnist', architecture: 'dcgan', imageSize: 64, epochs: 5, batchSize: 64, sampleEvery: 200, snapshotEvery: 500 },
	},
	fashionStable: {
		label: 'Fashion-MNIST, DCGAN 64×64 with TTUR, label smoothing and EMA',
		values: { dataset: 'fashion-mnist', architecture: 'dcgan', imageSize: 64, epochs: 5, batchSize: 64, learningRateD: 4e-4, learningRateG: 1e-4, labelSmoothing: 0.1, emaDecay: 0.999, sampleEvery: 200, snapshotEvery: 500 },
	},
};

const FIELDS = ['dataset', 'architecture', 'imageSize', 'steps', 'epochs', 'batchSize', 'seed', 'learningRateD', 'learningRateG', 'nz', 'ngf', 'ndf', 'sampleEvery', 'snapshotEvery', 'labelSmoothing', 'emaDecay', 'dSteps', 'evaluateEvery', 'evaluateSamples'];
const TEXT_FIELDS = new Set(['modelName', 'dataset', 'architecture']);

/**
 * The job being watched: its id, its sorted history rows, its evaluations (step, fd, kid;
 * from /jobs/{id}/evaluations and `evaluation` events), the steps of its sample grids and
 * those grids loaded so far, its events stream.
 */
let watched = null;
let charts = null;

/** The job the form submitted last: the form's status line follows it. */
let submitted = null;

/** A job's status as the end of a sentence: "is running", "succeeded". */
function statusWords(job) {
	switch (job.status) {
		case 'QUEUED': return 'is queued';
		case 'RUNNING': return job.cancelRequested ? 'is being cancelled' : 'is running';
		case 'SUCCEEDED': return 'succeeded';
		case 'FAILED': return 'failed';
		case 'CANCELLED': return 'was cancelled';
		case 'INTERRUPTED': return 'was interrupted (resume it below)';
		default: return `is ${job.status.toLowerCase()}`;
	}
}

function applyPreset(name) {
	const preset = PRESETS[name];
	for (const field of FIELDS) {
		const value = preset.values[field];
		$(`#job-${field}`).value = value === undefined ? '' : String(value);
	}
	if (!preset.values.architecture) {
		$('#job-architecture').value = 'dcgan';
	}
	const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
	$('#job-modelName').value = `${name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}-${stamp}`;
}

function formRequest() {
	const body = { modelName: $('#job-modelName').value.trim() };
	for (const field of FIELDS) {
		const raw = $(`#job-${field}`).value.trim();
		if (raw !== '') {
			body[field] = TEXT_FIELDS.has(field) ? raw : Number(raw);
		}
	}
	return body;
}

async function submit() {
	const line = $('#job-form-status');
	status(line, 'Submitting…');
	try {
		const job = await getJson('jobs', { method: 'POST', json: formRequest() });
		submitted = job.id;
		showFormStatus(job);
		await refreshJobs();
		watch(job.id);
	}
	catch (ex) {
		status(line, ex.message, true);
	}
}

function showFormStatus(job) {
	if (job.id === submitted) {
		const model = job.status === 'SUCCEEDED' ? `: ${job.request.modelName} is ready` : '';
		status($('#job-form-status'), `Job ${job.id} ${statusWords(job)} (seed ${job.request.seed})${model}.`, job.status === 'FAILED');
	}
}

function progressText(job) {
	const p = job.progress || {};
	if (!p.totalSteps) {
		return job.status === 'QUEUED' ? 'waiting for a slot' : '–';
	}
	return `${p.step} / ${p.totalSteps}`;
}

export async function refreshJobs() {
	try {
		const page = await getJson('jobs?size=50');
		page.content.forEach(showFormStatus);
		$('#jobs-rows').replaceChildren(...page.content.map((job) => h('tr', { dataset: { job: job.id } },
			h('td', {}, job.request.modelName),
			h('td', {}, h('span', { class: `badge ${job.status.toLowerCase()}` }, job.status)),
			h('td', {}, progressText(job)),
			h('td', {}, when(job.createdAt)),
			h('td', {}, h('button', { type: 'button', class: 'watch', 'aria-label': `Watch job ${job.id} (${job.request.modelName})`, onclick: () => watch(job.id) }, 'Watch')))));
		if (page.content.length === 0) {
			$('#jobs-rows').replaceChildren(h('tr', {}, h('td', { colspan: '5', class: 'hint' }, 'No jobs yet.')));
		}
	}
	catch (ex) {
		$('#jobs-rows').replaceChildren(h('tr', {}, h('td', { colspan: '5', class: 'error' }, ex.message)));
	}
}

function showJob(job) {
	$('#job-id').textContent = job.id;
	$('#job-model').textContent = job.request.modelName;
	const badge = $('#job-status');
	badge.textContent = job.cancelRequested ? `${job.status} (cancelling)` : job.status;
	badge.className = `badge ${job.status.toLowerCase()}`;
	badge.dataset.status = job.status;
	showProgress(job.progress);
	const error = $('#job-error');
	error.textContent = job.error || '';
	error.hidden = !job.error;
	const warnings = job.warnings || [];
	$('#job-warnings').replaceChildren(...warnings.map((w) =>
		h('li', {}, `Step ${w.step}: ${w.kind}: ${w.evidence}; ${w.action}`)));
	$('#job-warnings').hidden = warnings.length === 0;
	$('#job-cancel').disabled = !ACTIVE.has(job.status) || job.cancelRequested;
	$('#job-resume').disabled = !RESUMABLE.has(job.status);
	$('#job-csv').href = `jobs/${job.id}/losses.csv`;
	$('#job-evaluations-csv').href = `jobs/${job.id}/evaluations.csv`;
	$('#job-log').href = `jobs/${job.id}/log`;
	showOutcome(job);
	showFormStatus(job);
}

/** A finished job's model: open it in the gallery or read its metrics. */
function showOutcome(job) {
	const outcome = $('#job-outcome');
	outcome.hidden = job.status !== 'SUCCEEDED';
	if (outcome.hidden) {
		return;
	}
	const name = job.request.modelName;
	$('#job-outcome-text').textContent = `Finished at step ${job.progress ? job.progress.step : '–'}.`;
	const open = $('#job-model-link');
	open.textContent = `Open ${name} in the gallery`;
	open.href = href('gallery', { model: name });
	const details = $('#job-model-details');
	details.textContent = `${name}’s metrics and manifest`;
	details.href = href('models', { model: name });
	const best = $('#job-best-link');
	const bestName = job.links && job.links.bestModel ? job.links.bestModel.split('/').pop() : null;
	best.hidden = !bestName;
	if (bestName) {
		best.textContent = `Open the best by FD (${bestName})`;
		best.href = href('gallery', { model: bestName });
	}
}

function showProgress(p) {
	if (!p) {
		return;
	}
	const bar = $('#job-progress');
	bar.value = p.totalSteps > 0 ? Math.min(1, p.step / p.totalSteps) : 0;
	const parts = [`step ${p.step}${p.totalSteps ? ' of ' + p.totalSteps : ''}`, `epoch ${p.epoch}`];
	if (p.imagesPerSecond > 0) {
		parts.push(`${p.imagesPerSecond.toFixed(0)} images/s`);
	}
	if (p.etaSeconds !== null && p.etaSeconds !== undefined) {
		parts.push(`ETA ${duration(p.etaSeconds)}`);
	}
	$('#job-progress-text').textContent = parts.join(' · ');
}

/** Merges history rows into the watched job's sorted rows, once per step, and redraws soon. */
function merge(rows) {
	const all = watched.rows;
	for (const row of rows) {
		const last = all.length ? all[all.length - 1].step : 0;
		if (row.step > last) {
			all.push(row);
		}
		else {
			let lo = 0;
			let hi = all.length;
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				if (all[mid].step < row.step) {
					lo = mid + 1;
				}
				else {
					hi = mid;
				}
			}
			if (all[lo].step !== row.step) {
				all.splice(lo, 0, row);
			}
		}
	}
	if (!watched.drawPending) {
		watched.drawPending = true;
		requestAnimationFrame(draw);
	}
}

/** Merges evaluations into the watched job's, once per step, sorted, and redraws soon. */
function mergeEvaluations(rows) {
	const byStep = new Map(watched.evaluations.map((r) => [r.step, r]));
	for (const row of rows) {
		if (typeof row.fd === 'number' && Number.isFinite(row.fd)) {
			byStep.set(row.step, row);
		}
	}
	watched.evaluations = [...byStep.values()].sort((a, b) => a.step - b.step);
	if (!watched.drawPending) {
		watched.drawPending = true;
		requestAnimationFrame(draw);
	}
}

function draw() {
	if (!watched) {
		return;
	}
	watched.drawPending = false;
	charts.losses.show(watched.rows);
	charts.d.show(watched.rows);
	// Frechet distance: drawn only from real evaluations (rows with a numeric fd, from
	// /jobs/{id}/evaluations or `evaluation` events); nothing is plotted, or made up,
	// before one reports.
	const fd = watched.evaluations.filter((r) => typeof r.fd === 'number');
	$('#chart-fd-figure').hidden = fd.length === 0;
	$('#job-evaluations-csv').hidden = fd.length === 0;
	if (fd.length > 0) {
		charts.fd.show(fd);
	}
}

/** The sample grid of a step, loading (once) off-screen: the grid on show is never half-loaded. */
function grid(current, step) {
	let image = current.grids.get(step);
	if (!image) {
		image = new Image();
		image.src = `jobs/${encodeURIComponent(current.id)}/samples/${step}`;
		current.grids.set(step, image);
	}
	return image;
}

/** The steps of the watched job's grids changed: the slider covers them all. */
function showSteps(steps) {
	const current = watched;
	const slider = $('#job-step');
	const follow = $('#job-step-follow').checked || current.steps.length === 0;
	current.steps = steps;
	$('#job-step-control').hidden = steps.length === 0;
	slider.max = String(Math.max(0, steps.length - 1));
	if (follow) {
		slider.value = slider.max;
	}
	showStep(Number(slider.value));
}

function addStep(step) {
	if (!watched.steps.includes(step)) {
		showSteps([...watched.steps, step].sort((a, b) => a - b));
	}
}

/** Shows the grid the slider points at, and preloads its neighbours for the next key press. */
function showStep(index) {
	const current = watched;
	const step = current.steps[index];
	if (step === undefined) {
		return;
	}
	const slider = $('#job-step');
	const text = `step ${step} (grid ${index + 1} of ${current.steps.length})`;
	slider.setAttribute('aria-valuetext', text);
	$('#job-step-value').textContent = text;
	const image = grid(current, step);
	const show = () => {
		if (watched !== current || current.steps[Number(slider.value)] !== step) {
			return;
		}
		const img = $('#job-sample');
		img.alt = `Sample grid of job ${current.id} at step ${step}, from the run's fixed noise`;
		img.src = image.src;
		img.hidden = false;
		img.dataset.step = String(step);
		$('#job-sample-none').hidden = true;
		$('#job-sample-step').textContent = `(step ${step})`;
	};
	if (image.complete && image.naturalWidth > 0) {
		show();
	}
	else {
		image.addEventListener('load', show, { once: true });
	}
	for (const neighbour of [index - 1, index + 1]) {
		if (neighbour >= 0 && neighbour < current.steps.length) {
			grid(current, current.steps[neighbour]);
		}
	}
}

function stopWatching() {
	if (watched && watched.events) {
		watched.events.close();
	}
}

/** Shows a job and follows it live until it stops. */
export async function watch(id) {
	stopWatching();
	watched = { id, rows: [], evaluations: [], steps: [], grids: new Map(), events: null, drawPending: false, opened: false };
	const current = watched;
	const section = $('#job');
	section.hidden = false;
	$('#job-sample').hidden = true;
	$('#job-sample').removeAttribute('src');
	$('#job-sample').dataset.step = '';
	$('#job-sample-none').hidden = false;
	$('#job-sample-step').textContent = '';
	$('#job-step-control').hidden = true;
	$('#job-step-follow').checked = true;
	$('#job-outcome').hidden = true;
	status($('#job-action-status'), '');
	if (!charts) {
		charts = {
			losses: lineChart($('#chart-losses'), [{ field: 'lossD', label: 'D loss' }, { field: 'lossG', label: 'G loss' }]),
			d: lineChart($('#chart-d'), [{ field: 'dReal', label: 'D(x)' }, { field: 'dFakeBefore', label: 'D(G(z)) before D step' }, { field: 'dFakeAfter', label: 'D(G(z)) after D step' }], { range: [0, 1] }),
			fd: lineChart($('#chart-fd'), [{ field: 'fd', label: 'FD', points: true }, { field: 'kid', label: 'KID (right axis)', scale: 'kid', points: true }]),
		};
	}
	draw();
	try {
		const job = await getJson(`jobs/${encodeURIComponent(id)}`);
		if (watched !== current) {
			return;
		}
		showJob(job);
		section.scrollIntoView({ block: 'nearest' });
		// The stream opens before the history is read, so no step falls between the two.
		if (ACTIVE.has(job.status)) {
			follow(current);
		}
		const [rows, samples, evaluations] = await Promise.all([
			getJson(`jobs/${encodeURIComponent(id)}/losses`),
			getJson(`jobs/${encodeURIComponent(id)}/samples`),
			getJson(`jobs/${encodeURIComponent(id)}/evaluations`),
		]);
		if (watched !== current) {
			return;
		}
		merge(rows);
		mergeEvaluations(evaluations);
		showSteps([...new Set([...samples.map((s) => s.step), ...current.steps])].sort((a, b) => a - b));
	}
	catch (ex) {
		status($('#job-action-status'), ex.message, true);
	}
}

function follow(current) {
	const id = current.id;
	const events = new EventSource(`jobs/${encodeURIComponent(id)}/events`);
	current.events = events;
	events.addEventListener('open', () => {
		// After a reconnect, fetch what the broken stream missed.
		if (current.opened) {
			const last = current.rows.length ? current.rows[current.rows.length - 1].step : 0;
			getJson(`jobs/${encodeURIComponent(id)}/losses?after=${last}`).then(merge).catch(() => {});
			getJson(`jobs/${encodeURIComponent(id)}/evaluations`)
				.then((rows) => watched === current && mergeEvaluations(rows))
				.catch(() => {});
		}
		current.opened = true;
	});
	events.addEventListener('status', (event) => {
		const job = JSON.parse(event.data);
		showJob(job);
		if (!ACTIVE.has(job.status)) {
			// The server ends the stream now; without closing it EventSource would reconnect.
			events.close();
			refreshJobs();
			if (job.status === 'SUCCEEDED') {
				document.dispatchEvent(new CustomEvent('ganforge:models-changed'));
			}
		}
	});
	events.addEventListener('progress', (event) => {
		if (watched !== current) {
			return;
		}
		const data = JSON.parse(event.data);
		showProgress(data.progress);
		if (data.latest) {
			merge([data.latest]);
		}
	});
	events.addEventListener('warning', async () => {
		if (watched === current) {
			showJob(await getJson(`jobs/${encodeURIComponent(id)}`));
		}
	});
	events.addEventListener('evaluation', (event) => {
		if (watched === current) {
			mergeEvaluations([JSON.parse(event.data)]);
		}
	});
	events.addEventListener('samples', (event) => {
		if (watched === current) {
			addStep(JSON.parse(event.data).step);
		}
	});
	events.addEventListener('snapshot', (event) => {
		if (watched === current) {
			status($('#job-action-status'), `Snapshot at step ${JSON.parse(event.data).step}.`);
		}
	});
}

async function act(action) {
	const id = watched.id;
	const line = $('#job-action-status');
	try {
		const job = await getJson(`jobs/${encodeURIComponent(id)}/${action}`, { method: 'POST' });
		showJob(job);
		if (action === 'cancel') {
			status(line, job.status === 'CANCELLED' ? 'Cancelled.' : 'Cancelling: the worker finishes its step and writes a snapshot.');
		}
		else {
			// watch() clears the line: say it after.
			watch(id);
			status(line, 'Resumed from the last snapshot.');
		}
		refreshJobs();
	}
	catch (ex) {
		status(line, ex.message, true);
	}
}

export function initTraining() {
	const preset = $('#job-preset');
	preset.replaceChildren(...Object.entries(PRESETS).map(([name, p]) => h('option', { value: name }, p.label)));
	preset.addEventListener('change', () => applyPreset(preset.value));
	applyPreset(preset.value);
	$('#job-form').addEventListener('submit', (event) => {
		event.preventDefault();
		submit();
	});
	$('#jobs-refresh').addEventListener('click', refreshJobs);
	$('#job-cancel').addEventListener('click', () => act('cancel'));
	$('#job-resume').addEventListener('click', () => act('resume'));
	const slider = $('#job-step');
	slider.addEventListener('input', () => {
		$('#job-step-follow').checked = slider.value === slider.max;
		showStep(Number(slider.value));
	});
	$('#job-step-follow').addEventListener('change', () => {
		if ($('#job-step-follow').checked) {
			slider.value = slider.max;
			showStep(Number(slider.value));
		}
	});
	let poll = null;
	document.addEventListener('ganforge:section', (event) => {
		clearInterval(poll);
		if (event.detail === 'training') {
			refreshJobs();
			poll = setInterval(refreshJobs, 5000);
		}
	});
}
