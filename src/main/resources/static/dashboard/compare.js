// Compare models: the same seeds from two or more models side by side, each column headed by
// its model's metrics, to decide which model to make the default.
import { getJson } from './api.js';
import { $, h, status } from './dom.js';
import { metricsList } from './metrics.js';

let ready = [];

// Only the latest comparison may fill the grid.
let ticket = 0;

/** Offers the READY models; keeps the ones already ticked. */
export function showCompareChoices(models) {
	const box = $('#compare-models');
	const ticked = new Set([...box.querySelectorAll('input:checked')].map((input) => input.value));
	ready = models.filter((m) => m.status === 'READY');
	box.replaceChildren(h('legend', {}, 'Models (two or more)'), ...ready.map((m) =>
		h('label', { class: 'inline' },
			h('input', { type: 'checkbox', name: 'compare', value: m.name, checked: ticked.has(m.name) }),
			` ${m.name}`)));
	if (ready.length < 2) {
		box.append(h('p', { class: 'hint' }, 'Comparing needs two READY models.'));
	}
}

/** Says whether a row of the grid is one latent: it is when every model has the same nz. */
function latentNote(models) {
	const lengths = [...new Set(models.map((m) => m.nz))];
	if (lengths.length === 1) {
		return `Every model takes latents of length ${lengths[0]}: each row is one latent, the same z for every model.`;
	}
	return `Latent lengths differ (nz ${lengths.join(', ')}): a seed makes one latent per length, so a row shares its seed, `
		+ 'not its latent, across lengths.';
}

async function compare() {
	const line = $('#compare-status');
	const names = [...$('#compare-models').querySelectorAll('input:checked')].map((input) => input.value);
	const models = names.map((name) => ready.find((m) => m.name === name)).filter(Boolean);
	if (models.length < 2) {
		status(line, 'Tick two or more models to compare.', true);
		return;
	}
	const seed = Number.parseInt($('#compare-seed').value, 10);
	const count = Number.parseInt($('#compare-count').value, 10);
	const mine = ++ticket;
	status(line, 'Generating…');
	try {
		// One latent per seed (nn/Latents): each model's images depend only on the seeds.
		const answers = await Promise.all(models.map((m) => getJson('generate', {
			method: 'POST',
			json: { model: m.name, seed, count, format: 'json' },
		})));
		if (mine !== ticket) {
			return;
		}
		const grid = $('#compare-grid');
		grid.style.setProperty('--models', String(models.length));
		const cells = [h('div', { class: 'corner' })];
		models.forEach((m) => cells.push(h('div', { class: 'head', dataset: { model: m.name } },
			h('h4', {}, m.name),
			h('p', { class: 'hint' }, `${m.architecture} ${m.imageSize}×${m.imageSize}, ${m.step} steps, nz ${m.nz}`),
			metricsList(m.metrics, { withFd: true }))));
		for (let i = 0; i < count; i++) {
			cells.push(h('div', { class: 'seed', dataset: { seed: String(seed + i) } }, `seed ${seed + i}`));
			answers.forEach((answer, column) => {
				const image = answer.images[i];
				cells.push(h('div', { class: 'compare-cell', dataset: { model: models[column].name, seed: String(image.seed) } },
					h('img', { src: `data:image/png;base64,${image.png}`, alt: `Seed ${image.seed} from ${models[column].name}` })));
			});
		}
		grid.replaceChildren(...cells);
		$('#compare-scroll').hidden = false;
		status(line, `Seeds ${seed} to ${seed + count - 1} from ${names.join(', ')}. ${latentNote(models)}`);
	}
	catch (ex) {
		if (mine === ticket) {
			status(line, ex.message, true);
		}
	}
}

export function initCompare() {
	$('#compare-form').addEventListener('submit', (event) => {
		event.preventDefault();
		compare();
	});
}
