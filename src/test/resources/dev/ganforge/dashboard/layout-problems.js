// What is wrong with the layout of a dashboard tab (arguments[0]), for
// DashboardBrowserTests.layoutProblems: [controls checked, problems].
const problems = [];
let checked = 0;
const width = window.innerWidth;
const page = document.documentElement.scrollWidth;
if (page > width) {
	// Name the outermost elements that stick out, where the fix belongs.
	const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width + 0.5
		&& e.checkVisibility() && !(e.parentElement && e.parentElement.getBoundingClientRect().right > width + 0.5));
	problems.push(`the page is ${page} px wide in a ${width} px window: ${wide.slice(0, 4).map((e) => e.outerHTML.slice(0, 70)).join(' | ')}`);
}
const controls = document.querySelectorAll(`header :is(a[href], summary), #${arguments[0]} :is(a[href], button, input, select, textarea, summary)`);
for (const control of controls) {
	// Not on show: display none, hidden, or in a closed <details>.
	if (!control.checkVisibility({ visibilityProperty: true }) || control.closest('.visually-hidden')) {
		continue;
	}
	checked++;
	control.scrollIntoView({ block: 'center', inline: 'nearest' });
	const box = control.getBoundingClientRect();
	const name = control.id || control.getAttribute('aria-label') || control.textContent.trim().slice(0, 30) || control.outerHTML.slice(0, 60);
	if (box.left < -0.5 || box.right > width + 0.5) {
		problems.push(`${name} spans ${Math.round(box.left)} to ${Math.round(box.right)} px`);
		continue;
	}
	const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
	if (!hit || !(hit === control || control.contains(hit) || (hit.control && hit.control === control))) {
		problems.push(`${name}: a click at its centre lands on ${hit ? hit.outerHTML.slice(0, 80) : 'nothing'}`);
	}
}
for (const canvas of document.querySelectorAll(`#${arguments[0]} .chart canvas`)) {
	const card = canvas.closest('.card');
	if (canvas.getClientRects().length > 0 && canvas.getBoundingClientRect().right > card.getBoundingClientRect().right + 0.5) {
		problems.push(`a chart of ${canvas.closest('.chart').id} overflows its card`);
	}
}
window.scrollTo(0, 0);
return [checked, problems];
