// Small progressive enhancements; pages work without them. No inline scripts (CSP).
document.addEventListener("DOMContentLoaded", function () {
  // Buttons that ask before a destructive action: <button data-confirm="Are you sure?">
  document.body.addEventListener("click", function (event) {
    const target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.dataset.confirm)) {
      event.preventDefault();
    }
  });
  // Print buttons: <button data-print>
  document.body.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
});
