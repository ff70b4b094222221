"""A city's state or province in the reader's language: "Vancouver, Colombie-Britannique, CA"
on a French search card, "Columbia Británica" in the Spanish suggestions, and either name, or
the English, accepted when typed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from profiles.models import City, User
from tests.profiles.factories import city, make_mentee, make_mentor

pytestmark = pytest.mark.django_db


def test_a_french_search_card_names_the_province_in_french(client: Client) -> None:
    make_mentor(display_name="Max", city=city("Vancouver", "CA"))
    mentee = make_mentee()
    User.objects.filter(pk=mentee.user_id).update(language="fr")
    client.force_login(mentee.user)
    page = client.get(reverse("profiles:find_mentor"), {"q": "Max"}).content.decode()
    assert "Vancouver, Colombie-Britannique, CA" in page
    assert "Vancouver, British Columbia" not in page
    # The filter by region names it the same way.
    assert '<option value="British Columbia">Colombie-Britannique</option>' in page


@pytest.mark.parametrize(
    ("language", "typed", "label"),
    [
        ("es", "Vancou", "Vancouver, Columbia Británica, CA"),
        ("fr", "Charlotte", "Charlotte, Caroline du Nord, US"),
        ("es", "Charlotte", "Charlotte, Carolina del Norte, US"),
        ("en", "Charlotte", "Charlotte, North Carolina, US"),
    ],
)
def test_city_suggestions_name_the_region_in_the_readers_language(
    client: Client, language: str, typed: str, label: str
) -> None:
    response = client.get(
        reverse("profiles:city_suggestions"), {"q": typed}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.json()["cities"][0] == label


@pytest.mark.parametrize(
    "typed",
    [
        "Vancouver, British Columbia, CA",
        "Vancouver, Colombie-Britannique, CA",
        "Vancouver, Columbia Británica, CA",
        "vancouver, colombie-britannique",
    ],
)
def test_a_city_is_found_by_its_regions_name_in_any_language(typed: str) -> None:
    assert City.objects.matching(typed) == [city("Vancouver", "CA")]
