// Small progressive enhancements; every page works without this file.
document.addEventListener("htmx:beforeRequest", (event) => {
  const status = event.detail.elt.querySelector?.(".levend-save-status");
  if (status && !status.classList.contains("levend-save-status--error")) {
    status.textContent = status.dataset.saving || "…";
  }
});
