// Progressive enhancement of the search page; everything works without it.
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
