// The create form's time select (R-EV-6): the server offers the valid
// 15-minute slots of the chosen day. When the day changes, the select is
// filled with every quarter hour of the new day, or only the future ones
// for today; the server re-checks whatever is sent.
(function () {
	'use strict';
	var date = document.getElementById('date');
	var time = document.getElementById('time');
	if (!date || !time) return;
	var pad = function (n) { return (n < 10 ? '0' : '') + n; };
	date.addEventListener('change', function () {
		var now = new Date();
		var today = now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate());
		if (!/^\d{4}-\d{2}-\d{2}$/.test(date.value) || date.value < today) return;
		var keep = time.value;
		var first = 0;
		if (date.value === today) first = Math.floor((now.getHours() * 60 + now.getMinutes()) / 15) + 1;
		while (time.options.length) time.remove(0);
		for (var i = first; i < 96; i++) {
			var v = pad(Math.floor(i / 4)) + ':' + pad((i % 4) * 15);
			var o = new Option(v.replace(':', '.'), v);
			if (v === keep) o.selected = true;
			time.add(o);
		}
	});
})();
