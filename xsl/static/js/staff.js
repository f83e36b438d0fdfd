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
  // The header's menus (<details class="menu">) close as menus do (issue
  // #17): Escape closes the open one and gives the focus back to its
  // summary, a press outside closes it, and opening one closes the other.
  function openMenus() { return Array.prototype.slice.call(document.querySelectorAll('details.menu[open]')); }
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Escape') return;
    openMenus().forEach(function (d) {
      d.open = false;
      if (d.contains(document.activeElement)) d.querySelector('summary').focus();
    });
  });
  document.addEventListener('click', function (ev) {
    openMenus().forEach(function (d) { if (!d.contains(ev.target)) d.open = false; });
  });
  document.querySelectorAll('details.menu').forEach(function (d) {
    d.addEventListener('toggle', function () {
      if (d.open) openMenus().forEach(function (o) { if (o !== d) o.open = false; });
    });
  });
  // Copy buttons are hidden until this script can make them work.
  document.documentElement.classList.add('js');
})();
