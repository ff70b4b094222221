// Profile step 2: the part of the form for each role (mentee, mentor) shows only while its box
// is ticked, so a member who only wants a mentor is not asked a mentor's questions. The server
// renders each part open or hidden already, and ignores a hidden part's fields when saving.
document.querySelectorAll("[data-shown-by]").forEach((part) => {
  const box = document.getElementById(part.dataset.shownBy);
  if (!box) return;
  box.setAttribute("aria-controls", part.id);
  const show = () => {
    part.hidden = !box.checked;
    box.setAttribute("aria-expanded", String(box.checked));
  };
  box.addEventListener("change", show);
  show();
});
