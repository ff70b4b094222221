"""The round's page at any size: a handful of queries however many pairs, the pairs fifty to a
page, and one swap form and one assign form that reach every pair of the draft."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mentorships import cohort_rounds
from profiles.models import User
from programs.cohorts import services
from programs.cohorts.models import Application, Cohort, DraftPair, Role
from programs.cohorts.views import PAIRS_PAGE_SIZE
from tests.cohorts.conftest import make_application, make_cohort, make_coordinator
from tests.profiles.factories import make_mentee, make_mentor


@pytest.fixture
def cohort(today: datetime.date) -> Cohort:
    return make_cohort(places=100)


@pytest.fixture
def coordinator(client: Client, cohort: Cohort) -> User:
    user = make_coordinator(cohort.program)
    client.force_login(user)
    return user


def draft_of(cohort: Cohort, coordinator: User, pairs: int) -> None:
    """`pairs` mentees and mentors enough for each (five places each), in one round."""
    for n in range((pairs + 4) // 5):
        make_application(
            make_mentor(display_name=f"Mentor {n:02}"), cohort, Role.MENTOR, capacity=5
        )
    for n in range(pairs):
        make_application(make_mentee(display_name=f"Mentee {n:02}"), cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    assert DraftPair.objects.filter(cohort=cohort).count() == pairs


@pytest.mark.parametrize("pairs", [5, 55])
def test_the_round_page_takes_at_most_10_queries_however_many_pairs(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    pairs: int,
    django_assert_max_num_queries: Any,
) -> None:
    draft_of(cohort, coordinator, pairs)
    DraftPair.objects.filter(pk=DraftPair.objects.earliest("pk").pk).update(locked=True)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    shown = min(pairs, PAIRS_PAGE_SIZE)
    assert page.count("Unassign<span") == shown
    mentors = (pairs + 4) // 5
    assert f"({pairs} mentees, {mentors} mentor{'s' if mentors > 1 else ''})" in page


def test_a_large_round_lists_its_pairs_fifty_to_a_page_and_swaps_across_pages(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    draft_of(cohort, coordinator, 55)
    url = reverse("cohorts:manage", args=[cohort.pk])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert first.count("Unassign<span") == 50 and second.count("Unassign<span") == 5
    assert "1 to 50 below" in first and "51 to 55 below" in second
    assert 'aria-label="Pages of pairs"' in first

    # The one swap form offers every pair of the draft, on any page, once in each list.
    swap_form = first[first.index('id="swap-pair"') : first.index('id="swap-with"')]
    assert len(re.findall(r'<option value="\d+">', swap_form)) == 55
    on_second = DraftPair.objects.get(pk=int(re.findall(r"pairs/(\d+)/lock/", second)[0]))
    on_first = DraftPair.objects.get(pk=int(re.findall(r"pairs/(\d+)/lock/", first)[0]))
    if on_first.mentor_application_id == on_second.mentor_application_id:
        other_mentors_pair = DraftPair.objects.exclude(
            mentor_application_id=on_second.mentor_application_id
        ).first()
        assert other_mentors_pair is not None
        on_first = other_mentors_pair
    before = on_first.mentor_application_id, on_second.mentor_application_id
    response = client.post(
        reverse("cohorts:pair_swap", args=[cohort.pk]),
        {"pair": on_second.pk, "with": on_first.pk},
        follow=True,
    )
    assert "Mentors swapped" in response.content.decode()
    on_first.refresh_from_db()
    on_second.refresh_from_db()
    assert (on_second.mentor_application_id, on_first.mentor_application_id) == before


def test_the_assign_form_offers_unmatched_mentees_and_unlocked_pairs(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    draft_of(cohort, coordinator, 3)
    extra = make_application(make_mentor(display_name="Mentor Extra"), cohort, Role.MENTOR)
    waiting = make_application(make_mentee(display_name="Mentee Waiting"), cohort, Role.MENTEE)
    locked = DraftPair.objects.filter(cohort=cohort).first()
    assert locked is not None
    locked.locked = True
    locked.save()
    page = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    assign_form = page[page.index('id="assign-mentee"') :]
    assign_form = assign_form[: assign_form.index("</select>")]
    assert f'<option value="{waiting.pk}">Mentee Waiting</option>' in assign_form
    assert f'value="{locked.mentee_application_id}"' not in assign_form
    assert assign_form.count("now with") == 2
    page = client.get(
        reverse("cohorts:manage", args=[cohort.pk]), {"mentee": waiting.pk}
    ).content.decode()
    assert f'<option value="{extra.pk}">Mentor Extra (1 place left)</option>' in page
    client.post(
        reverse("cohorts:pair_assign", args=[cohort.pk]), {"mentee": waiting.pk, "mentor": extra.pk}
    )
    assert Application.objects.get(pk=waiting.pk).draft_pair.mentor_application_id == extra.pk


def test_one_of_each_reads_in_the_singular(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    make_application(make_mentor(), cohort, Role.MENTOR)
    make_application(make_mentee(), cohort, Role.MENTEE)
    page = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    assert "Applications (1 mentee, 1 mentor)" in page
    make_application(make_mentee(), cohort, Role.MENTEE)
    page = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    assert "Applications (2 mentees, 1 mentor)" in page


def test_published_pairs_read_as_published_with_nothing_to_change(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    draft_of(cohort, coordinator, 2)
    DraftPair.objects.filter(cohort=cohort).update(locked=True)
    draft = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    assert "Draft pairs" in draft and "Locked" in draft and "This draft" in draft
    cohort_rounds.publish(cohort=cohort, by=coordinator)

    page = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()

    assert "Published pairs" in page
    assert "As published" in page
    for draft_words in ("Draft pairs", "This draft", "Locked", "Unassign", "Run the round"):
        assert draft_words not in page
    assert "Mentee 00" in page and "Mentor 00" in page


def test_on_a_phone_each_pair_stacks_with_its_actions_in_reach(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    draft_of(cohort, coordinator, 1)
    page = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    table = page[page.index('id="pairs-heading"') :].split("</table>")[0]
    # Bootstrap stacks each pair's cells below md, each named, with its actions among them.
    row = table.split("<tbody>")[1]
    assert '<tr class="d-block d-md-table-row' in row
    assert row.count('<td class="d-block d-md-table-cell') == 5
    for name in ("Mentee", "Mentor", "Score", "Why"):
        assert f'<span class="d-md-none text-muted">{name}: </span>' in row
    assert "Unassign<span" in row


@pytest.mark.parametrize(
    ("language", "why"),
    [
        ("fr", "même ville\u00a0; choix nᵒ 1 de la personne mentorée"),
        ("es", "misma ciudad; opción n.º 1 de la persona mentorada"),
    ],
)
def test_why_a_pair_fits_is_said_in_the_readers_language(
    client: Client, coordinator: User, cohort: Cohort, language: str, why: str
) -> None:
    mentor = make_application(make_mentor(display_name="Rosa"), cohort, Role.MENTOR)
    make_application(make_mentee(display_name="Ana"), cohort, Role.MENTEE, ranked=[mentor])
    # The round ran in English; the coordinator reading the page chose another language.
    services.round_run(cohort=cohort, by=coordinator)
    User.objects.filter(pk=coordinator.pk).update(language=language)

    page = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()

    assert why in page
    assert "same city" not in page
