// Small DOM helpers shared by the sections.

/** The element matching a selector, failing loudly if the page lacks it. */
export function $(selector, root = document) {
	const element = root.querySelector(selector);
	if (!element) {
		throw new Error(`No element ${selector}`);
	}
	return element;
}

/** Creates an element with properties and children (strings become text, never HTML). */
export function h(tag, props = {}, ...children) {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(props)) {
		if (name.startsWith('on')) {
			element.addEventListener(name.slice(2), value);
		}
		else if (name === 'dataset') {
			Object.assign(element.dataset, value);
		}
		else if (name in element && typeof value !== 'string') {
			element[name] = value;
		}
		else {
			element.setAttribute(name, value);
		}
	}
	element.append(...children.flat().filter((c) => c !== null && c !== undefined));
	return element;
}

/** Sets a status line; with an error it is marked as one. */
export function status(element, text, isError = false) {
	element.textContent = text;
	element.classList.toggle('error', isError);
}

/** Replaces an img's object URL, freeing the old one. */
export function setImageUrl(img, url) {
	const old = img.dataset.objectUrl;
	img.src = url;
	img.dataset.objectUrl = url;
	img.hidden = false;
	if (old) {
		URL.revokeObjectURL(old);
	}
}

/** A duration in seconds as "1 h 02 min", "3 min 05 s" or "12 s". */
export function duration(seconds) {
	if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
		return '–';
	}
	const s = Math.max(0, Math.round(seconds));
	const hours = Math.floor(s / 3600);
	const minutes = Math.floor((s % 3600) / 60);
	const rest = s % 60;
	if (hours > 0) {
		return `${hours} h ${String(minutes).padStart(2, '0')} min`;
	}
	return minutes > 0 ? `${minutes} min ${String(rest).padStart(2, '0')} s` : `${rest} s`;
}

/** A timestamp in the user's locale. */
export function when(instant) {
	return instant ? new Date(instant).toLocaleString() : '–';
}

/** Shows a message at the top of the page (an ARIA alert) until dismissed. */
export function notify(message) {
	$('#notice-text').textContent = message;
	$('#notice').hidden = false;
}

/**
 * Where the address points: "#gallery?model=tiny" is the gallery with the model tiny. Links
 * between sections (a finished job to its model, a model to the gallery) are such addresses.
 */
export function route() {
	const hash = location.hash.slice(1);
	const at = hash.indexOf('?');
	return {
		section: at < 0 ? hash : hash.slice(0, at),
		params: new URLSearchParams(at < 0 ? '' : hash.slice(at + 1)),
	};
}

/** The address of a section, with parameters. */
export function href(section, params = {}) {
	const search = new URLSearchParams(params).toString();
	return `#${section}${search ? '?' + search : ''}`;
}

/**
 * A number as people read a measurement: at most four significant digits, no exponent,
 * trailing zeros dropped ("21.57", "0.4606", "12,350", "2.5e−13").
 */
export function formatNumber(value) {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		return '–';
	}
	// Below a thousandth the zeros would outnumber the digits: "2.542e−13".
	if (value !== 0 && Math.abs(value) < 1e-3) {
		return value.toExponential(3).replace(/\.?0+e/, 'e').replace('e-', 'e−');
	}
	return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumSignificantDigits: 4 });
}
