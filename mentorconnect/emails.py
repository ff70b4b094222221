"""Every email MentorConnect sends is built here, from three templates.

An email called NAME has `emails/NAME-subject.txt`, `emails/NAME-body.txt` and
`emails/NAME-body.html`. The plain-text part is what people with simple mail readers (and
screen-reader users who prefer it) get; the HTML part is the same message, styled.
"""

from __future__ import annotations

import logging
import re
import smtplib
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.translation import gettext

logger = logging.getLogger(__name__)


def build(
    name: str,
    *,
    to: Sequence[str],
    context: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
    language: str = "",
) -> EmailMultiAlternatives:
    """The email in `language`, or else in the recipient's (`language_of`)."""
    with translation.override(language or language_of(to)):
        return _build(name, to=to, context=context, headers=headers)


def language_for(member: Any) -> str:
    """The language of every email to a member: the one they chose (or signed up in), else
    the site's."""
    return member.language or settings.LANGUAGE_CODE


def language_of(addresses: Sequence[str]) -> str:
    """The language a member chose (or signed up in); for someone without an account, such as
    a colleague invited or a visitor signing up, the language of the page that sent it."""
    chosen = (
        get_user_model()
        .objects.filter(email__in=addresses)
        .exclude(language="")
        .values_list("language", flat=True)
        .first()
    )
    return chosen or translation.get_language() or settings.LANGUAGE_CODE


def _build(
    name: str,
    *,
    to: Sequence[str],
    context: Mapping[str, Any],
    headers: Mapping[str, str] | None,
) -> EmailMultiAlternatives:
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = _plain_text(f"emails/{name}-subject.txt", context)
    # A template's trailing newline (or a long subject wrapped in the template) must not
    # reach the header. Only those: the no-break space French puts before ":" stays.
    subject = re.sub(r"[ \t\r\n]+", " ", subject).strip()
    text = _plain_text(f"emails/{name}-body.txt", context).strip() + "\n"
    # Straight to the Django engine: the form widgets' Jinja2 engine, asked first otherwise,
    # would look for each template on disk again (a sweep builds thousands of emails).
    html = render_to_string(f"emails/{name}-body.html", context, using="django")
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        headers=dict(headers or {}),
    )
    message.attach_alternative(html, "text/html")
    return message


def _plain_text(template_name: str, context: Mapping[str, Any]) -> str:
    """A subject or plain-text body: nothing is HTML-escaped there ("Q&A", "O'Brien" stay as
    they are; `&amp;` and `&#x27;` are what people used to see)."""
    # The Django backend's template wraps a django.template.Template, which takes a Context.
    template = get_template(template_name, using="django").template  # type: ignore[attr-defined]
    return template.render(Context(dict(context), autoescape=False))


def send(
    name: str,
    *,
    to: Sequence[str],
    context: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
) -> None:
    """Sends the email at once, while someone waits for it (a sign-up's confirmation, a
    password reset, an invitation). Raises DeliveryFailed, which says why in words for that
    person, when the mail server refuses it or cannot be reached. Emails that can wait go
    through the outbox instead, which keeps them until they are sent."""
    send_now(build(name, to=to, context=context, headers=headers))


class DeliveryFailed(Exception):
    """An email sent while someone waits did not go out; str() is what to tell them."""


# What sending raises when the mail server refuses a message or cannot be reached.
DELIVERY_ERRORS = (smtplib.SMTPException, OSError)


def send_now(message: EmailMultiAlternatives) -> None:
    try:
        message.send()
    except DELIVERY_ERRORS as error:
        raise DeliveryFailed(why_not_sent(message.to, error)) from error


def why_not_sent(to: Sequence[str], error: Exception) -> str:
    """What to tell the person waiting for an email to `to`, which `error` kept from going
    out (logged here)."""
    logger.warning("Email to %s not sent: %r", to, error)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        reason = gettext(
            "Our mail server refused the address %(email)s, so we could not email it. "
            "Please check it for a typo."
        )
    else:
        reason = gettext(
            "We could not send an email to %(email)s just now. Please try again in a few minutes."
        )
    return reason % {"email": ", ".join(to)}
