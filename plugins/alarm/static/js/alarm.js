// The start alarm (R-EN-4..6) on every signed-in page, and the "I am in the
// call" announcement of the call page. No framework, no build step.
//
// Pages (xsl/alarm-bar.xsl, put into every signed-in page by xsl/layout.xsl:
// #alarm-bar, #alarm-sound): asks the bar's data-poll at once and every 5 s.
// While an event the user is enrolled in runs, the green bar shows its name
// and the sound rings until the user joins or the event ends; pressing the
// bar joins; with forced answer (the poll says so only to customers) the
// tablet joins by itself - unless the user left that event with the red
// handset in this tab, or it joined by itself less than 30 s ago: then it
// rings (R-EN-5: a customer who leaves is alarmed again while it runs).
// Staff (data-staff): the sound for 10 s once per event, only the button
// joins, and Sulje puts the bar away for that event. When the bar appears, the page gets a 'vv-alarm' event on
// document (detail.shown; recording.js stops the video player with it) and
// a full-screen element (a video) leaves full screen, so the bar is seen.
//
// Tabs (R-EN-6): the tabs of one browser talk over BroadcastChannel
// 'vvhome-alarm' (or localStorage events where there is none), whatever
// page each shows.
//   - A call page (an element with data-call; it has no bar) says "in-call"
//     every 2 s and "left-call" when it goes (or when call.js calls
//     vvAlarm.leftCall()); every other tab is silent and hides its bar while
//     some tab is in a call.
//   - Tabs with a bar send a heartbeat every second; of the live ones, the
//     leader - a visible tab before a hidden one, then the lowest random id -
//     is the only one that rings or joins by itself. The others show the bar
//     without sound.
(function () {
  'use strict';
  if (window.vvAlarm) return; // included twice: once is enough
  window.vvAlarm = {};

  var NAME = 'vvhome-alarm';
  var POLL_MS = 5000;
  var POLL_SLOW_MS = 60000; // while the poll answers 404
  var BEAT_MS = 1000;
  var PEER_TTL_MS = 3500; // a tab not heard from for this long is gone
  var CALL_TTL_MS = 5000; // "in-call" holds this long unless repeated
  var SETTLE_MS = 500;    // time for the other tabs to answer a new tab
  var TAKEOVER_MS = 1500; // after a tab leaves: time for its call page to say "in-call"

  var me = Math.random().toString(36).slice(2, 10) + Date.now().toString(36);

  // ---- messages between the tabs
  var channel = null;
  try { channel = new BroadcastChannel(NAME); } catch (e) { channel = null; }
  var handlers = {};

  function send(type, data) {
    var msg = { type: type, from: me, t: Date.now(), hidden: document.hidden };
    for (var k in data) msg[k] = data[k];
    if (channel) {
      try { channel.postMessage(msg); } catch (e) { /* channel closed */ }
    } else {
      // t and from make every message a change, so a storage event fires
      try { localStorage.setItem(NAME, JSON.stringify(msg)); } catch (e) { /* storage off */ }
    }
  }

  function receive(msg) {
    if (msg && msg.from !== me && handlers[msg.type]) handlers[msg.type](msg);
  }
  if (channel) {
    channel.onmessage = function (e) { receive(e.data); };
  } else {
    window.addEventListener('storage', function (e) {
      if (e.key !== NAME || !e.newValue) return;
      try { receive(JSON.parse(e.newValue)); } catch (x) { /* not ours */ }
    });
  }

  // ---- the call page: tell the other tabs to be quiet while it is open
  var call = document.querySelector('[data-call]');
  if (call) {
    var event = call.getAttribute('data-call');
    var announce = function () { send('in-call', { event: event }); };
    var left = function () {
      clearInterval(timer);
      send('left-call', { event: event });
    };
    announce();
    var timer = setInterval(announce, 2000);
    window.addEventListener('pageshow', function (e) {
      if (!e.persisted) return;
      announce();
      clearInterval(timer);
      timer = setInterval(announce, 2000);
    });
    window.addEventListener('pagehide', left);
    // call.js: the user left the call with the red handset (this page stays
    // a moment longer). Remembered for this tab, so that a forced answer
    // does not pull them straight back in: the calendar rings instead (R-EN-5).
    window.vvAlarm.leftCall = function () {
      try { sessionStorage.setItem('vv-left:' + event, '1'); } catch (e) { /* storage off */ }
      left();
    };
    return;
  }

  // ---- every other page with the bar
  var bar = document.getElementById('alarm-bar');
  if (!bar) return;
  var url = bar.getAttribute('data-poll');
  var audio = document.getElementById('alarm-sound');
  var nameEl = document.getElementById('alarm-name');
  var joinBtn = document.getElementById('alarm-join');
  var hint = document.getElementById('alarm-hint');
  var joinLabel = joinBtn ? joinBtn.textContent : '';
  var closeBtn = document.getElementById('alarm-close');
  // Staff are alarmed as customers are, but at work: the sound rings for
  // STAFF_RING_MS once per event, only the button joins (a click near the
  // top of a form must not throw the form away), and Sulje puts the bar
  // away for that event.
  var staff = bar.getAttribute('data-staff') === '1';
  var STAFF_RING_MS = 10000;

  var current = null;   // the running event, as the poll gave it
  var skew = 0;         // server clock minus ours, ms
  var peers = {};       // the other tabs with a bar: id -> {seen, hidden}
  var inCallUntil = 0;  // some tab is in a call until then
  var quietUntil = Date.now() + SETTLE_MS;
  var joining = false;
  var unlockArmed = false;

  function leader() {
    var now = Date.now();
    var best = me;
    var bestHidden = document.hidden;
    for (var id in peers) {
      var p = peers[id];
      if (now - p.seen > PEER_TTL_MS) { delete peers[id]; continue; }
      if (p.hidden !== bestHidden ? !p.hidden : id < best) { best = id; bestHidden = p.hidden; }
    }
    return best === me;
  }

  function stop() {
    if (audio && !audio.paused) audio.pause();
    if (audio) { try { audio.currentTime = 0; } catch (e) { /* not loaded yet */ } }
    if (hint) hint.hidden = true;
  }

  // Autoplay refused: the bar shows anyway, and says that a touch anywhere
  // brings the sound (a touch on the bar itself joins).
  function armUnlock() {
    if (hint) hint.hidden = false;
    if (unlockArmed) return;
    unlockArmed = true;
    var retry = function () {
      unlockArmed = false;
      document.removeEventListener('pointerdown', retry, true);
      document.removeEventListener('keydown', retry, true);
      update();
    };
    document.addEventListener('pointerdown', retry, true);
    document.addEventListener('keydown', retry, true);
  }

  function ring() {
    if (!audio || !audio.paused) return;
    var p;
    try { p = audio.play(); } catch (e) { armUnlock(); return; }
    if (p && p.then) {
      p.then(function () {
        if (hint) hint.hidden = true;
        // things may have changed while play() was pending
        if (!shouldRing()) stop();
      }, function () { if (shouldRing()) armUnlock(); });
    }
  }

  // The page's own reaction to the bar (recording.js: the video stops).
  function tell(shown) {
    var e;
    try { e = new CustomEvent('vv-alarm', { detail: { shown: shown } }); } catch (x) { return; }
    document.dispatchEvent(e);
  }

  var recEl = document.getElementById('alarm-recorded');
  function show(ev) {
    if (nameEl.textContent !== ev.name) nameEl.textContent = ev.name;
    if (recEl) recEl.hidden = !ev.record; // issue #11: said before the tablet joins
    if (!bar.hidden) return;
    bar.hidden = false;
    // A video in full screen would cover the bar.
    if (document.fullscreenElement && document.exitFullscreen) {
      try { document.exitFullscreen().catch(function () { /* not ours to leave */ }); } catch (e) { /* old API */ }
    }
    tell(true);
  }

  function hide() {
    stop();
    if (bar.hidden) return;
    bar.hidden = true;
    tell(false);
  }

  function running() {
    if (current && Date.now() + skew >= current.ends * 1000) current = null;
    return current;
  }

  function inCall() {
    return Date.now() < inCallUntil;
  }

  function shouldRing() {
    return !!running() && !inCall() && !joining && Date.now() >= quietUntil && leader();
  }

  // This tab's memory of an event (sessionStorage: gone with the tab).
  function remember(what, ev, value) {
    try {
      if (value === null) sessionStorage.removeItem('vv-' + what + ':' + ev.uuid);
      else sessionStorage.setItem('vv-' + what + ':' + ev.uuid, String(value));
    } catch (e) { /* storage off: nothing remembered */ }
  }
  function recall(what, ev) {
    try { return sessionStorage.getItem('vv-' + what + ':' + ev.uuid); } catch (e) { return null; }
  }
  var AUTOJOIN_AGAIN_MS = 30000;

  // Forced answer joins by itself - but not after the user left this event
  // with the red handset, and not twice within half a minute (a call page
  // that answers with an error must not become a loop).
  function mayJoinByItself(ev) {
    if (recall('left', ev)) return false;
    var last = Number(recall('auto', ev) || 0);
    return !(last && Date.now() - last < AUTOJOIN_AGAIN_MS);
  }

  function join(ev, byItself) {
    if (joining) return;
    joining = true;
    if (byItself) remember('auto', ev, Date.now());
    else remember('left', ev, null); // pressed: they want in again
    stop();
    bar.classList.add('alarm-joining');
    if (joinBtn) joinBtn.textContent = bar.getAttribute('data-joining') || joinLabel;
    send('in-call', { event: ev.uuid }); // the others go quiet before the call page loads
    location.assign(ev.join);
  }

  // "Not today", chosen on the call page after leaving (issue #17): this
  // tablet stays silent for that event (localStorage: every tab, and after
  // a reload). The value is the event's end; ended ones are cleared.
  function skipped(ev) {
    try { return !!localStorage.getItem('vv-skip:' + ev.uuid); } catch (e) { return false; }
  }
  try {
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var k = localStorage.key(i);
      if (k && k.indexOf('vv-skip:') === 0 && Number(localStorage.getItem(k)) * 1000 < Date.now()) localStorage.removeItem(k);
    }
  } catch (e) { /* storage off */ }

  function update() {
    var ev = running();
    if (!ev || inCall() || skipped(ev) || (staff && recall('closed', ev))) { hide(); return; }
    show(ev);
    if (joining) return;
    if (Date.now() < quietUntil || !leader()) { stop(); return; }
    if (ev.forced && mayJoinByItself(ev)) { join(ev, true); return; }
    if (staff) {
      var first = Number(recall('rang', ev) || 0);
      if (!first) remember('rang', ev, first = Date.now());
      if (Date.now() - first > STAFF_RING_MS) { stop(); return; }
    }
    ring();
  }

  function poll() {
    fetch(url, { credentials: 'same-origin', cache: 'no-store', redirect: 'manual',
      headers: { Accept: 'application/json' } })
      .then(function (r) {
        // Signed out (the poll is sent to a sign-in page): a customer's
        // tablet whose sign-in the admin ended shows its "ask for a new
        // link" page at once instead of a calendar that no longer works.
        // Staff keep the page they are typing on.
        if (r.type === 'opaqueredirect') {
          if (!staff) location.reload();
          return null;
        }
        // No poll here (plugin alarm not loaded, perhaps only on this host
        // for a moment): ask again, but seldom, until it answers.
        setPollEvery(r.status === 404 ? POLL_SLOW_MS : POLL_MS);
        return r.ok ? r.json() : null;
      })
      .then(function (j) {
        if (!j) return;
        skew = j.now * 1000 - Date.now();
        current = j.event || null;
        update();
      })
      .catch(function () { /* offline or signed out: keep what we know until it ends */ });
  }

  function beat() { send('beat'); }

  handlers.hello = function (m) { peers[m.from] = { seen: Date.now(), hidden: !!m.hidden }; beat(); update(); };
  handlers.beat = function (m) { peers[m.from] = { seen: Date.now(), hidden: !!m.hidden }; update(); };
  handlers.bye = function (m) {
    delete peers[m.from];
    quietUntil = Math.max(quietUntil, Date.now() + TAKEOVER_MS);
    setTimeout(update, TAKEOVER_MS + 10);
  };
  handlers['in-call'] = function () { inCallUntil = Date.now() + CALL_TTL_MS; update(); };
  // A call page that goes away may be reloading: give it the time to say
  // "in-call" again before another tab rings.
  handlers['left-call'] = function () {
    inCallUntil = 0;
    quietUntil = Math.max(quietUntil, Date.now() + TAKEOVER_MS);
    setTimeout(update, TAKEOVER_MS + 10);
  };

  bar.addEventListener('click', function (e) {
    if (closeBtn && closeBtn.contains(e.target)) return;
    if (staff && !(joinBtn && joinBtn.contains(e.target))) return;
    var ev = running();
    if (ev) join(ev, false);
  });
  if (closeBtn) {
    closeBtn.addEventListener('click', function () {
      var ev = running();
      if (ev) remember('closed', ev, 1);
      hide();
    });
  }
  document.addEventListener('visibilitychange', function () {
    beat();
    if (!document.hidden) poll();
    update();
  });
  window.addEventListener('pagehide', function () { send('bye'); stop(); });
  // Back from the call page through the history: start afresh (R-EN-5).
  window.addEventListener('pageshow', function (e) {
    if (!e.persisted) return;
    joining = false;
    bar.classList.remove('alarm-joining');
    if (joinBtn) joinBtn.textContent = joinLabel;
    quietUntil = Date.now() + SETTLE_MS;
    send('hello');
    poll();
  });

  // ---- "tap to start the day" (issue #17): a customer's tablet learns at
  // load, not when the alarm should ring, whether the browser lets the page
  // play sound. A silent try (volume 0 is not muted: the autoplay rules
  // apply); refused, a full-screen button asks for the one touch that the
  // rules want, and that touch plays the silent sound once, which lets the
  // page play the alarm later. A kiosk browser (doc/operations.md: the
  // autoplay policy) never shows it.
  var startBtn = null;
  // While the "tap to start the day" screen covers the page, the page under
  // it is inert: Tab, a screen reader and a click cannot reach what cannot
  // be seen (the focus audit, tests/browser/focus.test.mjs).
  var madeInert = [];
  function setInert(on) {
    if (on) {
      Array.prototype.forEach.call(document.body.children, function (el) {
        if (el !== startBtn && !el.inert) { el.inert = true; madeInert.push(el); }
      });
    } else {
      madeInert.forEach(function (el) { el.inert = false; });
      madeInert = [];
    }
  }
  function unlocked() {
    if (startBtn) { startBtn.parentNode.removeChild(startBtn); startBtn = null; setInert(false); }
    if (hint) hint.hidden = true;
    window.vvAlarm.soundBlocked = false;
    update();
  }
  function showStart() {
    window.vvAlarm.soundBlocked = true;
    if (startBtn) return;
    startBtn = document.createElement('button');
    startBtn.type = 'button';
    startBtn.id = 'alarm-start';
    startBtn.className = 'alarm-start';
    var t = document.createElement('span');
    t.className = 'alarm-start-title';
    t.textContent = bar.getAttribute('data-start-title') || '';
    var b = document.createElement('span');
    b.className = 'alarm-start-press';
    b.textContent = bar.getAttribute('data-start-press') || '';
    startBtn.appendChild(t);
    startBtn.appendChild(b);
    startBtn.addEventListener('click', function () {
      var v = audio.volume;
      audio.volume = 0;
      var p;
      try { p = audio.play(); } catch (e) { p = null; }
      var done = function () {
        if (!shouldRing()) { audio.pause(); try { audio.currentTime = 0; } catch (e) { /* not loaded */ } }
        audio.volume = v;
        unlocked();
      };
      if (p && p.then) p.then(done, done); else done();
    });
    document.body.appendChild(startBtn);
    setInert(true);
    startBtn.focus();
  }
  function probeSound() {
    if (staff || !audio) return;
    var v = audio.volume;
    audio.volume = 0;
    var p;
    try { p = audio.play(); } catch (e) { audio.volume = v; return; }
    if (!p || !p.then) { audio.volume = v; return; }
    p.then(function () {
      if (!shouldRing()) { audio.pause(); try { audio.currentTime = 0; } catch (e) { /* not loaded */ } }
      audio.volume = v;
      window.vvAlarm.soundBlocked = false;
    }, function (e) {
      audio.volume = v;
      // refused by the rules; anything else (a pause() by the bar's logic
      // while the try was pending) means sound is allowed
      if (e && e.name === 'NotAllowedError') showStart();
      else window.vvAlarm.soundBlocked = false;
    });
  }
  probeSound();

  send('hello');
  setTimeout(update, SETTLE_MS + 10);
  setInterval(function () { beat(); update(); }, BEAT_MS);
  var pollTimer = null, pollEvery = 0;
  function setPollEvery(ms) {
    if (ms === pollEvery) return;
    pollEvery = ms;
    clearInterval(pollTimer);
    pollTimer = setInterval(poll, ms);
  }
  setPollEvery(POLL_MS);
  poll();
})();
