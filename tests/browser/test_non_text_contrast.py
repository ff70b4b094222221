"""Non-text contrast (WCAG 2.2 AA, 1.4.11), measured from the browser's computed styles: the
edges of form controls (a text box, an unticked checkbox in the programs' filters) and the focus
ring of everything that takes focus are at least 3:1 against the surface around them: white, the
light-blue callouts and the navy header and footer."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page

from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEASURE = """
(mode) => {
  const parse = (text) => {
    const parts = text.match(/rgba?\\(([^)]+)\\)/)[1].split(/[\\s,\\/]+/).filter(Boolean);
    const [r, g, b, a] = parts.map(Number);
    return [r, g, b, Number.isNaN(a) || a === undefined ? 1 : a];
  };
  const luminance = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (x, y) => {
    const [a, b] = [luminance(x), luminance(y)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]));
  // The colour of the surface an element sits on: its ancestors' backgrounds, blended.
  const surface = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const colour = parse(getComputedStyle(e).backgroundColor);
      if (colour[3] > 0) { layers.push(colour); if (colour[3] >= 1) break; }
    }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255]);
  };
  const visible = (e) => {
    const box = e.getBoundingClientRect();
    return box.width > 4 && box.height > 4 && getComputedStyle(e).visibility !== "hidden";
  };
  const name = (e) => {
    const words = (e.textContent || e.name || "").trim().slice(0, 30);
    return `${e.tagName.toLowerCase()}.${e.className} "${words}"`;
  };
  const found = [];
  if (mode === "borders") {
    for (const e of document.querySelectorAll(".form-control, .form-select, .form-check-input")) {
      if (!visible(e) || e.matches(":checked")) continue;
      const measured = ratio(parse(getComputedStyle(e).borderTopColor), surface(e.parentElement));
      found.push([name(e), Math.round(measured * 100) / 100]);
    }
  } else {
    const focusable = "a[href], button, input:not([type=hidden]), select, textarea, summary";
    for (const e of document.querySelectorAll(focusable)) {
      if (!visible(e)) continue;
      e.focus({ preventScroll: true });
      if (document.activeElement !== e || !e.matches(":focus-visible")) continue;
      const style = getComputedStyle(e);
      const width = style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth);
      const measured = width < 2 ? 0 : ratio(parse(style.outlineColor), surface(e.parentElement));
      found.push([name(e), Math.round(measured * 100) / 100]);
    }
  }
  return found;
}
"""


def measure(page: Page, mode: str) -> list[tuple[str, float]]:
    return [(what, ratio) for what, ratio in page.evaluate(MEASURE, mode)]


def test_form_control_edges_and_every_focus_ring_are_at_least_3_to_1(
    browser: Browser, live_server
) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    folder = ARTIFACTS / "non_text_contrast"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ["programs:directory", "account_login", "account_signup", "home", "how_it_works"]:
        page.goto(live_server.url + reverse(name))
        page.screenshot(path=folder / f"{name.replace(':', '-')}.png")
        borders = measure(page, "borders")
        rings = measure(page, "rings")
        if name in {"programs:directory", "account_login"}:
            assert borders, f"no form control measured on {name}"
        assert rings, f"no focus ring measured on {name}"
        faint = [(what, ratio) for what, ratio in borders + rings if ratio < 3]
        assert not faint, f"{name}: below 3:1: {faint}"
    # For the eye: a focused link in the light-blue band.
    page.goto(live_server.url + reverse("home"))
    link = page.locator(".bg-brand-tint a").first
    link.focus()
    link.scroll_into_view_if_needed()
    page.screenshot(path=folder / "focused-link-on-tint.png")
    page.context.close()
