// Models: the registry with statuses, metrics, manifests and a sample grid; the default;
// delete; and several models side by side (compare.js).
import { getJson, request, query } from './api.js';
import { $, h, status, formatNumber, href, route } from './dom.js';
import { metricsList, internalsList, MEANINGS } from './metrics.js';
import { showCompareChoices } from './compare.js';

// The FD column's order: null as listed (by name), 'ascending' or 'descending'.
let fdOrder = null;
let listed = [];

const NAMES = { fd: 'FD', kid: 'KID', precision: 'Precision', recall: 'Recall', classifierScore: 'Classifier score', classEntropyBits: 'Class entropy', worstClass: 'Rarest class' };

function fdOf(model) {
	const fd = (model.metrics || {}).fd;
	return typeof fd === 'number' && Number.isFinite(fd) ? fd : null;
}

/** The models in the FD column's order; models without an FD last, by name. */
function sorted(models) {
	if (!fdOrder) {
		return models;
	}
	const sign = fdOrder === 'ascending' ? 1 : -1;
	return [...models].sort((a, b) => {
		const x = fdOf(a);
		const y = fdOf(b);
		if (x === null || y === null) {
			return (x === null) - (y === null) || a.name.localeCompare(b.name);
		}
		return sign * (x - y) || a.name.localeCompare(b.name);
	});
}

function showRows() {
	$('#models-rows').replaceChildren(...sorted(listed).map(row));
	const header = $('#models-fd-header');
	header.setAttribute('aria-sort', fdOrder || 'none');
	$('#models-sort-fd-arrow').textContent = fdOrder === 'ascending' ? '↑' : fdOrder === 'descending' ? '↓' : '↕';
	$('#models-sort-fd').title = fdOrder === 'ascending' ? 'Sorted by FD, best first: sort worst first'
		: 'Sort by Fréchet distance, best first';
}

function toggleFdOrder() {
	fdOrder = fdOrder === 'ascending' ? 'descending' : 'ascending';
	showRows();
}

export async function refreshModels() {
	const line = $('#models-status');
	try {
		const page = await getJson('models?size=100');
		listed = page.content;
		showRows();
		showCompareChoices(listed);
		if (page.content.length === 0) {
			status(line, 'No models yet: train one under Training, or put a checkpoint into the models directory.');
		}
		else if (line.classList.contains('error')) {
			status(line, '');
		}
	}
	catch (ex) {
		status(line, ex.message, true);
	}
}

function row(model) {
	const ready = model.status === 'READY';
	const name = model.name;
	const del = h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${name}` }, 'Delete');
	// Two steps instead of a modal confirm(): keyboard- and screen-reader-friendly.
	del.addEventListener('click', () => {
		if (del.dataset.armed) {
			remove(name);
		}
		else {
			del.dataset.armed = 'true';
			del.textContent = 'Really delete?';
			setTimeout(() => {
				delete del.dataset.armed;
				del.textContent = 'Delete';
			}, 5000);
		}
	});
	return h('tr', { dataset: { model: name } },
		h('th', { scope: 'row' }, name, model.isDefault ? h('span', { class: 'badge default' }, 'default') : null),
		h('td', {}, h('span', { class: `badge ${model.status.toLowerCase()}`, title: model.reason || '' }, model.status), model.reason ? h('div', { class: 'hint' }, model.reason) : null),
		h('td', { class: 'what' }, describe(model)),
		h('td', { class: 'num fd' }, fdOf(model) === null ? '–' : h('span', { title: MEANINGS.fd }, formatNumber(fdOf(model)))),
		h('td', { class: 'quality' }, metricsList(model.metrics)),
		h('td', { class: 'buttons' },
			h('button', { type: 'button', 'aria-label': `Details of ${name}`, onclick: () => details(name, ready) }, 'Details'),
			h('button', { type: 'button', class: 'make-default', 'aria-label': `Make ${name} the default`, disabled: !ready || model.isDefault, onclick: () => makeDefault(name) }, 'Make default'),
			del));
}

/** Architecture, size, steps and dataset in one line. */
function describe(model) {
	if (!model.architecture) {
		return '–';
	}
	const size = model.imageSize ? ` ${model.imageSize}×${model.imageSize}×${model.channels}` : '';
	const steps = model.step === null || model.step === undefined ? '' : `, ${model.step} steps`;
	return h('span', {}, `${model.architecture}${size}`, h('br'), h('span', { class: 'hint' }, `${model.dataset || '–'}${steps}, nz ${model.nz}`));
}

async function details(name, ready) {
	const section = $('#model');
	try {
		const model = await getJson(`models/${encodeURIComponent(name)}`);
		$('#model-name').textContent = name;
		$('#model-manifest').textContent = JSON.stringify(model.manifest, null, 2);
		const metrics = model.metrics || {};
		$('#model-metrics').replaceChildren(metricsList(metrics, { withFd: true }));
		const internals = internalsList(metrics);
		$('#model-internals-list').replaceChildren(...internals);
		$('#model-internals').hidden = internals.length === 0;
		$('#model-internals').open = false;
		$('#model-manifest-details').open = false;
		const link = $('#model-gallery-link');
		link.href = href('gallery', { model: name });
		link.hidden = !ready;
		const img = $('#model-samples');
		if (ready) {
			const scale = model.imageSize && model.imageSize <= 32 ? 4 : 2;
			img.src = 'generate?' + query({ model: name, seed: 0, count: 16, scale });
			img.alt = `Sample grid of ${name}: seeds 0 to 15`;
			img.hidden = false;
		}
		else {
			img.hidden = true;
		}
		section.hidden = false;
		section.scrollIntoView({ block: 'nearest' });
	}
	catch (ex) {
		status($('#models-status'), ex.message, true);
	}
}

async function makeDefault(name) {
	try {
		const answer = await getJson('models/default', { method: 'PUT', json: { name } });
		await refreshModels();
		status($('#models-status'), `The default model is now ${answer.name}.`);
		document.dispatchEvent(new CustomEvent('ganforge:models-changed'));
	}
	catch (ex) {
		status($('#models-status'), ex.message, true);
	}
}

async function remove(name) {
	try {
		await request(`models/${encodeURIComponent(name)}`, { method: 'DELETE' });
		if ($('#model-name').textContent === name) {
			$('#model').hidden = true;
		}
		await refreshModels();
		status($('#models-status'), `${name} was deleted (archived in the models directory).`);
		document.dispatchEvent(new CustomEvent('ganforge:models-changed'));
	}
	catch (ex) {
		status($('#models-status'), ex.message, true);
	}
}

export function initModels() {
	$('#models-refresh').addEventListener('click', refreshModels);
	$('#models-sort-fd').addEventListener('click', toggleFdOrder);
	$('#metrics-meanings-list').replaceChildren(...Object.entries(MEANINGS).flatMap(([key, text]) =>
		[h('dt', {}, NAMES[key]), h('dd', {}, text)]));
	document.addEventListener('ganforge:section', async (event) => {
		if (event.detail === 'models') {
			await refreshModels();
			// "#models?model=x" opens that model's details.
			const wanted = route().params.get('model');
			const model = listed.find((m) => m.name === wanted);
			if (model) {
				details(model.name, model.status === 'READY');
			}
		}
	});
	document.addEventListener('ganforge:models-changed', () => {
		if (!$('#models').hidden) {
			refreshModels();
		}
	});
}
