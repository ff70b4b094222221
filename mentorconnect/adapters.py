from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.mail import EmailMessage

from . import emails


class AccountAdapter(DefaultAccountAdapter):
    """Builds allauth's emails with the project's email module, so they look like ours."""

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        # allauth names its emails "account/email/<kind>"; ours live in emails/account/.
        kind = template_prefix.rsplit("/", 1)[-1]
        to = [email] if isinstance(email, str) else email
        return emails.build(f"account/{kind}", to=to, context=context, headers=headers)
