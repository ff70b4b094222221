"""Every email MentorConnect sends is built here, from three templates.

An email called NAME has `emails/NAME-subject.txt`, `emails/NAME-body.txt` and
`emails/NAME-body.html`. The plain-text part is what people with simple mail readers (and
screen-reader users who prefer it) get; the HTML part is the same message, styled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def build(
    name: str,
    *,
    to: Sequence[str],
    context: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
) -> EmailMultiAlternatives:
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    # Straight to the Django engine: the form widgets' Jinja2 engine, asked first otherwise,
    # would look for each template on disk again (a sweep builds thousands of emails).
    render = partial(render_to_string, context=context, using="django")
    subject: str = render(f"emails/{name}-subject.txt")
    # A template's trailing newline (or a long subject wrapped in the template) must not
    # reach the header.
    subject = " ".join(subject.split())
    text = render(f"emails/{name}-body.txt").strip() + "\n"
    html = render(f"emails/{name}-body.html")
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        headers=dict(headers or {}),
    )
    message.attach_alternative(html, "text/html")
    return message


def send(
    name: str,
    *,
    to: Sequence[str],
    context: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
) -> None:
    build(name, to=to, context=context, headers=headers).send()
