// Django's admin, patched where axe-core finds WCAG 2.2 AA problems in the widgets its own
// scripts build. Those widgets appear after the page has loaded (jQuery's ready handlers, a row
// added to an inline), so the fixes run on each change to the page as well as at the start.
const fixAdminWidgets = () => {
  // The help icons of the two-box pickers carry a label, which a plain span may not have.
  document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach((icon) => {
    icon.setAttribute("role", "img");
  });
  // An autocomplete box (and the "textbox" showing its choice) is named only by its current
  // choice, so an empty one has no name: name both by the field's label.
  document.querySelectorAll("select.admin-autocomplete").forEach((select) => {
    const label = document.querySelector(`label[for="${select.id}"]`);
    const box = select.parentElement.querySelector(".select2-selection[role='combobox']");
    if (!label || !box) return;
    label.id ||= `${select.id}_label`;
    const named = box.getAttribute("aria-labelledby") || "";
    if (!named.split(" ").includes(label.id)) {
      box.setAttribute("aria-labelledby", `${label.id} ${named}`.trim());
    }
    const shown = box.querySelector("[role='textbox']");
    if (shown && shown.getAttribute("aria-labelledby") !== label.id) {
      shown.setAttribute("aria-labelledby", label.id);
    }
  });
};
fixAdminWidgets();
new MutationObserver(fixAdminWidgets).observe(document.body, { childList: true, subtree: true });
