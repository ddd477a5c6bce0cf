// Progressive enhancement of the search page; everything works without it.
// - On a narrow screen the filter panel starts folded, so the hits come first.
// - Ticking a filter or changing the order applies it at once.
// - "/" puts the cursor in the search box.
(() => {
  "use strict";
  const form = document.querySelector("form.search");
  if (!form) return;
  form.addEventListener("change", (event) => {
    const target = event.target;
    if (target.matches('input[type="checkbox"], select')) {
      form.requestSubmit();
    }
  });
  const filters = document.getElementById("filters");
  if (filters && window.matchMedia("(max-width: 48rem)").matches) {
    filters.open = false;
  }
  const box = document.getElementById("q");
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const active = document.activeElement;
    if (active && (active.tagName === "INPUT" || active.tagName === "TEXTAREA" || active.tagName === "SELECT")) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
})();
