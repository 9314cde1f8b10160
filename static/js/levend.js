// Small progressive enhancements; every page works without this file.
const statusOf = (event) => event.detail.elt.querySelector?.(".levend-save-status");

// Autosave: say "Saving…" while a save is under way (the server's answer replaces the element).
document.addEventListener("htmx:beforeRequest", (event) => {
  const status = statusOf(event);
  if (status && !status.classList.contains("levend-save-status--error")) {
    status.classList.remove("levend-save-status--saved");
    status.classList.add("levend-save-status--saving");
    status.textContent = status.dataset.saving || "…";
  }
});

// A save that got no usable answer must not keep saying "Saving…": say so next to the field.
// The template may supply translated texts in data-offline / data-failed; these are fallbacks.
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
  status.textContent = status.dataset[kind] || texts[kind];
};
document.addEventListener("htmx:sendError", notSaved("offline"));
document.addEventListener("htmx:responseError", notSaved("failed"));
