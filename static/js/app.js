// Small progressive enhancements; pages work without them. No inline scripts (CSP).
// A table wider than the screen scrolls inside its .table-responsive box. Keyboard users must reach that box to
// scroll it (WCAG 2.1.1): while it scrolls it is a named, focusable region; when it fits it is no extra tab stop.
function markScrollingTables(root) {
  root.querySelectorAll(".table-responsive").forEach(function (box) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      const caption = box.querySelector("caption");
      const name = caption ? caption.textContent.trim() : "Table";
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name + " (scrolls sideways)");
      box.dataset.scrollMarked = "";
    } else if (!scrolls && "scrollMarked" in box.dataset) {
      ["tabindex", "role", "aria-label", "data-scroll-marked"].forEach(function (name) {
        box.removeAttribute(name);
      });
    }
  });
}

document.addEventListener("DOMContentLoaded", function () {
  markScrollingTables(document);
  window.addEventListener("resize", function () {
    markScrollingTables(document);
  });
  document.body.addEventListener("htmx:load", function (event) {
    markScrollingTables(event.target.parentElement || document);
  });
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
