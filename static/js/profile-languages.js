// Profile step 3: the language checkboxes become a typeahead. The chosen languages show as
// tags, each with a button to remove it, and typing offers the others to add (the ARIA
// combobox pattern, with the keyboard or the mouse). The checkboxes stay in the form, hidden,
// and are what is sent; without JavaScript they are the field.
// The words it shows come from the picker's data-attributes (its tag includes
// templates/_language_picker_words.html), rendered in the member's language with %(language)s
// for a language's name; the English here is only the fallback.
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
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", "language-options");
  const listbox = document.createElement("ul");
  listbox.id = "language-options";
  listbox.className = "list-group mt-1";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", words.optionsLabel || "Languages to add");
  listbox.hidden = true;
  const news = document.createElement("div");
  news.className = "visually-hidden";
  news.setAttribute("aria-live", "polite");
  picker.append(tags, label, input, listbox, news);

  let offered = [];
  let active = -1;

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

  const close = () => {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const add = (box) => {
    box.checked = true;
    input.value = "";
    news.textContent = say(words.added || "%(language)s added.", labelOf(box));
    close();
    drawTags();
  };

  const open = () => {
    const text = input.value.trim().toLowerCase();
    const starts = (box) => labelOf(box).toLowerCase().startsWith(text);
    // Languages that begin with what was typed come first, then those containing it.
    offered = boxes
      .filter((box) => !box.checked && (!text || labelOf(box).toLowerCase().includes(text)))
      .sort((one, other) => Number(starts(other)) - Number(starts(one)));
    active = -1;
    listbox.replaceChildren(
      ...offered.map((box, index) => {
        const option = document.createElement("li");
        option.id = `language-option-${index}`;
        option.className = "list-group-item list-group-item-action";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = labelOf(box);
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          add(box);
        });
        return option;
      }),
    );
    listbox.hidden = offered.length === 0;
    input.setAttribute("aria-expanded", String(offered.length > 0));
  };

  const highlight = (index) => {
    const options = listbox.querySelectorAll("[role=option]");
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach((option, i) => {
      option.setAttribute("aria-selected", String(i === active));
      option.classList.toggle("active", i === active);
    });
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  };

  input.addEventListener("input", open);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (listbox.hidden) open();
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter") {
      // Enter adds the highlighted language, or the only one that fits what was typed; it
      // never sends the form from this box.
      event.preventDefault();
      if (active >= 0) add(offered[active]);
      else if (offered.length === 1 && input.value.trim()) add(offered[0]);
    } else if (event.key === "Escape" && !listbox.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", close);
  drawTags();
});
