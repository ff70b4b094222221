// A city field (input[data-suggest-url]) offers the matching cities of the site's gazetteer as
// one types, in a list to choose from with the mouse or the keyboard (the ARIA combobox
// pattern). When one leaves the field with a name that is not a single city ("Portland"), it
// says so at once, under the field, and lists the places of that name to choose from; a name
// that fits one city only is completed to that city. Without JavaScript the field still works:
// the server finds the city from the typed text and explains any doubt after saving.
// The words it shows come from data-attributes on the field or around it (the form includes
// templates/_city_suggestion_words.html), rendered in the member's language with %(text)s for
// what was typed; the English here is only the fallback. The list itself is option-list.js.
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
    listbox.setAttribute("aria-label", words.suggestLabel || "Suggested places");
    const status = document.createElement("div");
    status.id = `${input.id}-status`;
    status.className = "form-text city-status";
    status.setAttribute("aria-live", "polite");
    input.after(listbox, status);
    const describedBy = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", [describedBy, status.id].filter(Boolean).join(" "));

    let chosen = input.value.trim();
    let timer;
    let asked = 0;

    const choose = (label) => {
      input.value = label;
      chosen = label;
      status.textContent = "";
      input.classList.remove("is-invalid");
      list.close();
    };
    const list = window.optionList(input, listbox, choose);

    const fetchCities = async (text) => {
      const name = text.split(",")[0].trim();
      if (name.length < 2) return [];
      const url = `${input.dataset.suggestUrl}?q=${encodeURIComponent(name)}`;
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return [];
      return (await response.json()).cities;
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
        list.show(same);
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
        if (ticket !== asked) return;
        // A place typed in full needs no list: opening it then would only push the page down
        // as the member moves on, and a press on the button below could land on the list.
        if (cities.some((label) => plain(label) === plain(text))) list.close();
        else list.show(cities);
      }, 150);
    });

    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (listbox.hidden && list.entries().length) list.show(list.entries());
        event.preventDefault();
        list.move(event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "Enter" && !listbox.hidden && list.highlighted() !== undefined) {
        event.preventDefault();
        choose(list.highlighted());
      } else if (event.key === "Escape" && !listbox.hidden) {
        event.preventDefault();
        list.close();
      }
    });

    input.addEventListener("blur", () => {
      clearTimeout(timer);
      list.close();
      check();
    });
  });
})();
