// Staff pages: progressive enhancements only; every page works without this.
// Copy buttons: <button type="button" data-copy="ID"> copies the value (or
// text) of the element with that id, and says so.
(function () {
  'use strict';
  document.addEventListener('click', function (ev) {
    var b = ev.target.closest('button[data-copy]');
    if (!b) return;
    var el = document.getElementById(b.getAttribute('data-copy'));
    if (!el) return;
    var text = 'value' in el ? el.value : el.textContent;
    var done = function () {
      var was = b.textContent;
      b.textContent = b.getAttribute('data-copied') || was;
      setTimeout(function () { b.textContent = was; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { el.select && el.select(); });
    } else if (el.select) {
      el.select();
      try { document.execCommand('copy'); done(); } catch (e) { /* the text stays selected */ }
    }
  });
  // A link shown as a path (/fi/join/...) is copied as the whole address.
  document.querySelectorAll('input[data-path]').forEach(function (i) {
    i.value = location.origin + i.getAttribute('data-path');
    i.addEventListener('focus', function () { i.select(); });
  });
  // Copy buttons are hidden until this script can make them work.
  document.documentElement.classList.add('js');
})();
