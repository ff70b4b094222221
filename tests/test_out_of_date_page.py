"""A form sent from an out-of-date page (its CSRF token no longer matches) gets a page in the
site's design, in the member's language, that leads back to the form and never elsewhere."""

from __future__ import annotations

import pytest
from django.test import Client

from profiles.models import User

pytestmark = pytest.mark.django_db

FORM = "/mentorships/1/agreement/"


def post_without_token(referer: str | None, language: str = "en") -> str:
    headers = {"accept-language": language}
    if referer is not None:
        headers["referer"] = referer
    response = Client(enforce_csrf_checks=True).post(FORM, {"goals": "x"}, headers=headers)
    assert response.status_code == 403
    return response.content.decode()


def test_out_of_date_form_leads_back_to_the_page_it_came_from() -> None:
    html = post_without_token(f"http://testserver{FORM}?from=dashboard")
    assert "This page was out of date, so nothing was sent" in html
    assert f'href="{FORM}?from=dashboard">Back to the form</a>' in html
    assert f'data-drafts-note-for="{FORM}?from=dashboard"' in html


def test_out_of_date_page_never_links_to_another_site() -> None:
    for referer in ("https://elsewhere.example/form/", "javascript:alert(1)", None):
        html = post_without_token(referer)
        assert "Back to the form" not in html, referer
        assert "elsewhere.example" not in html, referer
        assert "Back button, reload it" in html, referer
    html = post_without_token("http://testserver//elsewhere.example/form/")
    assert 'href="/elsewhere.example/form/">Back to the form</a>' in html


def test_out_of_date_page_is_in_the_site_design_for_a_member(member: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(FORM, headers={"referer": f"http://testserver{FORM}"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "site-header" in html
    assert "Sign out" in html


def test_out_of_date_page_speaks_french() -> None:
    html = post_without_token(f"http://testserver{FORM}", language="fr")
    assert "Cette page n’était plus à jour\u00a0: rien n’a été envoyé" in html
    assert "Retour au formulaire" in html
