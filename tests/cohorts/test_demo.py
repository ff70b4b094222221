"""The demo data has a hosted program with an open cohort that the demo curator runs."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from profiles.models import User
from programs.cohorts.demo import DEMO_COHORT, HOSTED_PROGRAM
from programs.cohorts.models import Cohort, CohortStatus, Role


@pytest.mark.django_db
def test_demo_curator_runs_an_open_cohort_with_applicants_of_both_roles(client: Client) -> None:
    call_command("demo_data", members=60)
    call_command("demo_data", members=60)  # idempotent
    cohort = Cohort.objects.get(name=DEMO_COHORT)
    assert cohort.program.name == HOSTED_PROGRAM
    assert cohort.status == CohortStatus.OPEN
    roles = list(cohort.applications.values_list("role", flat=True))
    assert roles.count(Role.MENTOR) >= 3
    assert roles.count(Role.MENTEE) >= 6

    assert "Apply as a mentee" in client.get(cohort.program.get_absolute_url()).content.decode()
    client.force_login(User.objects.get(email="curator@mentorconnect.example"))
    response = client.post(reverse("cohorts:round_run", args=[cohort.pk]), follow=True)
    assert "The round ran:" in response.content.decode()
    assert cohort.draft_pairs.exists()
