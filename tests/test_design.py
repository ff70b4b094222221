"""The site's own look where a member notices it: the header names them (not their email
address), one click on the emailed link confirms it with one message, the error pages look like
the site and offer a way back, and the favicon and wordmark are there."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.staticfiles import finders
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from mentorconnect.templatetags.site_tags import member_name
from profiles.avatars import initials
from profiles.models import User

from .conftest import PASSWORD, make_member
from .profiles.factories import make_profile

pytestmark = pytest.mark.django_db

LONG_EMAIL = "catalogue.librarian.ab@ex.org"  # 28 characters


def header(html: str) -> str:
    """The header as it shows on screen: without the words only screen readers hear."""
    top = html.split("</header>")[0]
    return re.sub(r'<span class="visually-hidden">.*?</span>', "", top, flags=re.S)


def test_header_shows_the_members_name_and_initials_not_their_email(client: Client) -> None:
    profile = make_profile(email=LONG_EMAIL, display_name="Ada Lovelace")
    client.force_login(profile.user)
    html = client.get(reverse("how_it_works")).content.decode()
    shown = header(html)
    assert '<span class="account-name">Ada Lovelace</span>' in shown
    assert '<span class="avatar" aria-hidden="true">AL</span>' in shown
    assert LONG_EMAIL not in shown
    # Screen readers hear which account is signed in.
    assert f"signed in as {LONG_EMAIL}" in html


def test_member_without_a_profile_is_named_by_the_start_of_their_address(client: Client) -> None:
    client.force_login(make_member(LONG_EMAIL))
    shown = header(client.get(reverse("faq")).content.decode())
    assert '<span class="account-name">catalogue.librarian.ab</span>' in shown
    assert "@ex.org" not in shown


def test_names_and_initials_for_avatars() -> None:
    assert initials("Ada Lovelace") == "AL"
    assert initials("Mary Ann de la Cruz") == "MC"
    assert initials("grace.hopper") == "GH"
    assert initials("ada") == "A"
    assert initials("") == "?"
    assert initials("mia.lopez@example.org") == "M"
    assert member_name(User(email="x.y@example.org")) == "x.y"


def test_signed_in_members_find_their_mentorships_and_circles_in_the_header(
    client: Client,
) -> None:
    visitor = header(client.get(reverse("home")).content.decode())
    assert "My mentorships" not in visitor
    assert "Join free" in visitor
    client.force_login(make_profile(display_name="Mia Chen").user)
    shown = header(client.get(reverse("home")).content.decode())
    assert f'href="{reverse("mentorships:list")}"' in shown
    assert f'href="{reverse("circles:list")}"' in shown
    assert "Sign in" not in shown


def test_the_header_kept_between_pages_is_each_members_own() -> None:
    """The header's links are kept by the process between pages (CACHES["fragments"]); one
    member's page never shows another's name, language, active page or staff links."""
    mia = make_profile(display_name="Mia Chen").user
    mia.language = "fr"
    mia.save()
    staff = make_profile(display_name="Sam Staff").user
    staff.is_staff = True
    staff.save()
    mia_client, staff_client, visitor = Client(), Client(), Client()
    mia_client.force_login(mia)
    staff_client.force_login(staff)
    for _ in range(2):
        mia_faq = header(mia_client.get(reverse("faq")).content.decode())
        staff_faq = header(staff_client.get(reverse("faq")).content.decode())
        staff_search = header(staff_client.get(reverse("profiles:find_mentor")).content.decode())
        visitor_faq = header(visitor.get(reverse("faq")).content.decode())
        assert '<span class="account-name">Mia Chen</span>' in mia_faq
        assert "Trouver un mentor" in mia_faq and "Find a mentor" not in mia_faq
        assert "Administration" not in mia_faq
        assert '<span class="account-name">Sam Staff</span>' in staff_faq
        assert "Find a mentor" in staff_faq and "Administration" in staff_faq
        assert "Mia Chen" not in staff_faq
        find_mentor = f'href="{reverse("profiles:find_mentor")}" aria-current="page"'
        assert find_mentor in staff_search and find_mentor not in staff_faq
        assert "Sign in" in visitor_faq and "Sam Staff" not in visitor_faq


def test_one_click_on_the_emailed_link_confirms_signs_in_and_says_so_once(
    client: Client,
) -> None:
    response = client.post(
        reverse("account_signup"), {"email": "nia@example.org", "password1": PASSWORD}
    )
    page = client.get(response["Location"]).content.decode()
    assert "Check your email" in page
    assert "Confirmation email sent" not in page  # the page says it; no banner on top
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", str(mail.outbox[0].body))
    assert link

    response = client.get(link.group(1), follow=True)

    assert EmailAddress.objects.get(email="nia@example.org").verified
    assert response.redirect_chain[-1][0] == reverse("profiles:setup", kwargs={"step": 1})
    html = response.content.decode()
    assert html.count("alert-dismissible") == 1
    assert "Thank you: nia@example.org is confirmed." in html
    assert "Successfully signed in" not in html
    assert '<span class="account-name">nia</span>' in html


def test_a_used_confirmation_link_explains_what_to_do(client: Client) -> None:
    response = client.get(reverse("account_confirm_email", args=["not-a-real-key"]))
    html = response.content.decode()
    assert "This link no longer works" in html
    assert "Please confirm that" not in html
    assert f'href="{reverse("account_login")}"' in html


def test_sign_up_says_it_is_free_and_what_happens_next(client: Client) -> None:
    html = client.get(reverse("account_signup")).content.decode()
    assert "Join MentorConnect" in html
    assert "Free for every library worker" in html
    assert "What happens next" in html
    assert "Sign Up" not in html


def test_missing_page_is_in_the_sites_look_with_a_way_back(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'class="site-header"' in html
    assert "brand/mark-on-navy.svg" in html
    assert f'href="{reverse("home")}"' in html


def test_refused_page_is_in_the_sites_look_with_a_way_back(client: Client) -> None:
    client.force_login(make_member("ada@example.org"))
    response = client.get("/admin/login/")  # staff only: members are refused
    assert response.status_code == 403
    html = response.content.decode()
    assert "This page is not open to you" in html
    assert 'class="site-header"' in html
    assert f'href="{reverse("dashboard")}"' in html


def test_server_error_page_needs_no_database_or_request(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert "css/site.css" in html
    assert "brand/mark-on-navy.svg" in html
    assert 'href="/"' in html


def test_favicon_and_wordmark_are_linked_and_served(client: Client) -> None:
    html = client.get(reverse("home")).content.decode()
    for name in ["favicon.ico", "favicon.svg", "apple-touch-icon.png", "brand/mark-on-navy.svg"]:
        assert f"/static/{name}" in html
        assert finders.find(name), name
        response = client.get(f"/static/{name}")
        assert response.status_code == 200, name
    wordmark = client.get("/static/brand/wordmark.svg")
    assert wordmark.status_code == 200
    assert b"<title" in wordmark.getvalue()
    # The vendored icons come with their licence.
    assert finders.find("icons/LICENSE")
    assert finders.find("icons/search.svg")


def test_admin_header_has_the_wordmark_and_greets_staff_by_name(client: Client) -> None:
    staff = make_profile(email=LONG_EMAIL, display_name="Sam Staff").user
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    html = client.get(reverse("admin:index")).content.decode()
    assert "brand/mark-on-navy.svg" in html
    assert "css/admin.css" in html
    assert "Welcome, <strong>Sam Staff</strong>." in html
    assert LONG_EMAIL not in html
