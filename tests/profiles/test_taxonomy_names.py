"""The taxonomy's names are shown in the member's language: every name in the database is
listed for translation, and str() gives the translated name."""

from __future__ import annotations

import pytest
from django.utils import translation

from profiles import taxonomy_names
from profiles.models import CareerStage, ExpertiseArea, ExpertiseGroup, LibraryType


@pytest.mark.django_db
@pytest.mark.parametrize("model", [ExpertiseGroup, ExpertiseArea, LibraryType, CareerStage])
def test_every_name_in_the_database_is_listed_for_translation(model: type) -> None:
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
