// The dashboard's entry point: sections, the API key, messages.
import { apiKey } from './api.js';
import { initGallery } from './gallery.js';
import { initTraining } from './training.js';
import { initModels } from './models.js';
import { initCompare } from './compare.js';
import { $, notify, route } from './dom.js';

const SECTIONS = ['gallery', 'training', 'models'];

function showSection() {
	const wanted = route().section;
	const current = SECTIONS.includes(wanted) ? wanted : 'gallery';
	for (const name of SECTIONS) {
		$(`#${name}`).hidden = name !== current;
	}
	for (const link of document.querySelectorAll('nav a[data-section]')) {
		if (link.dataset.section === current) {
			link.setAttribute('aria-current', 'page');
		}
		else {
			link.removeAttribute('aria-current');
		}
	}
	document.dispatchEvent(new CustomEvent('ganforge:section', { detail: current }));
}

function initApiKey() {
	const summary = $('#api-key-summary');
	const show = () => {
		summary.textContent = apiKey.value ? 'API key: set' : 'API key';
		$('#api-key-header').value = apiKey.header;
	};
	$('#api-key-form').addEventListener('submit', (event) => {
		event.preventDefault();
		apiKey.save($('#api-key').value.trim(), $('#api-key-header').value);
		$('#api-key').value = '';
		$('#api-key-panel').open = false;
		$('#notice').hidden = true;
		show();
	});
	$('#api-key-forget').addEventListener('click', () => {
		apiKey.forget();
		$('#api-key').value = '';
		show();
	});
	// A refused change: say why where it cannot be missed, and open the key form.
	window.addEventListener('ganforge:unauthorized', (event) => {
		notify(event.detail.message);
		$('#api-key-panel').open = true;
		$('#api-key').focus();
	});
	show();
}

$('#notice-close').addEventListener('click', () => {
	$('#notice').hidden = true;
});
initApiKey();
initGallery();
initTraining();
initModels();
initCompare();
window.addEventListener('hashchange', showSection);
showSection();
document.body.dataset.ready = 'true';
