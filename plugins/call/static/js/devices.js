// The tablet's devices page (xsl/call-devices.xsl, issue #17 item 1): a care
// worker picks the camera, microphone and speaker once, with a live picture,
// a level meter and a test sound; the choice is kept in this browser
// (localStorage "vv.devices": device ids mean nothing to another browser)
// and call.js asks for it, falling back to the defaults when a device has
// been unplugged since instead of failing the call.
(function () {
  'use strict';
  var root = document.getElementById('devices');
  if (!root || !navigator.mediaDevices) return;
  var $ = function (id) { return document.getElementById(id); };
  var KEY = 'vv.devices';
  var cam = $('device-cam'), mic = $('device-mic'), spk = $('device-speaker');
  var preview = $('device-preview'), level = $('device-level'), status = $('device-status');
  var stream = null, audioCtx = null, raf = 0;
  var canSink = 'setSinkId' in HTMLMediaElement.prototype;

  function stored() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function say(text) { status.textContent = text; status.hidden = !text; }

  function meter(s) {
    if (raf) cancelAnimationFrame(raf);
    if (!window.AudioContext || !s.getAudioTracks().length) return;
    audioCtx = audioCtx || new AudioContext();
    var an = audioCtx.createAnalyser();
    an.fftSize = 512;
    audioCtx.createMediaStreamSource(s).connect(an);
    var buf = new Float32Array(an.fftSize);
    (function tick() {
      an.getFloatTimeDomainData(buf);
      var sum = 0;
      for (var i = 0; i < buf.length; i++) sum += buf[i] * buf[i];
      level.value = Math.min(1, Math.sqrt(sum / buf.length) * 4);
      raf = requestAnimationFrame(tick);
    })();
  }

  function open() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    var c = {
      video: cam.value ? { deviceId: { exact: cam.value } } : true,
      audio: { deviceId: mic.value ? { exact: mic.value } : undefined, echoCancellation: true },
    };
    return navigator.mediaDevices.getUserMedia(c).then(function (s) {
      stream = s;
      preview.srcObject = s;
      meter(s);
      return s;
    });
  }

  function fill(sel, kind, all, want) {
    while (sel.options.length > 1) sel.remove(1);
    all.filter(function (d) { return d.kind === kind && d.deviceId && d.deviceId !== 'default'; })
      .forEach(function (d, i) {
        var o = new Option(d.label || kind + ' ' + (i + 1), d.deviceId);
        sel.add(o);
      });
    sel.value = want || '';
    if (sel.value !== (want || '')) sel.value = ''; // the stored one is gone: the default
  }

  function list() {
    return navigator.mediaDevices.enumerateDevices().then(function (all) {
      var s = stored();
      fill(cam, 'videoinput', all, s.cam);
      fill(mic, 'audioinput', all, s.mic);
      if (canSink) {
        fill(spk, 'audiooutput', all, s.speaker);
        $('speaker-field').hidden = false;
      }
      if (!all.some(function (d) { return d.kind === 'videoinput' || d.kind === 'audioinput'; })) {
        say(root.getAttribute('data-none'));
      }
      root.setAttribute('data-ready', '1');
    });
  }

  // Labels come only once the browser has allowed the devices: open first.
  var s0 = stored();
  open().catch(function () { return null; }).then(list).then(function () {
    if ((s0.cam && cam.value === s0.cam) || (s0.mic && mic.value === s0.mic)) return open();
    return null;
  }).catch(function () { say(root.getAttribute('data-denied')); root.setAttribute('data-ready', '1'); });

  cam.addEventListener('change', function () { open().catch(function () { say(root.getAttribute('data-denied')); }); });
  mic.addEventListener('change', function () { open().catch(function () { say(root.getAttribute('data-denied')); }); });

  $('device-test-sound').addEventListener('click', function () {
    var a = $('device-sound');
    var go = function () { a.currentTime = 0; return a.play(); };
    (canSink && spk.value ? a.setSinkId(spk.value).then(go) : go()).catch(function () {});
  });
  $('device-save').addEventListener('click', function () {
    localStorage.setItem(KEY, JSON.stringify({ cam: cam.value, mic: mic.value, speaker: canSink ? spk.value : '' }));
    say(root.getAttribute('data-saved'));
  });
  $('device-clear').addEventListener('click', function () {
    localStorage.removeItem(KEY);
    cam.value = ''; mic.value = ''; spk.value = '';
    open().catch(function () {});
    say(root.getAttribute('data-cleared'));
  });
  window.addEventListener('pagehide', function () {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
  });
})();
