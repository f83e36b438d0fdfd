// The create and edit forms' time select (R-EV-6). The server offers the
// valid 15-minute slots of the chosen day in the organisation's zone (not
// the browser's); after a date change the list is asked from it again
// (GET /ecare/events/slots), so a later day gets every slot, today only the
// future ones, a DST day its 23 or 25 hours. Without JavaScript the
// "show the day's times" button sends the form back for the same list;
// with it the button is not needed. The server re-checks whatever is sent.
(function () {
	'use strict';
	var date = document.getElementById('date');
	var time = document.getElementById('time');
	if (!date || !time || !window.fetch) return;
	var button = document.getElementById('slots-button');
	// display, not hidden: the button's class sets display itself.
	if (button) button.style.display = 'none';
	var lang = (location.pathname.match(/^\/(fi|sv|en)\//) || [null, 'fi'])[1];
	var asked = 0;
	date.addEventListener('change', function () {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(date.value)) return;
		var mine = ++asked;
		fetch('/' + lang + '/ecare/events/slots?date=' + encodeURIComponent(date.value),
			{ credentials: 'same-origin', headers: { Accept: 'application/json' } })
			.then(function (r) { return r.ok ? r.json() : null; })
			.then(function (j) {
				if (!j || mine !== asked) return; // a later change answers
				var keep = time.value;
				while (time.options.length) time.remove(0);
				j.slots.forEach(function (s) {
					var o = new Option(s.value.replace(':', '.'), s.value);
					if (s.value === keep) o.selected = true;
					time.add(o);
				});
			})
			.catch(function () { if (button) button.style.display = ''; });
	});
})();

// The create form's weekly series (issue 16): its rule's fields only while
// "Toistuminen" says the event repeats. Without JavaScript they are always
// shown, and the server reads them only for a repeating event.
(function () {
	'use strict';
	var repeat = document.getElementById('repeat');
	var rule = document.getElementById('repeat-rule');
	if (!repeat || !rule) return;
	function show() { rule.hidden = repeat.value !== 'weekly'; }
	repeat.addEventListener('change', show);
	show();
}());
