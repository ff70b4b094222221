"""Signing in through the association's member system, end to end against a real OpenID
Connect provider (tests/idp, started by conftest.py): our sign-in page, its button, the
provider's own login form, and back."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import Page, expect

from profiles.models import Membership, MembershipStatus, User
from tests.browser.test_accessibility import audit
from tests.idp import EXPIRED, WRONG_AUDIENCE
from tests.profiles.factories import make_profile
from tests.sso.conftest import IDP_PASSWORD, IdentityProvider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_through_the_association(page: Page, live_server: Any, username: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="Sign in with your ALA account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Association member sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Sign in to the association").click()


def test_new_member_signs_in_through_the_association_and_starts_their_profile(
    page: Page, live_server: Any, sso: IdentityProvider, screenshot: Any
) -> None:
    page.goto(live_server.url + "/accounts/login/")
    screenshot("1-sign-in-page")
    assert audit(page, "sign-in page with the association's button")[0] == []
    sign_in_through_the_association(page, live_server, "noor")

    # No sign-up form and no confirmation email: the association vouches for the address.
    expect(page.get_by_role("heading", level=1)).to_have_text("Make your profile")
    expect(page).to_have_url(live_server.url + "/profile/step-1/")
    expect(page.get_by_label("Your name as members see it")).to_have_value("Noor Haddad")
    screenshot("2-profile-step-1")

    user = User.objects.get(email="noor.haddad@example.org")
    assert user.profile.city is not None
    assert (user.profile.city.name, user.profile.city.country) == ("Toronto", "CA")
    membership = Membership.objects.get(user=user)
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.units == ["ACRL", "NMRT"]
    assert membership.is_current
    assert SocialAccount.objects.filter(user=user, provider="association").exists()


def test_member_with_an_account_finds_their_own_account_and_lands_on_the_dashboard(
    page: Page, live_server: Any, sso: IdentityProvider
) -> None:
    rosa = make_profile(email="rosa.diaz@example.org", display_name="Rosa D.").user

    sign_in_through_the_association(page, live_server, "rosa")

    expect(page).to_have_url(live_server.url + "/dashboard/")
    assert User.objects.filter(email="rosa.diaz@example.org").count() == 1
    account = SocialAccount.objects.get(provider="association")
    assert account.user == rosa
    rosa.profile.refresh_from_db()
    assert rosa.profile.display_name == "Rosa D."  # what she chose stays
    assert Membership.objects.get(user=rosa).status == MembershipStatus.LAPSED


@pytest.mark.parametrize("client", [WRONG_AUDIENCE, EXPIRED])
def test_refused_id_token_says_so_on_our_page_and_makes_nothing(
    page: Page,
    live_server: Any,
    sso: IdentityProvider,
    settings: Any,
    client: str,
    screenshot: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # MentorConnect signs in through a registration whose id tokens it must refuse.
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [sso.app(client)]}}
    sign_in_through_the_association(page, live_server, "noor")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "We could not sign you in through the association"
    )
    screenshot("refused")
    assert audit(page, "refused sign-in")[0] == []
    page.get_by_role("link", name="Back to sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to MentorConnect")
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()
    assert not Membership.objects.exists()
    # Refused for the token's own fault, as allauth's check of the id token found it.
    reason = {WRONG_AUDIENCE: "Audience doesn't match", EXPIRED: "Signature has expired"}
    assert reason[client] in caplog.text
