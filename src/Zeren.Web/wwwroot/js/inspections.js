// The on-site inspection page: a photo keeps the time it was taken (the file's time on the phone), sent beside it.
(function () {
    document.querySelectorAll('input[type=file][data-zr-captured]').forEach(function (input) {
        input.addEventListener('change', function () {
            var target = document.getElementById(input.getAttribute('data-zr-captured'));
            var file = input.files && input.files[0];
            if (target) {
                target.value = file && file.lastModified ? new Date(file.lastModified).toISOString() : '';
            }
        });
    });
})();
