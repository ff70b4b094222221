"""Single sign-on with the association's member system (OpenID Connect, docs/sso.md).

allauth runs the exchange and checks the id token; this adapter reads what the claims tell us
about the member: their name and city for a new profile, and their membership of the
association and its units, recorded at every sign-in (profiles.Membership).
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation

from profiles.models import (
    City,
    Membership,
    MembershipStatus,
    Profile,
    User,
    languages_of_browser,
)
from profiles.validators import without_bidi_controls

logger = logging.getLogger(__name__)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        # The member sees templates/socialaccount/authentication_error.html; operators see why
        # (the kind of failure only: never a token).
        logger.warning(
            "Single sign-on refused: %s (%s: %s)",
            error,
            type(exception).__name__,
            exception.__cause__ if exception is not None else "",
        )
        super().on_authentication_error(request, provider, error, exception, extra_context)

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        # A returning member, or one whose verified address found their existing account:
        # the claims are fresh, record them before they land anywhere.
        user = sociallogin.user
        if user is not None and user.pk is not None:
            record_claims(request, user, claims_of(sociallogin))

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> Any:
        # A new member: emails go in the language they arrived in, as with email sign-up.
        sociallogin.user.language = translation.get_language() or ""
        user = super().save_user(request, sociallogin, form)
        record_claims(request, user, claims_of(sociallogin))
        return user


def claims_of(sociallogin: SocialLogin) -> dict[str, Any]:
    """The provider's claims: OpenID Connect's userinfo answer, else its id token (as allauth
    reads them); SAML's attributes, each a list, with one-value lists opened."""
    data = sociallogin.account.extra_data or {}
    if sociallogin.account.provider == "saml":
        return {
            name: values[0] if isinstance(values, list) and len(values) == 1 else values
            for name, values in data.items()
        }
    return data.get("userinfo") or data.get("id_token") or {}


def claim(claims: dict[str, Any], name: str) -> Any:
    """A claim by name, where a dotted name reads inside an object ("address.locality")."""
    value: Any = claims
    for part in name.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def record_claims(request: HttpRequest, user: User, claims: dict[str, Any]) -> None:
    """Fills what the member has not said yet (their name, their city) and records their
    membership as the association says it today."""
    names = settings.OIDC_CLAIMS
    name = without_bidi_controls(str(claims.get("name") or "")).strip()[:120]
    city = find_city(claim(claims, names["city"]), claim(claims, "address.region"))
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        # The first profile step opens with these filled in; the member checks them there.
        Profile.objects.create(
            user=user,
            display_name=name,
            city=city,
            languages=languages_of_browser(request.headers.get("Accept-Language", "")),
        )
    else:
        changed = []
        if not profile.display_name and name:
            profile.display_name = name
            changed.append("display_name")
        if profile.city_id is None and city is not None:
            profile.city = city
            changed.append("city")
        if changed:
            profile.save(update_fields=[*changed, "updated_at"])

    status = str(claim(claims, names["membership_status"]) or "").lower()
    units = claim(claims, names["membership_units"]) or []
    if isinstance(units, str):
        units = units.replace(";", ",").split(",")
    units = sorted({str(unit).strip().upper()[:30] for unit in units if str(unit).strip()})
    Membership.objects.update_or_create(
        user=user,
        defaults={
            "status": status if status in MembershipStatus.values else MembershipStatus.NONE,
            "units": units,
            "seen_at": timezone.now(),
        },
    )


def find_city(locality: Any, region: Any = None) -> City | None:
    """The gazetteer's city for a city claim, in its region when the claims name one, else the
    most populous of that name; None when the gazetteer does not know it."""
    if not isinstance(locality, str) or not locality.strip():
        return None
    if isinstance(region, str) and region.strip():
        found = City.objects.matching(f"{locality[:200]}, {region[:120]}")
        if found:
            return found[0]
    found = City.objects.matching(locality[:200])
    return found[0] if found else None
