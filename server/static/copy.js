// Progressive enhancement: copy buttons for citations and drafts. Without JavaScript the
// text stays in a read-only field that can be selected and copied by hand; the buttons are
// hidden until this script shows them.
(() => {
  "use strict";
  const buttons = document.querySelectorAll("button.copy[data-copy]");
  if (buttons.length === 0) return;

  const announce = (button, message) => {
    const status = button.closest("section, form, main")?.querySelector(".copy-status");
    if (status) status.textContent = message;
  };

  // With `data-copy-html`, the HTML goes along as rich text: pasted into Word or Outlook,
  // the links stay links; a plain text field gets the source's text.
  const copy = async (source, html) => {
    if (html && navigator.clipboard && window.isSecureContext && window.ClipboardItem) {
      await navigator.clipboard.write([
        new ClipboardItem({
          "text/html": new Blob([html], { type: "text/html" }),
          "text/plain": new Blob([source.value], { type: "text/plain" }),
        }),
      ]);
      return;
    }
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(source.value);
      return;
    }
    // Plain http outside localhost has no clipboard API: select and use the old command.
    source.focus();
    source.select();
    if (!document.execCommand("copy")) throw new Error("copy refused");
  };

  for (const button of buttons) {
    const source = document.getElementById(button.dataset.copy);
    if (!source) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const label = button.textContent;
      try {
        await copy(source, button.dataset.copyHtml);
        announce(button, "Kopierat till urklipp.");
        button.textContent = "Kopierat ✓";
      } catch {
        source.focus();
        source.select();
        announce(button, "Kunde inte kopiera automatiskt. Texten är markerad: tryck Ctrl+C (⌘C på Mac).");
      }
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
})();
