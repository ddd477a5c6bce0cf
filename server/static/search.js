// Progressive enhancement of the search page; everything works without it.
// - As you type, the search box suggests completions and the best findings
//   (an ARIA combobox: arrow keys move, Enter picks, Escape closes).
// - On a narrow screen the filter panel starts folded, so the hits come first.
// - Ticking a filter or changing the order applies it at once.
// - "/" puts the cursor in the search box.
// - The form sends only what is set (`/?q=fiber`, not `/?q=fiber&from=&to=&sort=relevance`);
//   without JavaScript the server redirects to the same short address.
(() => {
  "use strict";
  const form = document.querySelector("form.search");
  if (!form) return;
  const box = document.getElementById("q");

  const filters = document.getElementById("filters");
  // Folded on a phone, unless it holds a message about a field: then the message is what
  // the reader must see ("se meddelandet vid fältet").
  if (filters && window.matchMedia("(max-width: 48rem)").matches && !filters.querySelector(".field-error")) {
    filters.open = false;
  }

  form.addEventListener("submit", () => {
    for (const field of form.elements) {
      const blank = field.name && (field.value === "" || (field.name === "sort" && field.value === "relevance"));
      if (blank && !field.disabled) field.disabled = true;
    }
    // Fields come back if the page is restored from the back/forward cache.
    window.setTimeout(() => { for (const field of form.elements) field.disabled = false; }, 0);
  });

  form.addEventListener("change", (event) => {
    if (event.target.matches('input[type="checkbox"], select')) {
      form.requestSubmit();
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const active = document.activeElement;
    if (active && ["INPUT", "TEXTAREA", "SELECT"].includes(active.tagName)) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  // Suggestions.
  const list = document.createElement("ul");
  list.id = "suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Förslag");
  list.hidden = true;
  box.parentElement.after(list);
  box.setAttribute("role", "combobox");
  box.setAttribute("aria-autocomplete", "list");
  box.setAttribute("aria-controls", list.id);
  box.setAttribute("aria-expanded", "false");

  let options = [];
  let active = -1;
  let timer = 0;
  let controller = null;

  const close = () => {
    list.hidden = true;
    box.setAttribute("aria-expanded", "false");
    box.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const highlight = (index) => {
    options.forEach((option, i) => option.element.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0) {
      box.setAttribute("aria-activedescendant", options[index].element.id);
      options[index].element.scrollIntoView({ block: "nearest" });
    } else {
      box.removeAttribute("aria-activedescendant");
    }
  };

  const pick = (option) => {
    if (option.url) {
      window.location.assign(option.url);
      return;
    }
    box.value = option.query;
    close();
    form.requestSubmit();
  };

  const addOption = (kind, label, detail, value) => {
    const element = document.createElement("li");
    element.id = `suggestion-${options.length}`;
    element.className = `suggestion ${kind}`;
    element.setAttribute("role", "option");
    element.setAttribute("aria-selected", "false");
    const main = document.createElement("span");
    main.className = "suggestion-label";
    main.textContent = label;
    element.append(main);
    if (detail) {
      const small = document.createElement("span");
      small.className = "suggestion-detail";
      small.textContent = detail;
      element.append(small);
    }
    const option = { element, ...value };
    element.addEventListener("mousedown", (event) => {
      event.preventDefault();
      pick(option);
    });
    options.push(option);
    list.append(element);
  };

  const render = (data) => {
    list.replaceChildren();
    options = [];
    for (const completion of data.completions) {
      addOption("completion", completion.query, `${completion.count} fynd`, { query: completion.query });
    }
    for (const hit of data.hits) {
      const text = hit.text.length > 110 ? `${hit.text.slice(0, 108)}…` : hit.text;
      const place = { slide: "Bild", page: "Sida", section: "Avsnitt" }[hit.section_kind] || "Avsnitt";
      addOption("finding", text, `${place} ${hit.section} · ${hit.title}`, { url: hit.url });
    }
    if (options.length === 0) {
      close();
      return;
    }
    list.hidden = false;
    box.setAttribute("aria-expanded", "true");
    highlight(-1);
  };

  const fetchSuggestions = async () => {
    const text = box.value;
    if (text.trim().length < 2) {
      close();
      return;
    }
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`/api/v1/suggest?q=${encodeURIComponent(text)}`, { signal: controller.signal });
      if (!response.ok) return;
      const data = await response.json();
      if (box.value === text) render(data);
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  };

  box.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(fetchSuggestions, 120);
  });
  box.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight((active + 1) % options.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      pick(options[active]);
    } else if (event.key === "Escape") {
      close();
    }
  });
  box.addEventListener("blur", () => window.setTimeout(close, 100));
})();
