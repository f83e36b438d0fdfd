// The call page (issue #6, R-CA-1..6, R-EN-5, R-EV-3). No framework: janus.js
// and adapter.js from Debian. The page (xsl/call.xsl) carries no credential;
// the endpoints are the page's own address plus /join, /state, /present,
// /unmute, /extend, /end and /speak-request, so the token variant
// (/ecare/call/t/{token}) works the same way.
//
// While this page is open, alarm.js (also on this page, without a bar)
// tells the other tabs of this browser that it is in a call, so that they
// stay silent (R-EN-6); leave() says when the user has left.
//
// window.vvCall holds the state the browser tests read.
(function () {
  'use strict';
  var root = document.getElementById('call');
  if (!root) return;
  var $ = function (id) { return document.getElementById(id); };
  var D = root.dataset;
  var base = location.pathname.replace(/\/+$/, '');
  var texts = {};
  Array.prototype.forEach.call(document.querySelectorAll('#call-texts [data-k]'), function (li) {
    texts[li.getAttribute('data-k')] = li.textContent;
  });
  var msgEl = $('call-message');
  // A key the page has no text for (a newer server's) still says something.
  function say(key) { if (msgEl) msgEl.textContent = key ? texts[key] || texts['call.error'] || '' : ''; }

  var vc = window.vvCall = {
    joined: false, error: null, pid: null, remote: 0, firstFrame: null, t0: 0,
    muted: false, state: null, presses: { red: 0, green: 0 }, left: false, marks: {},
    watch: false, // joined to watch and listen only (a recorded event's notice declined)
  };
  function mark(k) { if (!(k in vc.marks)) vc.marks[k] = Math.round(performance.now() - vc.t0); }
  function fail(e) { vc.error = String((e && e.message) || e); say('call.error'); }

  // ---- R-EN-6: alarm.js (loaded before this script) tells the other tabs
  // that this one is in the call, so that they stay silent.
  function announceLeft() { if (window.vvAlarm && window.vvAlarm.leftCall) window.vvAlarm.leftCall(); }
  window.addEventListener('pagehide', function () { hangupSession(); });

  // ---- requests to the server
  function post(path, fields) {
    var body = new URLSearchParams(fields || {});
    body.set('csrf', D.csrf);
    return fetch(base + path, { method: 'POST', credentials: 'same-origin', body: body,
      headers: { Accept: 'application/json' } })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          j.status = r.status;
          if (!r.ok && !j.error) j.error = 'call.error'; // not our JSON: a proxy's page
          return j;
        });
      });
  }

  // ---- devices (R-CA-1)
  var echo = $('echo');
  var local = null; // the camera + microphone stream
  var userMic = true, userCam = true, speakerOn = true;

  function selected(cls) {
    var s = document.querySelector('.' + cls);
    return s && s.value ? s.value : null;
  }
  // The tablet's devices as a care worker chose them on /ecare/devices
  // (devices.js). Asked for exactly (Chromium's permission step takes its
  // first device for anything less), and when one is gone since, the call
  // opens with the defaults rather than failing the one press on Liity.
  var tablet = {};
  try { tablet = JSON.parse(localStorage.getItem('vv.devices')) || {}; } catch (e) { tablet = {}; }
  function constraints(noTablet) {
    var ec = !echo || echo.checked;
    var cam = selected('cam-select') || (!noTablet && tablet.cam) || null;
    var mic = selected('mic-select') || (!noTablet && tablet.mic) || null;
    return {
      video: cam ? { deviceId: { exact: cam } } : true,
      audio: { deviceId: mic ? { exact: mic } : undefined, echoCancellation: ec,
        noiseSuppression: ec, autoGainControl: ec },
    };
  }
  function getMedia() {
    return navigator.mediaDevices.getUserMedia(constraints(false)).catch(function (e) {
      var gone = e && (e.name === 'OverconstrainedError' || e.name === 'NotFoundError');
      if (!gone || !(tablet.cam || tablet.mic)) throw e;
      return navigator.mediaDevices.getUserMedia(constraints(true));
    });
  }
  function openMedia() {
    return getMedia().then(function (s) {
      if (local) local.getTracks().forEach(function (t) { t.stop(); });
      local = s;
      applyMic();
      s.getVideoTracks().forEach(function (t) { t.enabled = userCam; });
      var p = $('preview');
      if (p) p.srcObject = s;
      var self = $('self');
      if (self && !sharing) self.srcObject = s;
      return s;
    });
  }
  function listDevices(kind, cls) {
    var fill = function () {
      return navigator.mediaDevices.enumerateDevices().then(function (all) {
        Array.prototype.forEach.call(document.querySelectorAll('.' + cls), function (sel) {
          var keep = sel.value;
          while (sel.options.length > 1) sel.remove(1);
          all.filter(function (d) { return d.kind === kind; }).forEach(function (d, i) {
            var o = document.createElement('option');
            o.value = d.deviceId;
            o.textContent = d.label || (kind + ' ' + (i + 1));
            sel.appendChild(o);
          });
          sel.value = keep;
        });
      });
    };
    return (local ? Promise.resolve() : openMedia()).then(fill).catch(fail);
  }
  function onDeviceChange() {
    openMedia().then(function (s) {
      if (!pub || !pub.webrtcStuff || !pub.webrtcStuff.pc) return;
      pub.webrtcStuff.pc.getSenders().forEach(function (snd) {
        if (!snd.track) return;
        var nt = snd.track.kind === 'audio' ? s.getAudioTracks()[0] : sharing ? null : s.getVideoTracks()[0];
        if (nt) snd.replaceTrack(nt);
      });
    }).catch(fail);
  }
  Array.prototype.forEach.call(document.querySelectorAll('.find-cams'), function (b) {
    b.addEventListener('click', function () { listDevices('videoinput', 'cam-select'); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('.find-mics'), function (b) {
    b.addEventListener('click', function () { listDevices('audioinput', 'mic-select'); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('.cam-select, .mic-select'), function (s) {
    s.addEventListener('change', function () {
      // both pickers (pre-join and in-call) show the same choice
      var cls = s.classList.contains('cam-select') ? 'cam-select' : 'mic-select';
      Array.prototype.forEach.call(document.querySelectorAll('.' + cls), function (o) { o.value = s.value; });
      onDeviceChange();
    });
  });
  if (echo) echo.addEventListener('change', onDeviceChange);

  // ---- the call
  var janus = null, pub = null, creds = null, subs = {};
  var sharing = null; // the screen track while sharing

  function applyMic() {
    if (!local) return;
    local.getAudioTracks().forEach(function (t) { t.enabled = userMic && !vc.muted; });
  }
  // Presentation mode as the server says (…/join and every …/state): it
  // outlasts a reload; the server mutes us in the room whatever we do here.
  function setMuted(m) {
    var was = vc.muted;
    vc.muted = !!m;
    if (was !== vc.muted) applyMic();
    var banner = $('muted-banner');
    if (banner) banner.hidden = !vc.muted;
  }

  function tile(feed) {
    var t = subs[feed];
    if (t && t.el) return t.el;
    var el = document.createElement('div');
    el.className = 'tile';
    var v = document.createElement('video');
    v.autoplay = true; v.playsInline = true; v.muted = true;
    var a = document.createElement('audio');
    a.autoplay = true; a.muted = !speakerOn;
    if (tablet.speaker && a.setSinkId) a.setSinkId(tablet.speaker).catch(function () { /* gone: the default */ });
    var n = document.createElement('p');
    n.className = 'tile-name';
    n.textContent = (t && t.display) || '';
    el.appendChild(v); el.appendChild(a); el.appendChild(n);
    $('stage').appendChild(el);
    t.el = el;
    layoutChanged();
    return el;
  }

  function layoutChanged() {
    vc.remote = Object.keys(subs).filter(function (k) { return subs[k].el; }).length;
    var inc = $('incall');
    inc.classList.toggle('alone', vc.remote === 0);
    $('waiting').hidden = vc.remote > 0;
  }

  function unsubscribe(feed) {
    var t = subs[feed];
    if (!t) return;
    if (t.el) t.el.remove();
    if (t.handle) { try { t.handle.detach(); } catch (e) { /* gone */ } }
    delete subs[feed];
    layoutChanged();
  }

  function subscribe(p) {
    if (subs[p.id] || p.id === vc.pid) return;
    subs[p.id] = { display: p.display || '' };
    janus.attach({
      plugin: 'janus.plugin.videoroom', error: fail,
      success: function (h) {
        if (!subs[p.id]) { h.detach(); return; }
        subs[p.id].handle = h;
        h.send({ message: { request: 'join', ptype: 'subscriber', room: creds.room_id,
          streams: [{ feed: p.id }], token: creds.token } });
      },
      onmessage: function (msg, jsep) {
        var h = subs[p.id] && subs[p.id].handle;
        if (!h) return;
        if (jsep) {
          mark('offer');
          h.createAnswer({ jsep: jsep, tracks: [{ type: 'data' }], error: fail,
            success: function (ans) { h.send({ message: { request: 'start', room: creds.room_id }, jsep: ans }); } });
        }
      },
      onremotetrack: function (track, mid, on) {
        if (!on || !subs[p.id]) return;
        var el = tile(p.id);
        if (track.kind === 'video') {
          var v = el.querySelector('video');
          v.srcObject = new MediaStream([track]);
          v.play().catch(function () {});
          if (v.requestVideoFrameCallback) {
            v.requestVideoFrameCallback(function () {
              mark('frame');
              if (vc.firstFrame === null) vc.firstFrame = Math.round(performance.now() - vc.t0);
            });
          }
        } else if (track.kind === 'audio') {
          var a = el.querySelector('audio');
          a.srcObject = new MediaStream([track]);
          a.play().catch(function () {});
        }
      },
    });
  }

  function onPublishers(list) {
    (list || []).forEach(subscribe);
  }

  function publish() {
    var a = local.getAudioTracks()[0], v = local.getVideoTracks()[0];
    pub.createOffer({
      tracks: [{ type: 'audio', capture: a, recv: false }, { type: 'video', capture: v, recv: false }],
      error: fail,
      success: function (jsep) {
        pub.send({ message: { request: 'configure', audio: true, video: true }, jsep: jsep });
      },
    });
  }

  function startJanus() {
    var up = false; // this session was made: an error after it means it died
    var me = janus = new Janus({
      server: creds.server, token: creds.core_token,
      // TURN for networks that block UDP or direct paths (care homes, hospitals)
      iceServers: creds.ice_servers || [],
      error: function (e) {
        if (vc.left || me !== janus) return;
        if (up) lost(); else fail(e);
      },
      success: function () {
        up = true;
        mark('session');
        janus.attach({
          plugin: 'janus.plugin.videoroom', error: fail,
          success: function (h) {
            pub = h;
            h.send({ message: { request: 'join', ptype: 'publisher', room: creds.room_id,
              id: creds.participant_id, display: creds.display, token: creds.token } });
          },
          onmessage: function (msg, jsep) {
            if (msg.error_code) { fail(msg.error); return; }
            if (msg.videoroom === 'joined') {
              mark('joined');
              vc.joined = true;
              say('');
              if (!vc.watch) publish(); // a watcher sends nothing (the gate refuses it too)
            }
            if (msg.videoroom === 'destroyed') { finished('call.ended'); return; }
            onPublishers(msg.publishers);
            if (msg.unpublished) unsubscribe(msg.unpublished);
            if (msg.leaving) unsubscribe(msg.leaving);
            if (jsep) pub.handleRemoteJsep({ jsep: jsep });
          },
        });
      },
    });
  }

  // Watching and listening only: no devices, no sending, the controls
  // that would send put away.
  function watchOnly() {
    vc.watch = true;
    if (local) { local.getTracks().forEach(function (t) { t.stop(); }); local = null; }
    ['btn-mic', 'btn-camera', 'btn-share'].forEach(function (id) { var b = $(id); if (b) b.hidden = true; });
    var self = $('self');
    if (self) self.hidden = true;
    var w = $('watching');
    if (w) w.hidden = false;
  }

  // The lobby (issue 16): before any staff member has come a customer
  // waits with their own picture; …/join is asked again until one has.
  var LOBBY_POLL_MS = 3000;
  function lobby(on) {
    var l = $('lobby');
    vc.lobby = on;
    if (!l) return;
    l.hidden = !on;
    $('incall').hidden = on;
    var v = $('lobby-self');
    if (v) v.srcObject = on ? local : null;
  }

  // The Janus server of the call died or restarted, and this session with
  // it. Drop what was left of it here and ask …/join again: the server
  // places the room on a Janus that answers and the new ticket leads there
  // (plugins/video_janus/servers.c); the call's state (presentation mode,
  // end time, who may speak) is the server's and stays. Tried again every
  // second until it works or the call is over.
  var rejoining = false;
  function lost() {
    if (vc.left || rejoining) return;
    rejoining = true;
    vc.joined = false;
    vc.lost = (vc.lost || 0) + 1;
    mark('lost');
    say('call.connecting');
    var dead = janus;
    janus = null;
    pub = null;
    Object.keys(subs).forEach(function (k) { if (subs[k].el) subs[k].el.remove(); delete subs[k]; });
    layoutChanged();
    try { dead.destroy({ cleanupHandles: true, notifyDestroyed: false }); } catch (e) { /* gone with its server */ }
    // not all pages of the call at the same instant
    setTimeout(rejoin, 200 + Math.floor(Math.random() * 600));
  }
  function rejoin() {
    if (vc.left) return;
    // the old session's clean-up stopped the camera's tracks
    var live = local && local.getTracks().every(function (t) { return t.readyState === 'live'; });
    (live ? Promise.resolve(local) : openMedia()).then(function () {
      return post('/join');
    }).then(function (j) {
      if (vc.left) return;
      if (!j.ok) {
        if (j.error === 'call.ended') finished('call.ended'); else setTimeout(rejoin, 1000);
        return;
      }
      creds = j;
      vc.pid = j.participant_id;
      setMuted(j.muted);
      rejoining = false;
      startJanus();
    }).catch(function () { setTimeout(rejoin, 1000); });
  }

  var joining = false;
  function join() {
    if (joining || vc.joined) return;
    joining = true;
    vc.t0 = performance.now();
    if (!vc.lobby) say('call.connecting');
    root.classList.add('in-call'); // the call takes the whole screen (call.css)
    $('prejoin').hidden = true;
    if (!vc.lobby) $('incall').hidden = false;
    layoutChanged();
    // a watcher opens no camera and no microphone at all
    var media = vc.watch ? Promise.resolve(null) : local ? Promise.resolve(local) : openMedia();
    media.then(function () {
      if (local) $('self').srcObject = local;
      return post('/join');
    }).then(function (j) {
      if (j.status === 409 && j.error === 'call.lobby' && $('lobby')) {
        say('');
        lobby(true);
        joining = false;
        setTimeout(join, LOBBY_POLL_MS);
        return;
      }
      if (vc.lobby) { lobby(false); say('call.connecting'); }
      if (j.status === 409 && j.error === 'call.not-yet') {
        say('call.not-yet');
        joining = false;
        setTimeout(join, 5000);
        return;
      }
      if (!j.ok) {
        joining = false;
        if (j.error === 'call.ended' || j.error === 'call.removed') finished(j.error); else fail(j.error);
        return;
      }
      creds = j;
      // The server decides: credentials that cannot send (the notice not
      // accepted) make this a watcher, whatever the page thought.
      if (j.watch) watchOnly();
      vc.pid = j.participant_id;
      setMuted(j.muted); // before publishing: no word slips out
      mark('credentials');
      Janus.init({ debug: false, dependencies: Janus.useDefaultDependencies({ adapter: window.adapter }),
        callback: startJanus });
    }).catch(function (e) { joining = false; say('call.no-devices'); vc.error = String(e); });
  }

  function hangupSession(done) {
    if (local) local.getTracks().forEach(function (t) { t.stop(); });
    if (sharing) sharing.stop();
    if (!janus) { if (done) done(); return; }
    var j = janus;
    janus = null;
    var called = false;
    var fin = function () { if (!called) { called = true; if (done) done(); } };
    setTimeout(fin, 1500);
    try { j.destroy({ success: fin, error: fin }); } catch (e) { fin(); }
  }

  function leave(key) {
    if (vc.left) return;
    vc.left = true;
    if ($('left-choice')) { leftChoice(); return; }
    announceLeft();
    hangupSession(function () {
      if (D.back) location.assign(D.back);
      else { $('incall').hidden = true; $('prejoin').hidden = true; say(key || 'call.left'); }
    });
  }

  // A customer who leaves chooses at once, on a whole screen: back in, or
  // not today - which keeps the alarm silent for this event on this tablet
  // (alarm.js reads vv-skip:<event>; the value is the end, for clearing).
  // Until they choose, the other tabs stay quiet as during the call.
  function leftChoice() {
    hangupSession(function () {
      $('incall').hidden = true;
      say('');
      $('left-choice').hidden = false;
      $('rejoin').focus();
    });
  }
  on('rejoin', function () { location.reload(); });
  on('not-today', function () {
    try { localStorage.setItem('vv-skip:' + D.call, String(D.ends)); } catch (e) { /* storage off */ }
    announceLeft();
    if (D.back) location.assign(D.back);
    else { $('left-choice').hidden = true; say('call.left'); }
  });

  function finished(key) {
    if (vc.left) return;
    say(key);
    vc.ended = true;
    var inc = $('incall');
    if (inc) inc.hidden = true;
    var lc = $('left-choice');
    if (lc) lc.hidden = true;
    var pre = $('prejoin');
    if (pre) pre.hidden = true;
    var cs = $('consent');
    if (cs) cs.hidden = true;
    var lb = $('lobby');
    if (lb) lb.hidden = true;
    hangupSession();
    vc.left = true;
    if (D.back) setTimeout(function () { location.assign(D.back); }, 2500);
  }

  // ---- buttons (R-CA-3)
  function toggle(btn, on) { btn.setAttribute('aria-pressed', on ? 'true' : 'false'); }
  function on(id, fn) { var b = $(id); if (b) b.addEventListener('click', function () { fn(b); }); }

  on('proceed', join);
  on('btn-camera', function (b) {
    userCam = !userCam;
    if (local) local.getVideoTracks().forEach(function (t) { t.enabled = userCam; });
    toggle(b, userCam);
  });
  on('btn-speaker', function (b) {
    speakerOn = !speakerOn;
    Array.prototype.forEach.call(document.querySelectorAll('#stage audio'), function (a) { a.muted = !speakerOn; });
    toggle(b, speakerOn);
  });
  on('btn-mic', function (b) { userMic = !userMic; applyMic(); toggle(b, userMic); });
  on('btn-layout', function () {
    var inc = $('incall');
    var grid = inc.classList.contains('layout-speaker');
    inc.classList.toggle('layout-speaker', !grid);
    inc.classList.toggle('layout-grid', grid);
  });
  function videoSender() {
    if (!pub || !pub.webrtcStuff || !pub.webrtcStuff.pc) return null;
    return pub.webrtcStuff.pc.getSenders().filter(function (s) { return s.track && s.track.kind === 'video'; })[0] || null;
  }
  function stopShare() {
    var snd = videoSender();
    if (sharing) sharing.stop();
    sharing = null;
    if (snd && local) snd.replaceTrack(local.getVideoTracks()[0]);
    $('self').srcObject = local;
    toggle($('btn-share'), false);
  }
  on('btn-share', function (b) {
    if (sharing) { stopShare(); return; }
    // the screen replaces the camera's picture in the same stream
    navigator.mediaDevices.getDisplayMedia({ video: true, audio: false }).then(function (s) {
      sharing = s.getVideoTracks()[0];
      var snd = videoSender();
      if (snd) snd.replaceTrack(sharing);
      $('self').srcObject = s;
      sharing.addEventListener('ended', stopShare);
      toggle(b, true);
    }).catch(function () { /* the user said no */ });
  });
  var pos = $('self-pos');
  if (pos) pos.addEventListener('change', function () {
    var inc = $('incall');
    ['br', 'tr', 'hidden'].forEach(function (p) { inc.classList.toggle('self-' + p, p === pos.value); });
  });
  on('btn-present', function () {
    post('/present').then(function (j) { vc.presented = j.status; if (j.ok) poll(); else say(j.error); });
  });
  on('ask', function () {
    post('/speak-request').then(function () { poll(); });
  });

  // The handsets: two presses within 2 s count as a double press.
  var DOUBLE_MS = 2000;
  var last = { green: 0, red: 0 };
  function press(which) {
    var now = Date.now();
    var n = now - last[which] <= DOUBLE_MS ? vc.presses[which] + 1 : 1;
    last[which] = now;
    vc.presses[which] = n;
    return n;
  }
  on('btn-extend', function () {
    if (press('green') < 2) { say('call.extend.hint'); return; }
    vc.presses.green = 0;
    last.green = 0;
    post('/extend').then(function (j) {
      vc.extend = j;
      if (j.ok) { say('call.extended'); warned = false; setEnds(j.ends); } else say(j.error);
    });
  });
  var dlg = $('confirm-end');
  on('btn-hangup', function () {
    var s = vc.state;
    if (!s || !s.may_end) { leave(); return; }
    if (press('red') < (s.hangup_presses || 2)) { say('call.hangup.hint'); return; }
    vc.presses.red = 0;
    last.red = 0;
    if (dlg && dlg.showModal) dlg.showModal(); else if (dlg) dlg.setAttribute('open', 'open');
  });
  function closeDlg() { if (dlg) { if (dlg.close) dlg.close(); else dlg.removeAttribute('open'); } }
  on('end-all', function () {
    closeDlg();
    post('/end').then(function (j) { vc.endResult = j.status; if (j.ok) finished('call.ended'); else say(j.error); });
  });
  on('leave-only', function () { closeDlg(); leave(); });
  on('end-cancel', closeDlg);

  // ---- the state the server keeps (R-CA-4, R-CA-5, presentation mode)
  var skew = 0, warned = false, endsAt = Number(D.ends) || 0;
  var warnSound = $('warning-sound');
  function setEnds(t) {
    if (!t) return;
    if (t !== endsAt) warned = false;
    endsAt = t;
    var el = $('ends');
    if (el) {
      var d = new Date(t * 1000);
      // in the organisation's zone, as the calendar writes it (8.05; en 08:05)
      var o = { hour: D.lang === 'en' ? '2-digit' : 'numeric', minute: '2-digit', hourCycle: 'h23' };
      if (D.tz) o.timeZone = D.tz;
      try { el.textContent = d.toLocaleTimeString(D.lang, o); } catch (e) { delete o.timeZone; el.textContent = d.toLocaleTimeString(D.lang, o); }
      el.setAttribute('datetime', d.toISOString());
    }
  }
  setEnds(endsAt);

  function renderRequests(list) {
    var box = $('requests'), ul = $('request-list');
    if (!box || !ul) return;
    box.hidden = !list.length;
    var want = list.map(function (q) { return q.participant; }).join(' ');
    if (ul.getAttribute('data-ids') === want) return;
    ul.setAttribute('data-ids', want);
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    list.forEach(function (q) {
      var li = document.createElement('li');
      var name = document.createElement('span');
      name.textContent = q.name;
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'call-btn grant';
      b.textContent = texts['call.grant'];
      b.addEventListener('click', function () {
        post('/unmute', { participant: q.participant }).then(function () { poll(); });
      });
      li.appendChild(name); li.appendChild(b);
      ul.appendChild(li);
    });
  }

  // The organiser's list of who is in the room, watchers too, with Poista
  // for those they may remove (…/state says who).
  function renderPeople(list) {
    var ul = $('people-list');
    if (!ul) return;
    var want = list.map(function (p) { return p.participant + (p.sending ? '+' : '-'); }).join(' ');
    if (ul.getAttribute('data-ids') === want) return;
    ul.setAttribute('data-ids', want);
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    list.forEach(function (p) {
      var li = document.createElement('li');
      li.setAttribute('data-participant', p.participant);
      var name = document.createElement('span');
      name.className = 'people-name';
      name.textContent = p.name + (p.me ? ' (' + texts['call.people.me'] + ')' : '');
      var st = document.createElement('span');
      st.className = 'people-state';
      st.textContent = texts[p.sending ? 'call.people.sending' : 'call.people.watching'];
      li.appendChild(name); li.appendChild(st);
      if (p.removable) {
        var b = document.createElement('button');
        b.type = 'button';
        b.className = 'call-btn remove';
        b.textContent = texts['call.remove'];
        b.addEventListener('click', function () {
          post('/remove', { participant: p.participant }).then(function (j) {
            vc.removed = j.status;
            if (!j.ok) say(j.error);
            poll();
          });
        });
        li.appendChild(b);
      }
      ul.appendChild(li);
    });
  }

  function apply(s) {
    vc.state = s;
    skew = s.now * 1000 - Date.now();
    setEnds(s.ends);
    if (s.status !== 'scheduled' || s.over) { finished('call.ended'); return; }
    if (s.removed) { finished('call.removed'); return; }
    if (s.people) renderPeople(s.people);
    setMuted(s.muted);
    var asked = $('asked'), ask = $('ask');
    if (asked) asked.hidden = !s.requested;
    if (ask) ask.hidden = !!s.requested;
    var pr = $('presenting');
    if (pr) pr.hidden = !(s.organiser && s.presenting);
    if (s.organiser) renderRequests(s.requests || []);
    // the warning tone, once per end time
    var left = endsAt * 1000 - (Date.now() + skew);
    if (vc.joined && !warned && left <= (s.warning_minutes || 5) * 60000 && left > 0) {
      warned = true;
      vc.warned = true;
      say('call.warning');
      if (warnSound) { try { warnSound.currentTime = 0; warnSound.play().catch(function () {}); } catch (e) { /* no audio */ } }
    }
  }

  function poll() {
    return fetch(base + '/state', { credentials: 'same-origin', cache: 'no-store',
      headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s) apply(s); })
      .catch(function () { /* offline for a moment */ });
  }
  setInterval(function () {
    if (vc.left) return;
    // ends_at passed on our clock: ask now, the server ends the room
    poll();
  }, 2500);
  poll();

  // ---- start
  if (D.over === '1') return;
  function start() {
    if (D.autojoin === '1') {
      // R-EV-3: forced answer - a customer's tablet joins with the default devices
      join();
    } else {
      var pre = $('prejoin');
      if (pre) pre.hidden = false;
      openMedia().catch(function (e) { say('call.no-devices'); vc.error = String(e); });
    }
  }
  // A recorded event (issue #11): the notice first; no device starts until
  // the person answers. Accepting starts as usual; declining joins to
  // watch and listen only.
  var consent = $('consent');
  if (consent) {
    var answer = function (yes) {
      return post('/consent', { accept: yes ? '1' : '0' }).then(function (j) {
        if (!j.ok) { say(j.error); return; }
        vc.consent = yes ? 'yes' : 'no';
        consent.hidden = true;
        if (yes) start(); else { watchOnly(); join(); }
      });
    };
    on('consent-accept', function () { answer(true); });
    on('consent-decline', function () { answer(false); });
    var first = $('consent-accept');
    if (first) first.focus();
  } else {
    start();
  }

  // For the tests: what arrived from the others so far - audio packets,
  // audio energy (silence adds none) and video frames.
  window.vvCallInbound = function () {
    var all = Object.keys(subs).map(function (k) {
      var h = subs[k].handle;
      if (!h || !h.webrtcStuff || !h.webrtcStuff.pc) return Promise.resolve(null);
      return h.webrtcStuff.pc.getStats();
    });
    return Promise.all(all).then(function (list) {
      var n = { audioPackets: 0, audioEnergy: 0, videoFrames: 0 };
      list.forEach(function (st) {
        if (st) st.forEach(function (r) {
          if (r.type !== 'inbound-rtp') return;
          if (r.kind === 'audio') { n.audioPackets += r.packetsReceived || 0; n.audioEnergy += r.totalAudioEnergy || 0; }
          if (r.kind === 'video') n.videoFrames += r.framesDecoded || 0;
        });
      });
      return n;
    });
  };
  window.vvCallAudioPackets = function () {
    return window.vvCallInbound().then(function (n) { return n.audioPackets; });
  };
  window.vvCallLeave = function () { return new Promise(function (done) { vc.left = true; hangupSession(done); }); };
})();
