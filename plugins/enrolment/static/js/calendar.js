// The VV Home calendar left open all day (issue #17): the clock, "now" and
// the day's list move on their own, in the organisation's time zone
// (#calendar data-tz), across midnight and the DST change, without a
// reload. No framework.
//
// Every second the device clock is read in that zone (Intl knows the
// rules): a new minute rewrites the clock and the date; an event
// whose start passes gets "Käynnissä nyt", one whose end passes leaves the
// list (the server lists only events that have not ended). A new day, or
// an event starting or ending, fetches the page again and puts its
// calendar in place of this one: the server decides what today and the
// week hold, as on a reload, but the page stays (the alarm bar, its sound).
// The clock and date are the server's words, in its format (core/time/
// datetime.c): fi and sv 8.05 and 7.12.2026, en 08:05 and 7 Dec 2026.
(function () {
  'use strict';
  var cal = document.getElementById('calendar');
  if (!cal || !window.Intl) return;
  var tz = cal.getAttribute('data-tz') || 'Europe/Helsinki';
  var lang = cal.getAttribute('data-lang') || 'fi';
  var live = cal.getAttribute('data-week') === '0';
  var EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var parts, weekday;
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric',
      month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    weekday = new Intl.DateTimeFormat(lang, { timeZone: tz, weekday: 'long' });
  } catch (e) { return; } // an unknown zone: the server's words stay

  function local(ms) {
    var o = {};
    parts.formatToParts(new Date(ms)).forEach(function (p) { o[p.type] = Number(p.value); });
    if (o.hour === 24) o.hour = 0;
    return o;
  }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function clockText(t) {
    return lang === 'en' ? pad(t.hour) + ':' + pad(t.minute) : t.hour + '.' + pad(t.minute);
  }
  function dateText(ms, t) {
    var d = lang === 'en' ? t.day + ' ' + EN_MONTHS[t.month - 1] + ' ' + t.year : t.day + '.' + t.month + '.' + t.year;
    return weekday.format(new Date(ms)) + ' ' + d;
  }
  function dayKey(t) { return t.year + '-' + pad(t.month) + '-' + pad(t.day); }

  var lastMinute = '', shownDay = cal.getAttribute('data-today') || '';
  var fetching = false, refreshedAt = '';
  var vc = window.vvCalendar = { refreshed: 0 };

  // The server's calendar for today, in place of ours (same address).
  function refresh() {
    if (fetching || !window.fetch || !window.DOMParser) return;
    fetching = true;
    fetch(location.href, { credentials: 'same-origin', cache: 'no-store', redirect: 'error' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        fetching = false;
        if (!html) return;
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById('calendar');
        var now = document.getElementById('calendar');
        if (!fresh || !now) return;
        now.innerHTML = fresh.innerHTML;
        now.setAttribute('data-today', fresh.getAttribute('data-today') || '');
        cal = now;
        vc.refreshed++;
        lastMinute = ''; // the clock and date again from the device
        tick();
      })
      .catch(function () { fetching = false; /* offline: try at the next change */ });
  }

  // "Käynnissä nyt" and the end, per event card (data-starts/-ends, UTC s).
  function events(ms) {
    var changed = false;
    var label = cal.getAttribute('data-running-label') || '';
    Array.prototype.forEach.call(cal.querySelectorAll('.cal-item-event[data-starts]'), function (li) {
      var s = Number(li.getAttribute('data-starts')) * 1000, e = Number(li.getAttribute('data-ends')) * 1000;
      var card = li.querySelector('.cal-card');
      var badge = li.querySelector('.cal-state-running');
      if (ms >= e) { li.parentNode.removeChild(li); changed = true; return; }
      if (ms >= s && !badge && card) {
        var b = document.createElement('span');
        b.className = 'cal-state cal-state-running';
        b.textContent = label;
        card.appendChild(b);
        changed = true;
      } else if (ms < s && badge) {
        badge.parentNode.removeChild(badge);
      }
    });
    return changed;
  }

  function tick() {
    var ms = Date.now();
    var t = local(ms);
    var minute = dayKey(t) + ' ' + t.hour + ':' + t.minute;
    if (minute !== lastMinute) {
      lastMinute = minute;
      var c = document.getElementById('cal-clock'), d = document.getElementById('cal-date');
      if (c) c.textContent = clockText(t);
      if (d) d.textContent = dateText(ms, t);
    }
    if (!live) return;
    // events start and end on any second: looked at every second (a few cards)
    var changed = events(ms);
    if (dayKey(t) !== shownDay) { shownDay = dayKey(t); changed = true; }
    // at most once a minute, whatever the server's answer holds
    if (changed && refreshedAt !== minute) { refreshedAt = minute; refresh(); }
  }
  tick();
  setInterval(tick, 1000);
})();
