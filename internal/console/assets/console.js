// Keeps the focus where a keyboard or screen reader user expects it after
// htmx swaps the page: on the error summary when a form came back with
// errors, else on the page's heading. Loaded with defer; uses no eval.
(function () {
  'use strict';
  function focusMain() {
    var el = document.querySelector('[data-autofocus]') || document.querySelector('main h1');
    if (!el) return;
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: false });
  }
  document.addEventListener('htmx:afterSettle', function (e) {
    if (e.target === document.body || e.target.id === 'main') focusMain();
  });
  document.addEventListener('DOMContentLoaded', function () {
    var summary = document.querySelector('[data-autofocus]');
    if (summary) summary.focus();
  });
})();
