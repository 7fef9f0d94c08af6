// Gallery: a grid of images from consecutive seeds, one image's seed, interpolation between
// two seeds as an animated GIF, and latent arithmetic.
import { getJson, getImageUrl, query } from './api.js';
import { $, h, status, setImageUrl, route } from './dom.js';

const MAX_SEED = 2 ** 32;

let selectedSeed = null;

/** The READY models by name, as the last picker refresh saw them. */
let readyModels = new Map();

/** The value of the class picker that asks for one row per class. */
const EVERY_CLASS = '*';

// Only the latest generate request may fill the grid.
let generation = 0;

/** The model named in the gallery's picker, or undefined for the service's default. */
function model() {
	return $('#gen-model').value || undefined;
}

function intValue(selector) {
	return Number.parseInt($(selector).value, 10);
}

/** Fills the model picker with the READY models; keeps the choice when it still exists. */
export async function loadModelChoices() {
	const select = $('#gen-model');
	const chosen = select.value;
	const page = await getJson('models?size=100');
	const ready = page.content.filter((m) => m.status === 'READY');
	const fallback = ready.find((m) => m.isDefault);
	select.replaceChildren(
		h('option', { value: '' }, fallback ? `Default (${fallback.name})` : 'Default'),
		...ready.map((m) => h('option', { value: m.name }, `${m.name} — ${m.architecture} ${m.imageSize}×${m.imageSize}, step ${m.step}`)),
	);
	if (ready.some((m) => m.name === chosen)) {
		select.value = chosen;
	}
	readyModels = new Map(ready.map((m) => [m.name, m]));
	if (fallback) {
		readyModels.set('', fallback);
	}
	loadClassChoices();
	return ready;
}

/** Shows the class picker for a conditional model, with its classes; hides it otherwise. */
function loadClassChoices() {
	const chosen = readyModels.get($('#gen-model').value);
	const classes = (chosen && chosen.classes) ? chosen.classes : [];
	const select = $('#gen-class');
	const previous = select.value;
	select.replaceChildren(
		h('option', { value: '' }, 'Each seed\'s own class'),
		h('option', { value: EVERY_CLASS }, 'Every class: a class × seed grid'),
		...classes.map((name) => h('option', { value: name }, name)),
	);
	if ([...select.options].some((option) => option.value === previous)) {
		select.value = previous;
	}
	$('#gen-class-field').hidden = classes.length === 0;
}

/** The classes a conditional model offers, or none. */
function modelClasses() {
	const chosen = readyModels.get($('#gen-model').value);
	return (chosen && chosen.classes) ? chosen.classes : [];
}

async function generate() {
	const grid = $('#gen-grid');
	const statusLine = $('#gen-status');
	const seed = intValue('#gen-seed');
	const count = intValue('#gen-count');
	const scale = intValue('#gen-scale');
	const truncation = Number.parseFloat($('#gen-truncation').value);
	const columns = Math.ceil(Math.sqrt(count));
	const ticket = ++generation;
	status(statusLine, 'Generating…');
	grid.setAttribute('aria-busy', 'true');
	const classes = modelClasses();
	const asked = classes.length > 0 ? $('#gen-class').value : '';
	try {
		// Every class: one request per class at the same seeds, one row each.
		const rows = asked === EVERY_CLASS ? classes : [asked];
		const answers = [];
		for (const row of rows) {
			answers.push(await getJson('generate', {
				method: 'POST',
				json: { model: model(), seed, count, truncation, scale, format: 'json', class: row || undefined },
			}));
		}
		if (ticket !== generation) {
			return;
		}
		const answer = answers[0];
		grid.style.setProperty('--columns', asked === EVERY_CLASS ? count : columns);
		grid.replaceChildren(...answers.flatMap((reply) => reply.images.map((image) => tile(reply.model, image))));
		const which = asked === EVERY_CLASS ? `, one row per class (${classes.join(', ')})` : (asked ? `, all ${asked}` : '');
		status(statusLine, `${answer.images.length * answers.length} images from ${answer.model} (step ${answer.version}), seeds ${seed} to ${seed + count - 1}${which}. Select an image for its seed.`);
		const link = $('#gen-grid-link');
		link.href = 'generate?' + query({ model: model(), seed, count, truncation, columns, scale, class: (asked && asked !== EVERY_CLASS) ? asked : undefined });
		link.hidden = asked === EVERY_CLASS;
	}
	catch (ex) {
		if (ticket === generation) {
			status(statusLine, ex.message, true);
		}
	}
	finally {
		if (ticket === generation) {
			grid.removeAttribute('aria-busy');
		}
	}
}

