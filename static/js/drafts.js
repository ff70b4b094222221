// Nothing a member wrote is lost when their session ends or the page goes out of date. What they
// type in a form's text fields (its textareas and one-line text boxes) is kept as a draft in this tab's
// sessionStorage, keyed by the member, the page's path and the field's name, until the form is
// sent and accepted. sessionStorage and not localStorage: the text is private (feedback, goals)
// and must not outlive the tab on a shared library computer. When the page's form is shown again
// without the text (after signing in again, after the out-of-date page, after going back), the
// draft is put back with a note that says so and offers to discard it. Without JavaScript the
// forms work as before, and no page claims that anything was kept.
// The words come from data-attributes of this script's tag in base.html, in the member's
// language; the English here is only the fallback.
(() => {
  const words = document.currentScript?.dataset || {};
  const member = words.member || "";
  // Text a member writes, not what they choose (a box ticked again costs a click) nor an email
  // address or a password, which a browser fills in itself and a tab should not keep.
  const TEXT = "textarea[name], input[name]:is([type='text' i], [type='url' i], :not([type]))";
  const FIELDS = `form[method='post' i] :is(${TEXT})`;
  const SENT = "draft-sent";

  let store;
  try {
    store = window.sessionStorage;
    store.getItem(SENT);
  } catch {
    // Storage switched off (a private window in some browsers): the forms work as without script.
    return;
  }

  const pathOf = (url) => new URL(url, window.location.href).pathname;
  // A draft's key names the member too: on a computer shared in turn, the next person signing
  // in to the same tab does not find someone else's text in their own form. And the address
  // its form sends to: a page may hold several forms with a field of the same name (each plan
  // item's text box and the box that adds one), whose drafts must not meet.
  const keyOf = (field) =>
    JSON.stringify([
      "draft",
      member,
      window.location.pathname,
      pathOf(field.form.action),
      field.name,
    ]);
  const drafts = () =>
    Object.keys(store)
      .filter((key) => key.startsWith('["draft",'))
      .map((key) => ({ key, path: JSON.parse(key)[2] }));

  const write = (field) => {
    const key = keyOf(field);
    try {
      if (field.value.trim()) store.setItem(key, field.value);
      else store.removeItem(key);
    } catch {
      // Storage full: the text is still in the field, as without this script.
    }
  };

  // Whether the form sent from the previous page was accepted. A refusal always says so on the
  // page it leads to, with an element marked data-drafts-keep: the form again with its error
  // summary (every refused form shows one, and tests/test_bad_input.py holds every form to it),
  // an error message, the sign-in page (the session had ended), the out-of-date page
  // (403_csrf.html) or another error page. Any other page means the form was accepted, and its
  // drafts are forgotten. A success message would be the weaker sign: not every accepted form
  // shows one, and a draft kept after its form was sent would come back into the empty form as
  // if it were still to send. Only the page the browser went to next answers; coming back or
  // reloading (after the browser's own "no connection" page, say) is no answer, and keeps them.
  const sentFrom = store.getItem(SENT);
  if (sentFrom !== null) {
    store.removeItem(SENT);
    const navigation = performance.getEntriesByType("navigation")[0];
    const answered = !navigation || navigation.type === "navigate";
    if (answered && !document.querySelector("[data-drafts-keep]")) {
      drafts()
        .filter((draft) => draft.path === sentFrom)
        .forEach((draft) => store.removeItem(draft.key));
    }
  }

  // The sign-in page and the out-of-date page say that the text typed on the page the member is
  // going back to is kept, only when this tab does keep some (whoever it belongs to: the person
  // about to sign in is not known yet).
  document.querySelectorAll("[data-drafts-note-for]").forEach((note) => {
    const url = note.dataset.draftsNoteFor;
    if (url && drafts().some((draft) => draft.path === pathOf(url))) note.hidden = false;
  });

  let notes = 0;
  const restore = (field, text) => {
    field.value = text;
    const note = document.createElement("div");
    note.id = `draft-note-${++notes}`;
    note.className = "draft-note alert alert-info d-flex flex-wrap align-items-center gap-2";
    note.setAttribute("role", "status");
    const message = document.createElement("span");
    message.textContent =
      words.restored || "The text you typed here before is back: this tab kept it for you.";
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-secondary";
    discard.textContent = words.discard || "Discard it";
    note.append(message, discard);
    field.after(note);
    const describedBy = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", [describedBy, note.id].filter(Boolean).join(" "));
    discard.addEventListener("click", () => {
      field.value = field.defaultValue;
      store.removeItem(keyOf(field));
      note.remove();
      if (describedBy) field.setAttribute("aria-describedby", describedBy);
      else field.removeAttribute("aria-describedby");
      field.focus();
    });
  };

  document.querySelectorAll(FIELDS).forEach((field) => {
    const text = store.getItem(keyOf(field));
    // Only into a form shown as the server drew it: a form that came back with its errors
    // already holds what was sent, and one the browser refilled on going back holds the newest.
    if (text !== null && text !== field.value && field.value === field.defaultValue) {
      restore(field, text);
    }
    field.addEventListener("input", () => write(field));
  });

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (event.defaultPrevented) return;
    // Signing out on a shared computer leaves nothing private behind in the tab.
    if (form.hasAttribute("data-drafts-forget-all")) {
      drafts().forEach((draft) => store.removeItem(draft.key));
      return;
    }
    const fields = form.matches("form[method='post' i]")
      ? form.querySelectorAll(TEXT)
      : [];
    if (!fields.length) return;
    fields.forEach(write);
    store.setItem(SENT, window.location.pathname);
  });
})();
