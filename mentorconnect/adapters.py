from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django.contrib import messages
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from profiles.http import remember_where_going

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

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Signing up, asking for a password reset or a new confirmation link sends its email
        # while the person waits: a mail server that refuses the address, or is down, is said
        # on the page they land on, not shown as a server error. Their account is kept.
        try:
            super().send_mail(template_prefix, email, context)
        except emails.DELIVERY_ERRORS as error:
            if (request := allauth_context.request) is not None:
                messages.error(request, emails.why_not_sent([email], error))

    def send_notification_mail(
        self,
        template_prefix: str,
        user: Any,
        context: dict[str, Any] | None = None,
        email: str | None = None,
    ) -> None:
        # Security notices say when it happened in the member's time zone, named, as every
        # other email does: a member who did not do it compares it with where they were.
        zone = user.time_zone_for_emails or "UTC"
        super().send_notification_mail(
            template_prefix, user, {"zone": zone, **(context or {})}, email
        )

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # Emails sent later, outside any request, go in the language the member signed up in
        # until they choose another from the header's menu.
        user.language = translation.get_language() or ""
        # Once the address is confirmed and the profile made, back to what they came for.
        remember_where_going(request)
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return role_landing(request.user) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        # Where the sign-up resumes once the address is confirmed: the first profile step.
        return reverse("profiles:setup", kwargs={"step": 1})

    def get_email_verification_redirect_url(self, email_address: EmailAddress) -> str:
        # Called before the automatic sign-in, so it asks about the address's owner.
        return unfinished_profile_step(
            email_address.user
        ) or super().get_email_verification_redirect_url(email_address)


def role_landing(user: Any) -> str | None:
    """Where each person's work is after signing in: curators at the programs waiting for a
    review, other staff at the admin, coordinators at their cohorts, members at their unfinished
    profile (or, with none, the dashboard: None). People who came to run the service are not
    sent through a member's profile steps."""
    from programs.cohorts.models import Coordinator

    if user.is_staff and not user.is_superuser and user.has_perm("programs.change_program"):
        return reverse("programs:needs_review")
    if user.is_staff:
        return reverse("admin:index")
    if Coordinator.objects.filter(user=user).exists():
        return reverse("cohorts:coordinate")
    return unfinished_profile_step(user)


def unfinished_profile_step(user: Any) -> str | None:
    """Where a member without a finished profile goes on with it after signing in: without a
    profile nobody can be matched, and most people who never finished never sent a request."""
    from profiles.models import Profile

    profile = Profile.objects.filter(user=user).only("completed_at", "onboarding_step").first()
    if profile is None or profile.completed_at is None:
        step = profile.onboarding_step if profile else 1
        return reverse("profiles:setup", kwargs={"step": step})
    return None