function tile(modelName, image) {
	const alt = image.class ? `Image of seed ${image.seed}, class ${image.class}, from ${modelName}`
		: `Image of seed ${image.seed} from ${modelName}`;
	return h('button', { type: 'button', class: 'tile', dataset: { seed: String(image.seed) }, 'aria-pressed': 'false', onclick: (event) => select(event.currentTarget, image.seed) },
		h('img', { src: `data:image/png;base64,${image.png}`, alt, class: 'pixelated' }));
}

function select(button, seed) {
	for (const other of document.querySelectorAll('#gen-grid .tile')) {
		other.setAttribute('aria-pressed', String(other === button));
	}
	selectedSeed = seed;
	$('#selection-seed').textContent = String(seed);
	const img = $('#selection-image');
	img.src = button.querySelector('img').src;
	img.alt = button.querySelector('img').alt;
	$('#selection-copied').textContent = '';
	$('#selection').hidden = false;
}

async function copySeed() {
	const text = String(selectedSeed);
	try {
		await navigator.clipboard.writeText(text);
		status($('#selection-copied'), `Copied ${text}.`);
	}
	catch {
		// No clipboard permission (e.g. not a secure context): let the user copy by hand.
		status($('#selection-copied'), `Seed ${text}: select and copy it from the heading.`);
		getSelection().selectAllChildren($('#selection-seed'));
	}
}

async function interpolate() {
	const img = $('#interp-image');
	const statusLine = $('#interp-status');
	const from = intValue('#interp-from');
	const to = intValue('#interp-to');
	const steps = intValue('#interp-steps');
	const method = $('#interp-method').value;
	const path = {
		model: model(),
		from: { seed: from },
		to: { seed: to },
		steps,
		method,
		truncation: Number.parseFloat($('#gen-truncation').value),
		scale: intValue('#gen-scale'),
	};
	status(statusLine, 'Rendering…');
	$('#interp-downloads').hidden = true;
	try {
		// The same frames twice: as the animation on show, and as a strip to download.
		const [gif, strip] = await Promise.all([
			getImageUrl('interpolate', {
				method: 'POST',
				accept: 'image/gif',
				json: { ...path, format: 'gif', frameDelayMs: intValue('#interp-delay'), loop: 0, pingPong: $('#interp-pingpong').checked },
			}),
			getImageUrl('interpolate', { method: 'POST', accept: 'image/png', json: { ...path, format: 'png' } }),
		]);
		img.alt = `Animation from seed ${from} to seed ${to} in ${steps} frames (${method})`;
		setImageUrl(img, gif);
		const file = `interpolation-${from}-${to}-${steps}-${method}`;
		setDownload($('#interp-gif-link'), gif, `${file}.gif`);
		setDownload($('#interp-png-link'), strip, `${file}.png`);
		$('#interp-downloads').hidden = false;
		status(statusLine, `${steps} frames, ${method}.`);
	}
	catch (ex) {
		status(statusLine, ex.message, true);
	}
}

/** Points a download link at an object URL, freeing the one it had. */
function setDownload(link, url, filename) {
	const old = link.dataset.objectUrl;
	link.href = url;
	link.download = filename;
	link.dataset.objectUrl = url;
	if (old && old !== url) {
		URL.revokeObjectURL(old);
	}
}

function addTerm(seed, weight) {
	const rows = $('#arith-terms');
	const n = rows.children.length + 1;
	const row = h('tr', {},
		h('td', {}, h('input', { type: 'number', min: '0', step: '1', value: String(seed), required: true, class: 'term-seed', 'aria-label': `Seed of term ${n}` })),
		h('td', {}, h('input', { type: 'number', step: 'any', value: String(weight), required: true, class: 'term-weight', 'aria-label': `Weight of term ${n}` })),
		h('td', {}, h('button', { type: 'button', 'aria-label': `Remove term ${n}`, onclick: () => row.remove() }, '×')));
	rows.append(row);
}

