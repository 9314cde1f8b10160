// Small progressive enhancements; every page works without this file.
const statusOf = (event) => event.detail.elt.querySelector?.(".levend-save-status");
// The form page gives its translated texts once, on the element around all the questions.
const pageText = (status, kind) => status.closest("[data-saving]")?.dataset[kind];
const answerOf = (form) =>
  new URLSearchParams([...new FormData(form)].filter(([name]) => name === "value")).toString();

// Remember what each answer form last saved, so a blur after an autosave sends nothing.
const remember = (root) =>
  root.querySelectorAll?.(".levend-answer-form").forEach((form) => {
    form.dataset.saved = answerOf(form);
  });
document.addEventListener("DOMContentLoaded", () => remember(document));
document.addEventListener("htmx:load", (event) => remember(event.detail.elt));

document.addEventListener("htmx:beforeRequest", (event) => {
  const form = event.detail.elt;
  if (form.matches?.(".levend-answer-form")) {
    const answer = answerOf(form);
    if (form.dataset.saved === answer && form.getAttribute("hx-trigger") !== "submit") {
      event.preventDefault();
      return;
    }
    // What this request carries: only that counts as saved when it succeeds, not what was
    // typed or chosen meanwhile (the queued save that follows must still go out).
    form.dataset.sending = answer;
  }
  const status = statusOf(event);
  if (status && !status.classList.contains("levend-save-status--error")) {
    status.classList.remove("levend-save-status--saved");
    status.classList.add("levend-save-status--saving");
    status.textContent = pageText(status, "saving") || "…";
  }
});

document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt;
  // A refused save (4xx counts as "successful" for htmx here, to draw the error) stored nothing.
  if (form.matches?.(".levend-answer-form") && event.detail.successful
      && event.detail.xhr.status < 400) {
    form.dataset.saved = form.dataset.sending ?? answerOf(form);
  }
});
// A save that got no usable answer must not keep saying "Saving…": say so next to the field.
// The page supplies translated texts in data-offline / data-failed; these are fallbacks.
const TEXTS = {
  nl: {
    offline: "Niet opgeslagen: geen verbinding met de server. Probeer het opnieuw.",
    failed: "Niet opgeslagen: er ging iets mis op de server. Probeer het opnieuw.",
  },
  en: {
    offline: "Not saved: no connection to the server. Please try again.",
    failed: "Not saved: something went wrong on the server. Please try again.",
  },
};
const notSaved = (kind) => (event) => {
  const status = statusOf(event);
  if (!status) return;
  const texts = TEXTS[document.documentElement.lang] || TEXTS.en;
  status.classList.remove("levend-save-status--saving", "levend-save-status--saved");
  status.classList.add("levend-save-status--error");
  status.textContent = pageText(status, kind) || texts[kind];
};
document.addEventListener("htmx:sendError", notSaved("offline"));
document.addEventListener("htmx:responseError", notSaved("failed"));
