"""Reads the site the way a visitor's browser would: the links and forms on each page, and the
pages reachable from a few starting points. Tests walk every page and form this finds, so pages
and forms added later are covered without naming them."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
# The admin (its own product, walked apart) and files. Signing out asks first, so its page is in.
SKIPPED_PREFIXES = ("/admin/", "/static/")
SKIPPED_SUFFIXES = (".ics", ".xml", ".json", ".csv", ".zip", "/feed/", "/healthz")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str) -> list[Node]:
        return [node for node in self.iter() if node.tag == tag]

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        # Entities in text and attributes are decoded, as a browser would.
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID_TAGS:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        self.current.children.append(node)

    def handle_endtag(self, tag: str) -> None:
        for node in [self.current, *self.current.ancestors()]:
            if node.tag == tag:
                self.current = node.parent or self.root
                return

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@dataclass
class Control:
    """One named thing a form sends: a text box, a select, or a group of checkboxes or radio
    buttons of the same name."""

    name: str
    kind: str  # an input's type, or "textarea" / "select"
    value: list[str]  # what the browser sends untouched: text, selected or checked values
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    page: str
    method: str
    action: str
    controls: list[Control]
    buttons: list[tuple[str, str]]

    @property
    def route(self) -> str:
        return route_of(self.action)

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.method, self.route, tuple(sorted(c.name for c in self.controls)))


def route_of(url: str) -> str:
    """The URL pattern a path belongs to, so that pages of one kind are counted once."""
    try:
        return resolve(urlsplit(url).path).route
    except Resolver404:
        return urlsplit(url).path


def form_action(page: str, form: Node) -> str:
    action = urljoin(page, form.attrs.get("action") or page)
    parts = urlsplit(action)
    if form.attrs.get("method", "get").lower() == "get":
        return parts.path
    return parts.path + (f"?{parts.query}" if parts.query else "")


def controls_of(form: Node) -> tuple[list[Control], list[tuple[str, str]]]:
    controls: dict[str, Control] = {}
    buttons: list[tuple[str, str]] = []
    for node in form.iter():
        name = node.attrs.get("name")
        if not name or "disabled" in node.attrs:
            continue
        if node.tag == "button" or (
            node.tag == "input" and node.attrs.get("type") in {"submit", "image"}
        ):
            if node.attrs.get("type", "submit") == "submit":
                buttons.append((name, node.attrs.get("value", "")))
            continue
        if node.tag == "input":
            kind = node.attrs.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                control = controls.setdefault(name, Control(name, kind, []))
                option = node.attrs.get("value", "on")
                control.options.append(option)
                control.multiple = control.multiple or kind == "checkbox"
                if "checked" in node.attrs:
                    control.value.append(option)
            else:
                controls[name] = Control(name, kind, [node.attrs.get("value", "")])
        elif node.tag == "textarea":
            controls[name] = Control(name, "textarea", [textarea_value(node)])
        elif node.tag == "select":
            options = [
                option.attrs.get("value", option.text()) for option in node.find_all("option")
            ]
            selected = [
                option.attrs.get("value", option.text())
                for option in node.find_all("option")
                if "selected" in option.attrs
            ]
            multiple = "multiple" in node.attrs
            if not selected and options and not multiple:
                selected = options[:1]
            controls[name] = Control(name, "select", selected, options, multiple)
    return list(controls.values()), buttons


def textarea_value(node: Node) -> str:
    # A browser drops one newline right after <textarea>, which Django writes there.
    text = node.text()
    return text[1:] if text.startswith("\n") else text


def forms_on(page: str, document: Node) -> list[Form]:
    forms = []
    for node in document.find_all("form"):
        controls, buttons = controls_of(node)
        method = node.attrs.get("method", "get").lower()
        forms.append(Form(page, method, form_action(page, node), controls, buttons))
    return forms


def links_on(page: str, document: Node, host: str = "testserver") -> list[str]:
    """Same-site links, as paths with their query strings."""
    links = []
    for node in document.find_all("a"):
        href = node.attrs.get("href", "")
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        parts = urlsplit(urljoin(page, href))
        if parts.scheme not in {"", "http", "https"} or parts.netloc not in {"", host}:
            continue
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def query_names(url: str) -> list[str]:
    return [name for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)]


def is_skipped(path: str, prefixes: tuple[str, ...] = SKIPPED_PREFIXES) -> bool:
    plain = urlsplit(path).path
    return plain.startswith(prefixes) or plain.endswith(SKIPPED_SUFFIXES)


@dataclass
class Page:
    path: str
    html: str
    document: Node


def crawl(
    client: Client,
    starts: list[str],
    *,
    depth: int = 3,
    per_route: int = 2,
    skipped: tuple[str, ...] = SKIPPED_PREFIXES,
) -> dict[str, Page]:
    """Pages reachable from `starts` within `depth` links, at most `per_route` of each kind
    (members' pages, programs...). Redirects are followed; what is not HTML is left out."""
    pages: dict[str, Page] = {}
    seen: set[str] = set()
    per_route_count: dict[str, int] = {}
    queue = deque((start, 0) for start in starts)
    while queue:
        path, level = queue.popleft()
        if path in seen or is_skipped(path, skipped):
            continue
        seen.add(path)
        route = route_of(path)
        if per_route_count.get(route, 0) >= per_route and path not in starts:
            continue
        response = client.get(path)
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        if response.status_code in {301, 302}:
            queue.appendleft((urlsplit(response["Location"]).path, level))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        per_route_count[route] = per_route_count.get(route, 0) + 1
        html = response.content.decode()
        document = parse_html(html)
        pages[path] = Page(path, html, document)
        if level < depth:
            queue.extend((link, level + 1) for link in links_on(path, document))
    return pages
