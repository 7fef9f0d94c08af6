// The service's HTTP API as the dashboard uses it: relative URLs (so the page works under a
// context path), the API key on every request that changes something, problem details as errors.

const KEY = 'ganforge.apiKey';
const HEADER = 'ganforge.apiKeyHeader';
const DEFAULT_HEADER = 'X-API-Key';

/** The API key of this browser session, kept in sessionStorage only (never localStorage). */
export const apiKey = {
	get value() {
		return sessionStorage.getItem(KEY) || '';
	},
	get header() {
		return sessionStorage.getItem(HEADER) || DEFAULT_HEADER;
	},
	save(value, header) {
		if (value) {
			sessionStorage.setItem(KEY, value);
		}
		else {
			sessionStorage.removeItem(KEY);
		}
		sessionStorage.setItem(HEADER, (header || '').trim() || DEFAULT_HEADER);
	},
	forget() {
		sessionStorage.removeItem(KEY);
		sessionStorage.removeItem(HEADER);
	},
};

/** A request the server refused: the status and, when it sent one, its RFC 9457 problem detail. */
export class ApiError extends Error {
	constructor(status, problem, fallback) {
		super(ApiError.describe(status, problem, fallback));
		this.status = status;
		this.problem = problem;
	}

	static describe(status, problem, fallback) {
		if (status === 401 || status === 403) {
			const what = apiKey.value
				? 'The API key was not accepted'
				: 'This server needs an API key for changes';
			return `${what} (${status}). Enter it under “API key” at the top of the page.`;
		}
		if (problem && (problem.detail || problem.title)) {
			const fields = (problem.errors || [])
				.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message))
				.filter(Boolean);
			const detail = problem.detail || problem.title;
			return fields.length && !fields.every((f) => detail.includes(f)) ? `${detail} (${fields.join('; ')})` : detail;
		}
		return fallback || `The server answered ${status}.`;
	}
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Sends a request and returns the response, or throws an ApiError for any status outside 2xx.
 * @param {string} path relative to the page, e.g. 'jobs'
 * @param {{method?: string, json?: any, accept?: string}} options
 */
export async function request(path, { method = 'GET', json, accept } = {}) {
	const headers = {};
	if (json !== undefined) {
		headers['Content-Type'] = 'application/json';
	}
	if (accept) {
		headers.Accept = accept;
	}
	if (MUTATING.has(method) && apiKey.value) {
		headers[apiKey.header] = apiKey.value;
	}
	let response;
	try {
		response = await fetch(path, {
			method,
			headers,
			body: json !== undefined ? JSON.stringify(json) : undefined,
		});
	}
	catch (ex) {
		throw new ApiError(0, null, `Cannot reach the server: ${ex.message}`);
	}
	if (!response.ok) {
		let problem = null;
		const type = response.headers.get('Content-Type') || '';
		if (type.includes('json')) {
			problem = await response.json().catch(() => null);
		}
		const error = new ApiError(response.status, problem);
		if (error.status === 401 || error.status === 403) {
			window.dispatchEvent(new CustomEvent('ganforge:unauthorized', { detail: error }));
		}
		throw error;
	}
	return response;
}

/** A request whose answer is JSON. */
export async function getJson(path, options) {
	const response = await request(path, { ...options, accept: 'application/json' });
	return response.status === 204 ? null : response.json();
}

/** A request whose answer is an image: an object URL for an img element (revoke it when replaced). */
export async function getImageUrl(path, options) {
	const response = await request(path, options);
	return URL.createObjectURL(await response.blob());
}

/** Query string of the defined values. */
export function query(params) {
	const search = new URLSearchParams();
	for (const [name, value] of Object.entries(params)) {
		if (value !== undefined && value !== null && value !== '') {
			search.set(name, value);
		}
	}
	return search.toString();
}
