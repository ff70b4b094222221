// Profile step 3: the language checkboxes become a typeahead. The chosen languages show as
// tags, each with a button to remove it, and typing offers the others to add (the ARIA
// combobox pattern, with the keyboard or the mouse). The checkboxes stay in the form, hidden,
// and are what is sent; without JavaScript they are the field.
// The words it shows come from the picker's data-attributes (its tag includes
// templates/_language_picker_words.html), rendered in the member's language with %(language)s
// for a language's name; the English here is only the fallback. The list is option-list.js.
document.querySelectorAll("[data-language-picker]").forEach((picker) => {
  const words = picker.dataset;
  const say = (template, language) => template.replace("%(language)s", () => language);
  const boxes = [...picker.querySelectorAll("input[type=checkbox]")];
  const labelOf = (box) => picker.querySelector(`label[for="${box.id}"]`).textContent.trim();
  picker.querySelector(".language-boxes").hidden = true;

  const tags = document.createElement("ul");
  tags.className = "list-inline mb-2 language-tags";
  tags.setAttribute("aria-label", words.chosenLabel || "Languages chosen");
  const label = document.createElement("label");
  label.className = "form-label small mb-1";
  label.htmlFor = "language-search";
  label.textContent = words.addLabel || "Add a language";
  const input = document.createElement("input");
  input.id = "language-search";
  input.type = "text";
  input.className = "form-control";
  input.autocomplete = "off";
  const listbox = document.createElement("ul");
  listbox.id = "language-options";
  listbox.className = "list-group mt-1";
  listbox.setAttribute("aria-label", words.optionsLabel || "Languages to add");
  const news = document.createElement("div");
  news.className = "visually-hidden";
  news.setAttribute("aria-live", "polite");
  picker.append(tags, label, input, listbox, news);

  let offered = [];

  const drawTags = () => {
    tags.replaceChildren(
      ...boxes
        .filter((box) => box.checked)
        .map((box) => {
          const item = document.createElement("li");
          item.className = "list-inline-item mb-1";
          const tag = document.createElement("span");
          tag.className = "badge rounded-pill text-bg-light border d-inline-flex align-items-center gap-2 fs-6 fw-normal";
          tag.textContent = labelOf(box);
          const remove = document.createElement("button");
          remove.type = "button";
          remove.className = "btn-close btn-close-sm";
          remove.setAttribute("aria-label", say(words.remove || "Remove %(language)s", labelOf(box)));
          remove.addEventListener("click", () => {
            box.checked = false;
            news.textContent = say(words.removed || "%(language)s removed.", labelOf(box));
            drawTags();
            input.focus();
          });
          tag.append(remove);
          item.append(tag);
          return item;
        }),
    );
  };

  const add = (box) => {
    box.checked = true;
    input.value = "";
    news.textContent = say(words.added || "%(language)s added.", labelOf(box));
    list.close();
    drawTags();
  };
  const list = window.optionList(input, listbox, add);

  const open = () => {
    const text = input.value.trim().toLowerCase();
    const starts = (box) => labelOf(box).toLowerCase().startsWith(text);
    // Languages that begin with what was typed come first, then those containing it.
    offered = boxes
      .filter((box) => !box.checked && (!text || labelOf(box).toLowerCase().includes(text)))
      .sort((one, other) => Number(starts(other)) - Number(starts(one)));
    list.show(offered, labelOf);
  };

  input.addEventListener("input", open);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (listbox.hidden) open();
      list.move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      // Enter adds the highlighted language, or the only one that fits what was typed; it
      // never sends the form from this box.
      event.preventDefault();
      if (list.highlighted()) add(list.highlighted());
      else if (offered.length === 1 && input.value.trim()) add(offered[0]);
    } else if (event.key === "Escape" && !listbox.hidden) {
      event.preventDefault();
      list.close();
    }
  });
  input.addEventListener("blur", () => list.close());
  drawTags();
});
