// The first error summary takes focus when the page loads, so keyboard and screen reader users
// start from the list of problems; each link then moves focus to its field, with the field's
// label or legend scrolled into view above it. Without JavaScript the links still jump there.
document.querySelectorAll("[data-error-summary]:not([data-ready])").forEach((summary, index) => {
  summary.dataset.ready = "true";
  if (index === 0 && !document.querySelector("[data-error-summary][data-focused]")) {
    summary.dataset.focused = "true";
    summary.focus();
  }
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(link.hash.slice(1));
    if (!field) return;
    event.preventDefault();
    field.closest("details")?.setAttribute("open", "");
    const caption =
      field.closest("fieldset")?.querySelector("legend") ||
      document.querySelector(`label[for="${field.id}"]`) ||
      field;
    caption.scrollIntoView();
    field.focus({ preventScroll: true });
  });
});
