// Progressive enhancement of the hits' actions. Without JavaScript, "Kopiera citat" leads to
// the finding's citation and the basket links go through the server and back; with it, the
// citation goes to the clipboard as rich text (its link kept when pasted into Word or
// Outlook; copy.js does the copying) and the basket changes in place.
(() => {
  "use strict";
  const status = document.getElementById("hit-status");
  const announce = (message) => {
    if (status) status.textContent = message;
  };

  for (const link of document.querySelectorAll("a.cite-link[data-cite-text]")) {
    link.setAttribute("role", "button");
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      try {
        await window.hinderCopy(link.dataset.citeText, link.dataset.citeHtml);
        announce("Citatet är kopierat till urklipp.");
        link.textContent = "Kopierat ✓";
        setTimeout(() => { link.textContent = "Kopiera citat"; }, 2000);
      } catch {
        // Where the clipboard is refused, the finding's page has the citation to select.
        window.location.href = link.href;
      }
    });
  }

  const basket = document.getElementById("basket");
  const showBasket = (state) => {
    if (!basket) return;
    basket.hidden = state.ids.length === 0;
    basket.querySelector(".basket-count").textContent = String(state.ids.length);
    basket.querySelector(".basket-open").href = state.draft_url;
  };

  for (const link of document.querySelectorAll("a.basket-link")) {
    link.setAttribute("role", "button");
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      let state;
      try {
        const reply = await fetch(link.href, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!reply.ok) throw new Error(String(reply.status));
        state = await reply.json();
      } catch {
        window.location.href = link.href;
        return;
      }
      const url = new URL(link.href, window.location.href);
      const id = url.searchParams.get("id");
      const added = state.ids.includes(id);
      url.pathname = added ? "/utkast/ta-bort" : "/utkast/lagg-till";
      link.href = url.pathname + url.search + url.hash;
      link.textContent = added ? "Ta bort ur utkastet" : "Lägg i utkast";
      const marked = link.previousElementSibling?.classList.contains("in-basket");
      if (marked && !added) link.previousElementSibling.remove();
      if (added && !marked) {
        const mark = document.createElement("span");
        mark.className = "in-basket";
        mark.textContent = "I utkastet ✓";
        link.before(mark, " ");
      }
      showBasket(state);
      announce(added
        ? `Lagt i utkastet (${state.ids.length} fynd).`
        : `Borttaget ur utkastet (${state.ids.length} fynd).`);
    });
  }
})();
