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
