"""Coordinators change the draft by hand: swap two pairs' mentors, or give a mentee a mentor with
a place left. Every change is checked on the server (never an excluded pair, never past a
mentor's places, never a locked pair), and a refusal is said on the round's page."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from mentorships import cohort_rounds
from profiles.models import Profile, User
from programs.cohorts.models import Application, Cohort, DraftPair, Role
from tests.cohorts.conftest import make_application, make_cohort, make_coordinator
from tests.conftest import make_member
from tests.profiles.factories import city, make_mentee, make_mentor


@pytest.fixture
def cohort(today: datetime.date) -> Cohort:
    return make_cohort()


@pytest.fixture
def coordinator(client: Client, cohort: Cohort) -> User:
    user = make_coordinator(cohort.program)
    client.force_login(user)
    return user


def apply(profile: Profile, cohort: Cohort, role: str, **fields: object) -> Application:
    return make_application(profile, cohort, role, **fields)


def run(client: Client, cohort: Cohort) -> None:
    client.post(reverse("cohorts:round_run", args=[cohort.pk]))


def pair_of(mentee: Application) -> DraftPair:
    return DraftPair.objects.get(mentee_application=mentee)


def swap(client: Client, pair: DraftPair, other: DraftPair | str) -> str:
    response = client.post(
        reverse("cohorts:pair_swap", args=[pair.cohort_id]),
        {"pair": pair.pk, "with": other if isinstance(other, str) else other.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("cohorts:manage", args=[pair.cohort_id])
    return response.content.decode()


def assign(client: Client, cohort: Cohort, mentee: Application, mentor: Application) -> str:
    response = client.post(
        reverse("cohorts:pair_assign", args=[cohort.pk]),
        {"mentee": mentee.pk, "mentor": mentor.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("cohorts:manage", args=[cohort.pk])
    return response.content.decode()


def assign_form(client: Client, cohort: Cohort, mentee: Application) -> str:
    """The round's page once the coordinator chose `mentee` in the Assign form."""
    url = reverse("cohorts:manage", args=[cohort.pk])
    return client.get(url, {"mentee": mentee.pk}).content.decode()


def two_pairs(cohort: Cohort, **mentee_a: object) -> tuple[Application, ...]:
    """Mentors Ada and Ben with one place each, mentees Cy and Di: two pairs."""
    ada = apply(make_mentor(display_name="Ada"), cohort, Role.MENTOR, capacity=1)
    ben = apply(make_mentor(display_name="Ben"), cohort, Role.MENTOR, capacity=1)
    cy = apply(make_mentee(display_name="Cy"), cohort, Role.MENTEE, **mentee_a)
    di = apply(make_mentee(display_name="Di"), cohort, Role.MENTEE)
    return ada, ben, cy, di


