"""The taxonomy's names are shown in the member's language: every name in the database is
listed for translation, and str() gives the translated name."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from profiles import taxonomy_names
from profiles.models import CareerStage, ExpertiseArea, ExpertiseGroup, LibraryType
from tests.conftest import make_member

from .factories import library_type, make_mentor


@pytest.mark.django_db
@pytest.mark.parametrize("model", [ExpertiseGroup, ExpertiseArea, LibraryType, CareerStage])
def test_every_name_in_the_database_is_listed_for_translation(
    model: type[ExpertiseGroup | ExpertiseArea | LibraryType | CareerStage],
) -> None:
    names = set(model.objects.values_list("name", flat=True))
    assert names, "the migrations load the taxonomy"
    missing = sorted(names - taxonomy_names.ALL_NAMES)
    assert not missing, (
        f"Add these names to profiles/taxonomy_names.py and translate them: {missing}"
    )


@pytest.mark.django_db
def test_an_area_shows_its_name_in_english_as_stored() -> None:
    area = ExpertiseArea.objects.get(name="Cataloging (original and copy)")
    with translation.override("en"):
        assert str(area) == "Cataloging (original and copy)"


@pytest.mark.django_db
def test_a_french_member_finds_mentors_by_areas_named_in_french(client: Client) -> None:
    make_mentor(
        display_name="Hélène Tremblay",
        expertise=["Cataloging (original and copy)"],
        library_type=library_type("Public"),
    )
    client.force_login(make_member("camille@example.org", language="fr"))
    html = client.get(reverse("profiles:find_mentor")).content.decode()
    # The filter's groups and areas, and the mentor's card.
    assert "Services techniques et métadonnées" in html
    assert "Catalogage (original et dérivé)" in html
    assert "Bibliothèque publique" in html
    assert "Cataloging (original and copy)" not in html


@pytest.mark.django_db
def test_a_spanish_reader_sees_a_career_stage_in_spanish() -> None:
    stage = CareerStage.objects.get(name="Mid-career (5-15 years)")
    with translation.override("es"):
        assert str(stage) == "Mitad de carrera (5 a 15 años)"
