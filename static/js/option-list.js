// The list of options under a text field that offers them as one types, to choose from with
// the mouse or the keyboard (the ARIA combobox pattern). The city suggestions
// (city-suggestions.js) and the language picker (profile-languages.js) both use it: load this
// script before either.
//
// optionList(input, listbox, choose) makes `listbox` (an empty <ul> with an id) the list of
// `input`; choosing an option, with a click or with Enter, calls choose(entry). It returns
// show(entries, nameOf) to offer entries (each option's text is nameOf(entry)), close(),
// move(1 or -1) to highlight the next or previous option, highlighted() (the entry, or
// undefined) and entries() (those last shown).
window.optionList = (input, listbox, choose) => {
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);
  listbox.setAttribute("role", "listbox");
  listbox.hidden = true;

  let shown = [];
  let active = -1;

  const close = () => {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const show = (entries, nameOf = (entry) => entry) => {
    shown = entries;
    active = -1;
    listbox.replaceChildren(
      ...entries.map((entry, index) => {
        const option = document.createElement("li");
        option.id = `${listbox.id}-${index}`;
        option.className = "list-group-item list-group-item-action";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = nameOf(entry);
        // mousedown, not click: it comes before the field loses focus.
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(entry);
        });
        return option;
      }),
    );
    listbox.hidden = entries.length === 0;
    input.setAttribute("aria-expanded", String(entries.length > 0));
  };

  const move = (step) => {
    const options = listbox.querySelectorAll("[role=option]");
    if (!options.length) return;
    // From no option, down goes to the first and up to the last; both go round the ends.
    if (active < 0) active = step > 0 ? 0 : options.length - 1;
    else active = (active + step + options.length) % options.length;
    options.forEach((option, i) => {
      option.setAttribute("aria-selected", String(i === active));
      option.classList.toggle("active", i === active);
    });
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  };

  return {
    show,
    close,
    move,
    highlighted: () => (active >= 0 ? shown[active] : undefined),
    entries: () => shown,
  };
};
