// Behaviour the pages need without inline handlers (the Content-Security-Policy allows scripts from the app only).
document.addEventListener('click', function (e) {
  if (e.target instanceof Element && e.target.closest('[data-zr-print]')) {
    window.print();
  }
});
