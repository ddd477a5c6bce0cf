// Progressive enhancement of the upload form (/lagg-till): files dropped on the form are
// chosen as if picked in the file dialog, and sending shows a progress bar, which large
// decks need. Without JavaScript the form is a plain multipart form and works the same.
(() => {
  "use strict";

  const form = document.querySelector("form.contribute[enctype='multipart/form-data']");
  if (!form) return;
  const input = form.querySelector("input[type=file]");
  const progress = form.querySelector(".upload-progress");
  const status = form.querySelector(".upload-status");
  const hint = form.querySelector(".drop-hint");
  if (!input || !progress || !status) return;
  if (hint) hint.hidden = false;

  const say = (text) => {
    status.textContent = text;
  };
  const chosen = (files) =>
    files.length === 1 ? `Vald fil: ${files[0].name}` : `${files.length} filer valda.`;

  // Dropping: the form is the target, so a file may land anywhere on it.
  const dragging = (on) => form.classList.toggle("dragging", on);
  form.addEventListener("dragover", (event) => {
    if (!event.dataTransfer || !Array.from(event.dataTransfer.types).includes("Files")) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    dragging(true);
  });
  form.addEventListener("dragleave", (event) => {
    if (!form.contains(event.relatedTarget)) dragging(false);
  });
  form.addEventListener("drop", (event) => {
    dragging(false);
    const files = event.dataTransfer && event.dataTransfer.files;
    if (!files || files.length === 0) return;
    event.preventDefault();
    input.files = files;
    say(chosen(files));
  });
  input.addEventListener("change", () => {
    if (input.files.length > 0) say(chosen(input.files));
  });

  // Sending: the same request the form makes, with its progress shown; the answer (the
  // preview, or the form with a message) replaces the page as the browser would.
  form.addEventListener("submit", (event) => {
    if (!window.XMLHttpRequest || !window.FormData || input.files.length === 0) return;
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", (sent) => {
      if (!sent.lengthComputable) return;
      progress.max = sent.total;
      progress.value = sent.loaded;
      const percent = Math.round((100 * sent.loaded) / sent.total);
      say(percent < 100 ? `Laddar upp … ${percent} %` : "Filerna läses …");
    });
    request.addEventListener("load", () => {
      document.open();
      document.write(request.responseText);
      document.close();
    });
    const failed = () => {
      progress.hidden = true;
      if (button) button.disabled = false;
      say("Uppladdningen avbröts. Kontrollera anslutningen och försök igen.");
    };
    request.addEventListener("error", failed);
    request.addEventListener("abort", failed);
    progress.value = 0;
    progress.hidden = false;
    if (button) button.disabled = true;
    say("Laddar upp …");
    request.send(new FormData(form));
  });
})();
