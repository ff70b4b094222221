"""Reading what a member sees on a page, from its HTML: what was rendered, not the context."""

from __future__ import annotations

import html
import re

from django.test import Client
from django.urls import reverse

SUGGESTION = re.compile(
    r'<li class="border-bottom py-2">\s*<a href="/members/\d+/" class="fw-semibold">([^<]+)</a>'
    r'.*?<div class="small text-brand">([^<]*)</div>',
    re.DOTALL,
)


def dashboard_suggestions(client: Client) -> list[tuple[str, str]]:
    """(name, reason) of each mentor the dashboard suggests, in order."""
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    if 'id="suggested-mentors"' not in page:
        return []
    start = page.index('id="suggested-mentors"')
    section = page[start : page.index("</ol>", start)]
    return [
        (html.unescape(name), html.unescape(reason)) for name, reason in SUGGESTION.findall(section)
    ]
