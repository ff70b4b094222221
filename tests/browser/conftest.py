from __future__ import annotations

import pytest

from profiles import reference_data
from profiles.models import CareerStage, City, ExpertiseArea, ExpertiseGroup, LibraryType


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    # Browser tests run outside a transaction, and Django empties every table after such a
    # test, the data migrations' taxonomy and cities included: load them again where missing.
    if not ExpertiseArea.objects.exists():
        reference_data.load_taxonomy(ExpertiseGroup, ExpertiseArea, LibraryType, CareerStage)
    if not City.objects.exists():
        reference_data.load_cities(City)
