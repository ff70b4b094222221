// A city field (input[data-suggest-url]) offers the matching cities of the site's gazetteer as
// one types, in a list to choose from with the mouse or the keyboard (the ARIA combobox
// pattern). When one leaves the field with a name that is not a single city ("Portland"), it
// says so at once, under the field, and lists the places of that name to choose from; a name
// that fits one city only is completed to that city. Without JavaScript the field still works:
// the server finds the city from the typed text and explains any doubt after saving.
// The words it shows come from data-attributes on the field or around it (the form includes
// templates/_city_suggestion_words.html), rendered in the member's language with %(text)s for
// what was typed; the English here is only the fallback.
(() => {
  const fill = (template, text) => template.replace("%(text)s", () => text);

  const plain = (text) =>
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/\s*,\s*/g, ", ")
      .trim();

  document.querySelectorAll("input[data-suggest-url]").forEach((input) => {
    const words = input.closest("[data-suggest-none]")?.dataset || {};
    const listbox = document.createElement("ul");
    listbox.id = `${input.id}-suggestions`;
    listbox.className = "city-suggestions list-group mt-1";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", words.suggestLabel || "Suggested places");
    listbox.hidden = true;
    const status = document.createElement("div");
    status.id = `${input.id}-status`;
    status.className = "form-text city-status";
    status.setAttribute("aria-live", "polite");
    input.after(listbox, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    const describedBy = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", [describedBy, status.id].filter(Boolean).join(" "));

    let labels = [];
    let active = -1;
    let chosen = input.value.trim();
    let timer;
    let asked = 0;

    const fetchCities = async (text) => {
      const name = text.split(",")[0].trim();
      if (name.length < 2) return [];
      const url = `${input.dataset.suggestUrl}?q=${encodeURIComponent(name)}`;
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return [];
      return (await response.json()).cities;
    };

    const close = () => {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };

    const show = (options) => {
      labels = options;
      active = -1;
      listbox.replaceChildren(
        ...options.map((label, index) => {
          const option = document.createElement("li");
          option.id = `${listbox.id}-${index}`;
          option.className = "list-group-item list-group-item-action";
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          option.textContent = label;
          // mousedown, not click: it comes before the field loses focus.
          option.addEventListener("mousedown", (event) => {
            event.preventDefault();
            choose(label);
          });
          return option;
        }),
      );
      listbox.hidden = options.length === 0;
      input.setAttribute("aria-expanded", String(options.length > 0));
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

    const choose = (label) => {
      input.value = label;
      chosen = label;
      status.textContent = "";
      input.classList.remove("is-invalid");
      close();
    };

    // What was typed, when the member leaves the field: one city, several, or none.
    const check = async () => {
      const text = input.value.trim();
      if (!text || text === chosen) return;
      const ticket = ++asked;
      const cities = await fetchCities(text);
      if (ticket !== asked || input.value.trim() !== text) return;
      const typed = plain(text);
      const exact = cities.find((label) => plain(label) === typed);
      if (exact) return choose(exact);
      const name = plain(text.split(",")[0]);
      const same = cities.filter(
        (label) => plain(label.split(",")[0]) === name && plain(label).startsWith(typed),
      );
      if (same.length === 1) return choose(same[0]);
      if (same.length > 1) {
        status.textContent = fill(
          words.suggestSeveral ||
            "Several places are called “%(text)s”: choose yours from the list.",
          text,
        );
        show(same);
        return;
      }
      status.textContent = fill(
        words.suggestNone ||
          "We could not find “%(text)s”. Check the spelling, or type a nearby city and choose it from the list.",
        text,
      );
    };

    input.addEventListener("input", () => {
      clearTimeout(timer);
      status.textContent = "";
      const text = input.value.trim();
      timer = setTimeout(async () => {
        const ticket = ++asked;
        const cities = await fetchCities(text);
        if (ticket === asked) show(cities);
      }, 150);
    });

    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (listbox.hidden && labels.length) show(labels);
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && !listbox.hidden && active >= 0) {
        event.preventDefault();
        choose(labels[active]);
      } else if (event.key === "Escape" && !listbox.hidden) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", () => {
      clearTimeout(timer);
      close();
      check();
    });
  });
})();
