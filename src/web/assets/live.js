// Live figures for the page, /live and the embedded counter. The page works
// without this file; it only keeps the numbers current. The server sends the
// figures already formatted for the page's language, so this needs no Intl.
'use strict';
(function () {
  var source = document.body.getAttribute('data-live-source');
  if (!source || !window.EventSource) return;
  var events = new EventSource(source);
  events.addEventListener('figures', function (event) {
    var figures;
    try {
      figures = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    document.querySelectorAll('[data-live]').forEach(function (element) {
      var text = figures.text[element.getAttribute('data-live')];
      if (typeof text === 'string' && element.textContent !== text) element.textContent = text;
    });
    document.querySelectorAll('progress[data-live-progress]').forEach(function (bar) {
      bar.value = Math.min(figures.total, bar.max);
      bar.textContent = figures.text.percent;
    });
  });
})();
