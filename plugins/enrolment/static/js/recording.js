// A recording's page (xsl/calendar-recording.xsl): the player must not play
// over the start alarm (alarm.js). Our own <video> is paused; for YouTube:
//
// A page cannot pause another origin's player without YouTube's script API
// (enablejsapi and postMessage commands to youtube.com): we do not use it.
// It can take the player away, which stops it. So when the green bar
// appears, a player the user has started is removed and #cal-stopped says
// why and offers it back; pressing that loads the player again, which waits
// for a press as always (R-RE-2: nothing plays by itself; it starts from
// the beginning). Only a press starts the player, and a press moves the
// focus into its frame: a player that never had the focus is not playing
// and is left alone.
(function () {
  'use strict';
  var box = document.getElementById('cal-player');
  // A recorded event of the tenant plays in our own <video>: it can simply
  // be paused (and the user presses play again when they want).
  var own = box && box.querySelector('video');
  if (own) {
    document.addEventListener('vv-alarm', function (e) {
      if (e.detail && e.detail.shown && !own.paused) own.pause();
    });
    return;
  }
  var frame = box && box.querySelector('iframe');
  var stopped = document.getElementById('cal-stopped');
  var resume = document.getElementById('cal-resume');
  if (!frame || !stopped || !resume) return;

  var started = false;
  var alarmOn = false;

  // The player goes away (which stops it) and the page says why; the
  // focus, which was inside the player, goes to the button that brings it
  // back, so a keyboard or screen-reader user is not left nowhere.
  function takeAway() {
    if (!frame.parentNode) return;
    box.removeChild(frame);
    started = false;
    stopped.hidden = false;
    resume.focus();
  }

  window.addEventListener('blur', function () {
    // the frame has the focus only after this event
    setTimeout(function () {
      if (document.activeElement !== frame) return;
      started = true;
      if (alarmOn) takeAway(); // pressed play while the event's alarm is on
    }, 0);
  });

  document.addEventListener('vv-alarm', function (e) {
    alarmOn = !!(e.detail && e.detail.shown);
    if (alarmOn && started) takeAway();
  });

  resume.addEventListener('click', function () {
    stopped.hidden = true;
    if (!frame.parentNode) box.appendChild(frame);
  });
})();
