// Offers matching cities from the site's own gazetteer as a member types a place name.
// Without JavaScript the field still works: the server finds the city from the typed text.
document.querySelectorAll("input[data-suggest-url]").forEach((input) => {
  const list = document.getElementById(input.getAttribute("list"));
  if (!list) return;
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2 || text.includes(",")) return;
    timer = setTimeout(async () => {
      const url = `${input.dataset.suggestUrl}?q=${encodeURIComponent(text)}`;
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const { cities } = await response.json();
      list.replaceChildren(
        ...cities.map((label) => Object.assign(document.createElement("option"), { value: label })),
      );
    }, 150);
  });
});
