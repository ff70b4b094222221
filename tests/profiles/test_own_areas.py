"""A member's own areas (Profile.own_areas), read by the dashboard, the completeness meter and
programs for you: asked along with the profile, or in one query however it was loaded."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.models import Profile

from .factories import area, make_mentor

pytestmark = pytest.mark.django_db


def expected(profile: Profile) -> tuple[dict[int, str], dict[int, str]]:
    return (
        {a.pk: a.name for a in profile.wanted_areas.all()},
        {a.pk: a.name for a in profile.expertise.all()},
    )


def test_own_areas_are_the_same_however_the_profile_was_loaded() -> None:
    mo = make_mentor(
        expertise=["Reference services", "Acquisitions"],
        wants_mentor=True,
        wanted=["Grant writing", "Cataloging (original and copy)"],
    )
    wanted, known = expected(mo)
    # In the taxonomy's order: cataloging's group comes before grant writing's.
    assert list(wanted.values()) == ["Cataloging (original and copy)", "Grant writing"]
    assert known == {
        area("Acquisitions").pk: "Acquisitions",
        area("Reference services").pk: "Reference services",
    }

    along = Profile.objects.with_own_areas().get(pk=mo.pk)
    with CaptureQueriesContext(connection) as queries:
        assert (along.own_areas.wanted, along.own_areas.known) == (wanted, known)
    assert len(queries) == 0

    for loaded in [
        Profile.objects.get(pk=mo.pk),
        Profile.objects.with_wanted_area_ids().get(pk=mo.pk),
    ]:
        with CaptureQueriesContext(connection) as queries:
            assert (loaded.own_areas.wanted, loaded.own_areas.known) == (wanted, known)
        assert len(queries) == 1


def test_a_profile_without_areas_has_none() -> None:
    mo = make_mentor(expertise=[])
    assert Profile.objects.with_own_areas().get(pk=mo.pk).own_areas.names == set()
    assert "areas of expertise" in Profile.objects.get(pk=mo.pk).missing_items
