// Progressive enhancement: copy buttons for citations and drafts. Without JavaScript the
// text stays in a read-only field that can be selected and copied by hand; the buttons are
// hidden until this script shows them.
(() => {
  "use strict";

  // Puts text on the clipboard, and with `html` the same as rich text: pasted into Word or
  // Outlook, links stay links; a plain text field gets the text. Also used by hits.js.
  const copy = async (text, html) => {
    if (navigator.clipboard && window.isSecureContext) {
      if (html && window.ClipboardItem) {
        await navigator.clipboard.write([
          new ClipboardItem({
            "text/html": new Blob([html], { type: "text/html" }),
            "text/plain": new Blob([text], { type: "text/plain" }),
          }),
        ]);
      } else {
        await navigator.clipboard.writeText(text);
      }
      return;
    }
    // Plain http outside localhost has no clipboard API: the copy event can still set both.
    const onCopy = (event) => {
      event.clipboardData.setData("text/plain", text);
      if (html) event.clipboardData.setData("text/html", html);
      event.preventDefault();
    };
    document.addEventListener("copy", onCopy, { once: true });
    const copied = document.execCommand("copy");
    document.removeEventListener("copy", onCopy);
    if (!copied) throw new Error("copy refused");
  };
  window.hinderCopy = copy;

  const buttons = document.querySelectorAll("button.copy[data-copy]");

  const announce = (button, message) => {
    const status = button.closest("section, form, main")?.querySelector(".copy-status");
    if (status) status.textContent = message;
  };

  for (const button of buttons) {
    const source = document.getElementById(button.dataset.copy);
    if (!source) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const label = button.textContent;
      try {
        await copy(source.value, button.dataset.copyHtml);
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