def test_swap_gives_each_pair_the_others_mentor_and_a_rerun_keeps_both(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    _, _, cy, di = two_pairs(cohort)
    run(client, cohort)
    cy_mentor, di_mentor = pair_of(cy).mentor_application_id, pair_of(di).mentor_application_id

    page = swap(client, pair_of(cy), pair_of(di))
    assert "Mentors swapped. Both pairs are locked: re-runs keep them." in page
    assert (pair_of(cy).mentor_application_id, pair_of(di).mentor_application_id) == (
        di_mentor,
        cy_mentor,
    )
    assert pair_of(cy).locked and pair_of(di).locked

    run(client, cohort)
    assert (pair_of(cy).mentor_application_id, pair_of(di).mentor_application_id) == (
        di_mentor,
        cy_mentor,
    )


def test_swap_into_an_excluded_pair_is_refused_on_the_page_without_naming_the_exclusion(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    ben = make_mentor(display_name="Ben")
    ada = apply(make_mentor(display_name="Ada"), cohort, Role.MENTOR, capacity=1)
    apply(ben, cohort, Role.MENTOR, capacity=1)
    cy = apply(make_mentee(display_name="Cy"), cohort, Role.MENTEE, excluded=[ben.user])
    di = apply(make_mentee(display_name="Di"), cohort, Role.MENTEE)
    run(client, cohort)
    assert pair_of(cy).mentor_application_id == ada.pk

    page = swap(client, pair_of(cy), pair_of(di))
    # Which of them may not be matched with the other is not said: nor is it anywhere else.
    assert (
        "Cy and Ben cannot be paired: they cannot meet (too far apart, and not both open to "
        "remote mentoring) or one of them may not be matched with the other."
    ) in page
    assert pair_of(cy).mentor_application_id == ada.pk
    assert not pair_of(cy).locked and not pair_of(di).locked


def test_a_locked_pair_stays_as_it_is(client: Client, coordinator: User, cohort: Cohort) -> None:
    _, _, cy, di = two_pairs(cohort)
    run(client, cohort)
    locked = pair_of(di)
    client.post(reverse("cohorts:pair_lock", args=[cohort.pk, locked.pk]), {"locked": "1"})

    page = swap(client, pair_of(cy), locked)
    assert "A locked pair stays as it is: unlock it first" in page
    assert pair_of(di).mentor_application_id == locked.mentor_application_id
    # The swap form does not offer the locked pair: with one pair left, it offers nothing.
    assert f'<option value="{locked.pk}">' not in page
    assert "Swapping needs two pairs that are not locked." in page


def test_a_mentee_moves_to_a_mentor_with_a_place_left(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    ada = apply(make_mentor(display_name="Ada"), cohort, Role.MENTOR, capacity=1)
    cy = apply(make_mentee(display_name="Cy"), cohort, Role.MENTEE)
    run(client, cohort)
    eve = apply(make_mentor(display_name="Eve"), cohort, Role.MENTOR, capacity=2)
    page = assign_form(client, cohort, cy)
    assert "Eve (2 places left)" in page
    assert "Ada (" not in page  # Cy's mentor already

    page = assign(client, cohort, cy, eve)
    assert "Mentee assigned. The pair is locked: re-runs keep it." in page
    assert pair_of(cy).mentor_application_id == eve.pk and pair_of(cy).locked
    run(client, cohort)
    assert pair_of(cy).mentor_application_id == eve.pk
    assert ada.pk not in DraftPair.objects.values_list("mentor_application_id", flat=True)


def test_an_unmatched_mentee_is_assigned_to_a_mentor_with_a_place_left(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    ada = apply(make_mentor(display_name="Ada"), cohort, Role.MENTOR, capacity=2)
    cy = apply(make_mentee(display_name="Cy"), cohort, Role.MENTEE)
    run(client, cohort)
    client.post(reverse("cohorts:pair_unassign", args=[cohort.pk, pair_of(cy).pk]))
    page = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    assert "Without a pair" in page
    assert "Ada (2 places left)" in assign_form(client, cohort, cy)

    page = assign(client, cohort, cy, ada)
    assert "Mentee assigned. The pair is locked: re-runs keep it." in page
    pair = pair_of(cy)
    assert pair.mentor_application_id == ada.pk and pair.locked and pair.score > 0
    assert pair.reasons


def test_assigning_past_a_mentors_places_is_refused(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    ada = apply(make_mentor(display_name="Ada"), cohort, Role.MENTOR, capacity=1)
    apply(make_mentee(display_name="Cy"), cohort, Role.MENTEE)
    apply(make_mentee(display_name="Di"), cohort, Role.MENTEE)
    run(client, cohort)
    assert DraftPair.objects.count() == 1
    waiting = Application.objects.filter(role=Role.MENTEE, draft_pair__isnull=True).get()

    page = assign(client, cohort, waiting, ada)
    assert "Ada has no place left: 1 of 1 taken in this draft." in page
    assert DraftPair.objects.count() == 1
    # Nor by moving another pair's mentee to her (Ben is full too).
    ben = apply(make_mentor(display_name="Ben"), cohort, Role.MENTOR, capacity=1)
    assign(client, cohort, waiting, ben)
    taken = DraftPair.objects.get(mentor_application=ada)
    page = assign(client, cohort, taken.mentee_application, ben)
    assert "Ben has no place left: 1 of 1 taken in this draft." in page
    assert DraftPair.objects.get(pk=taken.pk).mentor_application_id == ada.pk


def test_assigning_an_excluded_pair_is_refused(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    ada = make_mentor(display_name="Ada")
    ada_application = apply(ada, cohort, Role.MENTOR, capacity=2)
    cy = apply(make_mentee(display_name="Cy"), cohort, Role.MENTEE, excluded=[ada.user])
    run(client, cohort)
    assert not DraftPair.objects.exists()

    page = assign(client, cohort, cy, ada_application)
    assert "Cy and Ada cannot be paired" in page
    assert not DraftPair.objects.exists()


def test_assigning_past_the_cohorts_places_is_refused(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    cohort.places = 1
    cohort.save()
    ada = apply(make_mentor(display_name="Ada"), cohort, Role.MENTOR, capacity=2)
    cy = apply(make_mentee(display_name="Cy"), cohort, Role.MENTEE)
    di = apply(make_mentee(display_name="Di"), cohort, Role.MENTEE)
    run(client, cohort)
    DraftPair.objects.filter(mentee_application=di).delete()
    DraftPair.objects.filter(mentee_application=cy).update(mentor_application=ada)

    page = assign(client, cohort, di, ada)
    assert "The draft already has a pair for each of the 1 places of the cohort" in page
    assert DraftPair.objects.count() == 1


def test_nothing_changes_once_the_round_is_published(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    _, _, cy, di = two_pairs(cohort)
    run(client, cohort)
    cohort_rounds.publish(cohort=cohort, by=coordinator)
    before = pair_of(cy).mentor_application_id

    page = swap(client, pair_of(cy), pair_of(di))
    assert "This round is published" in page
    assert pair_of(cy).mentor_application_id == before


def test_nonsense_choice_is_refused_with_a_message(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    _, _, cy, _ = two_pairs(cohort)
    run(client, cohort)
    assert "Choose two different pairs of this draft" in swap(client, pair_of(cy), "")
    assert "Choose two different pairs of this draft" in swap(client, pair_of(cy), pair_of(cy))
    assert "Choose two different pairs of this draft" in swap(client, pair_of(cy), "²")
    assert (
        "Choose a mentee and a mentor"
        in client.post(
            reverse("cohorts:pair_assign", args=[cohort.pk]), {"mentee": cy.pk}, follow=True
        ).content.decode()
    )
    assert (
        "Choose a mentee and a mentor"
        in client.post(
            reverse("cohorts:pair_assign", args=[cohort.pk]),
            {"mentee": "²", "mentor": "1"},
            follow=True,
        ).content.decode()
    )


def test_strangers_and_other_programs_coordinators_get_404(
    client: Client, cohort: Cohort, stranger: User
) -> None:
    _, ben, cy, di = two_pairs(cohort)
    coordinator = make_coordinator(cohort.program)
    client.force_login(coordinator)
    run(client, cohort)
    urls = [
        (
            reverse("cohorts:pair_swap", args=[cohort.pk]),
            {"pair": pair_of(cy).pk, "with": pair_of(di).pk},
        ),
        (reverse("cohorts:pair_assign", args=[cohort.pk]), {"mentee": cy.pk, "mentor": ben.pk}),
    ]
    client.logout()
    for url, data in urls:
        assert client.post(url, data).status_code == 302  # to sign in
    for person in (stranger, make_member("elsewhere@example.org")):
        client.force_login(person)
        for url, data in urls:
            assert client.post(url, data).status_code == 404
    # Pairs of another cohort are not found through this one.
    other = make_cohort(name="Autumn 2025", program=cohort.program)
    client.force_login(coordinator)
    before = pair_of(cy).mentor_application_id
    response = client.post(
        reverse("cohorts:pair_swap", args=[other.pk]),
        {"pair": pair_of(cy).pk, "with": pair_of(di).pk},
        follow=True,
    )
    assert "Choose two different pairs of this draft" in response.content.decode()
    assert pair_of(cy).mentor_application_id == before


def test_the_assign_form_offers_a_mentee_only_the_mentors_they_can_be_paired_with(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    """Tariq, in Los Angeles and not open to remote mentoring, can meet no mentee in Chicago:
    the round gives him nobody, and the Assign form no longer offers him for Jordan (it
    refuses the pair, as before)."""
    tariq = apply(
        make_mentor(display_name="Tariq Ramirez", city=city("Los Angeles"), open_to_remote=False),
        cohort,
        Role.MENTOR,
        capacity=2,
    )
    ada = apply(make_mentor(display_name="Ada"), cohort, Role.MENTOR, capacity=1)
    jordan = apply(make_mentee(display_name="Jordan Chen"), cohort, Role.MENTEE)
    cy = apply(make_mentee(display_name="Cy"), cohort, Role.MENTEE)
    run(client, cohort)
    waiting = Application.objects.get(role=Role.MENTEE, draft_pair__isnull=True)
    assert not DraftPair.objects.filter(mentor_application=tariq).exists()

    # First the mentee: no mentor is offered before the page knows for whom.
    page = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    assert f'<option value="{waiting.pk}">' in page
    assert "Tariq Ramirez (2 places left)" not in page
    assert "Show the mentors they can have" in page

    page = assign_form(client, cohort, waiting)
    assert "Tariq Ramirez (" not in page
    assert (
        f"No mentor with a place left can be paired with {waiting.applicant.profile.display_name}"
    ) in page
    assert assign(client, cohort, waiting, tariq).count("cannot be paired") == 1

    # A mentor they can meet is offered as soon as one has a place.
    eve = apply(make_mentor(display_name="Eve"), cohort, Role.MENTOR, capacity=1)
    page = assign_form(client, cohort, waiting)
    assert f'<option value="{eve.pk}">Eve (1 place left)</option>' in page
    assert "Tariq Ramirez (" not in page
    assert waiting.pk in {jordan.pk, cy.pk}
    assert DraftPair.objects.get().mentor_application_id == ada.pk


def test_the_assign_form_ignores_a_mentee_it_does_not_offer(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    _, _, cy, _ = two_pairs(cohort)
    run(client, cohort)
    pair = pair_of(cy)
    pair.locked = True
    pair.save()
    apply(make_mentor(display_name="Eve"), cohort, Role.MENTOR, capacity=1)
    page = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    assert "Show the mentors they can have" in page
    for chosen in [str(cy.pk), "²", "abc"]:
        response = client.get(reverse("cohorts:manage", args=[cohort.pk]), {"mentee": chosen})
        assert response.status_code == 200
        assert 'name="mentor"' not in response.content.decode()
