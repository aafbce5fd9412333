// Behaviour the pages need without inline handlers (the Content-Security-Policy allows scripts from the app only).
document.addEventListener('click', function (e) {
  if (e.target instanceof Element && e.target.closest('[data-zr-print]')) {
    window.print();
  }
});

// A button with data-zr-confirm asks before it submits its form (deleting a grid or a region).
document.addEventListener('click', function (e) {
  var button = e.target instanceof Element ? e.target.closest('[data-zr-confirm]') : null;
  if (button && !window.confirm(button.getAttribute('data-zr-confirm'))) {
    e.preventDefault();
  }
});

// The record-a-meeting form: until someone ticks 应到 by hand, ticking the meeting types sets who is expected: a
// 支委会 alone expects the branch committee, any other meeting every member. (Without JavaScript the two preset
// buttons do the same on the server.) A row not expected is greyed.
document.addEventListener('change', function (e) {
  var target = e.target;
  var form = target instanceof Element ? target.closest('.zr-meeting-form') : null;
  if (!form) {
    return;
  }
  var rows = Array.prototype.slice.call(form.querySelectorAll('input.zr-expected'));
  if (target.classList.contains('zr-expected')) {
    form.setAttribute('data-zr-expected-touched', 'true');
  } else if (target.hasAttribute('data-zr-type') && form.getAttribute('data-zr-expected-auto') === 'true'
      && !form.hasAttribute('data-zr-expected-touched')) {
    var chosen = Array.prototype.slice.call(form.querySelectorAll('input[data-zr-type]:checked'))
      .map(function (c) { return c.getAttribute('data-zr-type'); });
    var committeeOnly = chosen.length === 1 && chosen[0] === 'Committee'
      && rows.some(function (r) { return r.getAttribute('data-zr-committee') === 'true'; });
    rows.forEach(function (r) {
      r.checked = !committeeOnly || r.getAttribute('data-zr-committee') === 'true';
    });
  } else {
    return;
  }
  rows.forEach(function (r) {
    var item = r.closest('.list-group-item');
    if (item) {
      item.classList.toggle('zr-not-expected', !r.checked);
    }
  });
  var count = form.querySelector('#m-expected-count');
  if (count) {
    var ticked = rows.filter(function (r) { return r.checked; }).length;
    count.textContent = count.getAttribute('data-zr-format').replace('{0}', ticked).replace('{1}', rows.length);
  }
});

// A table wider than a phone scrolls sideways; one marked data-zr-scroll-to starts scrolled so that the marked column
// (the compliance heat map's chosen month) ends at the right edge: the recent months show first, the names stay.
function zrScrollToMarked() {
  document.querySelectorAll('[data-zr-scroll-to]').forEach(function (box) {
    var cell = box.querySelector(box.getAttribute('data-zr-scroll-to'));
    if (cell && box.scrollWidth > box.clientWidth) {
      box.scrollLeft = Math.max(0, cell.offsetLeft + cell.offsetWidth - box.clientWidth);
    }
  });
}
if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', zrScrollToMarked);
} else {
  zrScrollToMarked();
}
