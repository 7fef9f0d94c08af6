// Models: the registry with statuses, metrics, manifests and a sample grid; the default; delete.
import { getJson, request, query } from './api.js';
import { $, h, status } from './dom.js';

function metrics(model) {
	const entries = Object.entries(model.metrics || {});
	if (entries.length === 0) {
		return '–';
	}
	return entries.map(([name, value]) => `${name} ${typeof value === 'number' ? value.toPrecision(4) : JSON.stringify(value)}`).join(', ');
}

export async function refreshModels() {
	const line = $('#models-status');
	try {
		const page = await getJson('models?size=100');
		$('#models-rows').replaceChildren(...page.content.map(row));
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
		h('td', {}, model.architecture || '–'),
		h('td', {}, model.imageSize ? `${model.imageSize}×${model.imageSize}×${model.channels}` : '–'),
		h('td', {}, model.step === null || model.step === undefined ? '–' : String(model.step)),
		h('td', {}, model.dataset || '–'),
		h('td', {}, metrics(model)),
		h('td', { class: 'buttons' },
			h('button', { type: 'button', 'aria-label': `Details of ${name}`, onclick: () => details(name, ready) }, 'Details'),
			h('button', { type: 'button', class: 'make-default', 'aria-label': `Make ${name} the default`, disabled: !ready || model.isDefault, onclick: () => makeDefault(name) }, 'Make default'),
			del));
}

async function details(name, ready) {
	const section = $('#model');
	try {
		const model = await getJson(`models/${encodeURIComponent(name)}`);
		$('#model-name').textContent = name;
		$('#model-manifest').textContent = JSON.stringify(model.manifest, null, 2);
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
	document.addEventListener('ganforge:section', (event) => {
		if (event.detail === 'models') {
			refreshModels();
		}
	});
	document.addEventListener('ganforge:models-changed', () => {
		if (!$('#models').hidden) {
			refreshModels();
		}
	});
}