async function arithmetic() {
	const img = document.querySelector('#arith-image') || h('img', { id: 'arith-image', class: 'pixelated', alt: '' });
	const statusLine = $('#arith-status');
	const terms = [...$('#arith-terms').children].map((row) => ({
		seed: Number.parseInt(row.querySelector('.term-seed').value, 10),
		weight: Number.parseFloat(row.querySelector('.term-weight').value),
	}));
	if (terms.length === 0) {
		status(statusLine, 'Add a term first.', true);
		return;
	}
	const showTerms = $('#arith-show').checked;
	const truncation = Number.parseFloat($('#gen-truncation').value);
	const scale = intValue('#gen-scale');
	status(statusLine, 'Computing…');
	try {
		// The sum from the arithmetic endpoint; each term's image is its seed's /generate
		// image (one latent per seed), so every tile can say which seed and weight made it.
		const [url, termImages] = await Promise.all([
			getImageUrl('latents/arithmetic', {
				method: 'POST',
				json: { model: model(), terms, showTerms: false, truncation, scale },
			}),
			showTerms ? Promise.all(terms.map((term) => getJson('generate', {
				method: 'POST',
				json: { model: model(), seed: term.seed, count: 1, truncation, scale, format: 'json' },
			}))) : [],
		]);
		const sum = formatSum(terms);
		const tiles = [];
		termImages.forEach((answer, i) => {
			const term = terms[i];
			if (i > 0) {
				tiles.push(h('span', { class: 'operator', 'aria-hidden': 'true' }, '+'));
			}
			tiles.push(h('figure', { class: 'term', dataset: { seed: String(term.seed), weight: String(term.weight) } },
				h('img', { src: `data:image/png;base64,${answer.images[0].png}`, alt: `Seed ${term.seed}` }),
				h('figcaption', {}, `seed ${term.seed}`, h('br'), `weight ${formatWeight(term.weight)}`)));
		});
		if (termImages.length > 0) {
			tiles.push(h('span', { class: 'operator', 'aria-hidden': 'true' }, '='));
		}
		tiles.push(h('figure', { class: 'result' }, img, h('figcaption', {}, sum)));
		$('#arith-tiles').replaceChildren(...tiles);
		img.alt = `The image of ${sum}`;
		setImageUrl(img, url);
		status(statusLine, sum);
	}
	catch (ex) {
		status(statusLine, ex.message, true);
	}
}

/** A weight with a true minus sign: "1", "−1", "0.5". */
function formatWeight(weight) {
	return weight < 0 ? `−${Math.abs(weight)}` : String(weight);
}

/** A weighted sum as people write it: "z(1) − z(2) + 0.5·z(3)". */
function formatSum(terms) {
	return terms.map((term, i) => {
		const sign = term.weight < 0 ? (i === 0 ? '−' : ' − ') : (i === 0 ? '' : ' + ');
		const magnitude = Math.abs(term.weight);
		return `${sign}${magnitude === 1 ? '' : magnitude + '·'}z(${term.seed})`;
	}).join('');
}

/** Chooses a model in the picker when it offers it; says whether it did. */
function pick(name) {
	const select = $('#gen-model');
	if (!name || ![...select.options].some((option) => option.value === name)) {
		return false;
	}
	select.value = name;
	loadClassChoices();
	return true;
}

export function initGallery() {
	const truncation = $('#gen-truncation');
	truncation.addEventListener('input', () => {
		$('#gen-truncation-value').textContent = Number.parseFloat(truncation.value).toFixed(2);
	});
	$('#gen-random').addEventListener('click', () => {
		$('#gen-seed').value = String(Math.floor(Math.random() * MAX_SEED));
	});
	$('#gen-model').addEventListener('change', loadClassChoices);
	$('#generate-form').addEventListener('submit', (event) => {
		event.preventDefault();
		generate();
	});
	$('#selection-copy').addEventListener('click', copySeed);
	$('#selection-from').addEventListener('click', () => {
		$('#interp-from').value = String(selectedSeed);
		$('#interp-from').focus();
	});
	$('#selection-to').addEventListener('click', () => {
		$('#interp-to').value = String(selectedSeed);
		$('#interp-to').focus();
	});
	$('#selection-term').addEventListener('click', () => addTerm(selectedSeed, 1));
	$('#interp-form').addEventListener('submit', (event) => {
		event.preventDefault();
		interpolate();
	});
	$('#arith-add').addEventListener('click', () => addTerm(0, 1));
	$('#arith-form').addEventListener('submit', (event) => {
		event.preventDefault();
		arithmetic();
	});
	// The DCGAN paper's example shape: a - b + c.
	addTerm(1, 1);
	addTerm(2, -1);
	addTerm(3, 1);
	document.addEventListener('ganforge:models-changed', () => loadModelChoices().catch(() => {}));
	// "#gallery?model=x" (a finished job's link, a model's details) opens the gallery on x.
	document.addEventListener('ganforge:section', async (event) => {
		const wanted = route().params.get('model');
		if (event.detail !== 'gallery' || !wanted) {
			return;
		}
		try {
			await choices;
			await loadModelChoices();
			if (!pick(wanted)) {
				status($('#gen-status'), `No READY model is called ${wanted}.`, true);
				return;
			}
			generate();
		}
		catch (ex) {
			status($('#gen-status'), ex.message, true);
		}
	});
	const choices = loadModelChoices()
		.then((ready) => {
			pick(route().section === 'gallery' ? route().params.get('model') : null);
			if (ready.length > 0) {
				generate();
			}
			else {
				status($('#gen-status'), 'No model is ready yet: train one under Training.');
			}
		})
		.catch((ex) => status($('#gen-status'), ex.message, true));
}
