"""Saving programs: only for signed-in members, and each member sees only their own list."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from profiles.models import User
from programs.models import ProgramStatus, SavedProgram
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_who_saves_is_sent_to_sign_in(client: Client) -> None:
    program = make_program()
    response = client.post(reverse("programs:save", args=[program.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not SavedProgram.objects.exists()


def test_member_saves_a_program_and_goes_back_where_they_were(client: Client, member: User) -> None:
    program = make_program()
    client.force_login(member)
    response = client.post(
        reverse("programs:save", args=[program.slug]), {"next": "/programs/?free=on"}, follow=True
    )
    assert response.redirect_chain == [("/programs/?free=on", 302)]
    assert f"Saved “{program.name}” to your programs." in response.content.decode()
    assert SavedProgram.objects.filter(user=member, program=program).count() == 1


def test_saving_twice_keeps_one_save(client: Client, member: User) -> None:
    program = make_program()
    client.force_login(member)
    client.post(reverse("programs:save", args=[program.slug]))
    client.post(reverse("programs:save", args=[program.slug]))
    assert SavedProgram.objects.filter(user=member).count() == 1


def test_member_unsaves_a_program(client: Client, member: User) -> None:
    program = make_program()
    SavedProgram.objects.create(user=member, program=program)
    client.force_login(member)
    response = client.post(reverse("programs:unsave", args=[program.slug]))
    assert response["Location"] == program.get_absolute_url()
    assert not SavedProgram.objects.exists()


def test_unsaving_removes_only_the_members_own_save(
    client: Client, member: User, stranger: User
) -> None:
    program = make_program()
    SavedProgram.objects.create(user=stranger, program=program)
    client.force_login(member)
    client.post(reverse("programs:unsave", args=[program.slug]))
    assert SavedProgram.objects.filter(user=stranger).exists()


def test_save_never_redirects_to_another_site(client: Client, member: User) -> None:
    program = make_program()
    client.force_login(member)
    response = client.post(
        reverse("programs:save", args=[program.slug]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == program.get_absolute_url()


def test_signing_in_after_pressing_save_lands_on_the_program(client: Client, member: User) -> None:
    program = make_program()
    client.force_login(member)
    response = client.get(reverse("programs:save", args=[program.slug]))
    assert response["Location"] == program.get_absolute_url()
    assert not SavedProgram.objects.exists()


@pytest.mark.parametrize("status", [ProgramStatus.ARCHIVED, ProgramStatus.DRAFT])
def test_hidden_programs_cannot_be_saved(client: Client, member: User, status: str) -> None:
    program = make_program(status=status)
    client.force_login(member)
    assert client.post(reverse("programs:save", args=[program.slug])).status_code == 404


def test_saved_list_needs_signing_in(client: Client) -> None:
    response = client.get(reverse("programs:saved"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_saved_list_shows_the_members_saves_and_never_another_members(
    client: Client, member: User, stranger: User
) -> None:
    mine = make_program("Mine")
    theirs = make_program("Theirs")
    SavedProgram.objects.create(user=member, program=mine)
    SavedProgram.objects.create(user=stranger, program=theirs)
    client.force_login(member)
    response = client.get(reverse("programs:saved"))
    assert [program.name for program in response.context["programs"]] == ["Mine"]
    html = response.content.decode()
    assert "Theirs" not in html
    assert "Unsave Mine" in html


def test_saved_list_is_empty_for_a_new_member(client: Client, member: User) -> None:
    make_program()
    client.force_login(member)
    html = client.get(reverse("programs:saved")).content.decode()
    assert "You have not saved any program yet." in html


def test_directory_shows_which_programs_the_member_saved(client: Client, member: User) -> None:
    saved, other = make_program("Saved one"), make_program("Other one")
    SavedProgram.objects.create(user=member, program=saved)
    client.force_login(member)
    html = client.get(reverse("programs:directory")).content.decode()
    assert 'aria-label="Unsave Saved one"' in html
    assert 'aria-label="Save Other one"' in html
    assert other.slug in html


def test_a_saved_program_archived_later_can_still_be_removed(client: Client, member: User) -> None:
    program = make_program()
    SavedProgram.objects.create(user=member, program=program)
    program.status = ProgramStatus.ARCHIVED
    program.save(update_fields=["status"])
    client.force_login(member)
    html = client.get(reverse("programs:saved")).content.decode()
    assert "No longer in the directory" in html
    assert program.name in html
    response = client.post(reverse("programs:unsave", args=[program.slug]))
    assert response["Location"] == reverse("programs:saved")
    assert not SavedProgram.objects.filter(user=member).exists()
