"""Generated demo members are believable: title, career stage, kind of library, employer and
areas agree, as a librarian reading the directory would expect.

The rules here are written from what the words mean, not read back from profiles/demo_people.py,
so a table entry that breaks them fails this test.
"""

from __future__ import annotations

import pytest

from profiles.demo import ensure_demo_members
from profiles.models import Profile

pytestmark = pytest.mark.django_db

PEOPLE = 500

# What an employer's name must say for each kind of library.
EMPLOYER_WORDS = {
    "Public": ["Public Library"],
    "Academic: university or research institution": ["University"],
    "Academic: 4-year college": ["College"],
    "Academic: community/2-year college": ["College"],
    "School: elementary": ["Elementary School", "Public School"],
    "School: middle": ["Middle School"],
    "School: high school": ["High School", "Secondary School"],
    "School: K-12 / district office": ["Public Schools", "School Board"],
    "Archives": ["Archives", "Historical Society"],
    "Government (federal, state, local; depository)": ["Legislative", "Municipal"],
    "Health sciences / medical / hospital": ["Hospital", "Medical Center"],
    "Law (academic, firm, court or county)": ["Law", "LLP"],
    "Museum": ["Museum"],
    "State library agency": ["State Library"],
    "Library consortium, system or network": ["Network", "Consortium"],
    "Library school / LIS program": ["University"],
}
# Words that name another kind of workplace, which a corporate employer's name must not have.
INSTITUTION_WORDS = ["Library", "School", "University", "College", "Hospital", "Archives"]
SCHOOLS = {t for t in EMPLOYER_WORDS if t.startswith("School:")}
# Words in a title, and the kinds of library such a job exists in.
TITLE_PLACES = {
    "Children's": {"Public"},
    "Teen": {"Public"},
    "Youth": {"Public", "State library agency"},
    "School": SCHOOLS,
    "Teacher": SCHOOLS,
    "Law": {"Law (academic, firm, court or county)"},
    "Health": {"Health sciences / medical / hospital"},
    "Clinical": {"Health sciences / medical / hospital"},
    "Medical": {"Health sciences / medical / hospital"},
    "Hospital": {"Health sciences / medical / hospital"},
    "Archiv": {"Archives", "Museum"},
    "Museum": {"Museum"},
    "Corporate": {"Special / corporate"},
    "Dean": {"Academic: university or research institution"},
    "University Librarian": {"Academic: university or research institution"},
    "Legislative": {"Government (federal, state, local; depository)"},
    "State Librarian": {"State library agency"},
}
STUDENT = "LIS student"
SUPPORT = "Library support staff / paraprofessional"
EARLY = {"New professional (0-2 years)", "Early career (under 5 years)"}
CHANGER = "Career changer or returning to the profession"
LEADING = {"New manager or first-year director", "Administrator / director"}
# Who runs a whole library, archive or service.
HEAD_WORDS = ["Director", "Dean", "University Librarian", "College Librarian", "State Librarian"]
# Who leads a part of one.
LEAD_WORDS = ["Head of", "Manager", "Coordinator", "Senior"]
SUPPORT_ENDINGS = ("Assistant", "Associate", "Technician")


def problems_of(profile: Profile) -> list[str]:
    assert profile.library_type and profile.career_stage and profile.city
    title, employer = profile.headline, profile.workplace
    kind, stage = profile.library_type.name, profile.career_stage.name
    retired = stage == "Retired"
    problems = []
    fits = any(word in employer for word in EMPLOYER_WORDS.get(kind, []))
    if kind == "Special / corporate":  # a company, named for nothing a library is called
        fits = not any(word in employer for word in INSTITUTION_WORDS)
    if not fits:
        problems.append("employer does not fit the kind of library")
    for word, places in TITLE_PLACES.items():
        if word in title and kind not in places:
            problems.append(f"a {word!r} job outside {sorted(places)}")
    heads = any(word in title for word in HEAD_WORDS)
    leads = any(word in title for word in LEAD_WORDS)
    if heads and stage not in LEADING and not retired:
        problems.append("runs a library without being at a leading stage")
    if stage == "Administrator / director" and not heads:
        problems.append("a director whose title does not say so")
    if (heads or leads) and (stage in EARLY or stage in {STUDENT, SUPPORT}):
        problems.append("leads others at an early stage")
    if ("Student" in title) != (stage == STUDENT):
        problems.append("student title and stage disagree")
    if stage == STUDENT and "University" not in employer:
        problems.append("a student who is neither at a university nor studying at one")
    support_title = title.endswith(SUPPORT_ENDINGS) and "Student" not in title
    if support_title and not retired and stage not in {SUPPORT, CHANGER}:
        problems.append("a support-staff title at a professional stage")
    if stage == SUPPORT and not title.endswith(SUPPORT_ENDINGS):
        problems.append("support staff with a librarian's title")
    if retired != title.startswith("Retired ") or retired != employer.startswith("formerly "):
        problems.append("retired, or not, in only some of stage, title and employer")
    named_after = [profile.city.name, profile.city.region]
    if "{" in employer or "}" in employer:
        problems.append("an employer pattern left unfilled")
    if kind in {"Public", "Archives"} and not any(name in employer for name in named_after):
        problems.append("a public library or archive not named after its city or region")
    if profile.city.country not in {"US", "CA"}:
        problems.append("lives outside the US and Canada")
    return problems


def test_five_hundred_generated_members_are_each_believable() -> None:
    assert ensure_demo_members(PEOPLE) == PEOPLE
    profiles = list(
        Profile.objects.filter(user__email__startswith="member")
        .select_related("library_type", "career_stage", "city")
        .prefetch_related("expertise__group", "wanted_areas")
    )
    assert len(profiles) == PEOPLE
    problems = {
        f"{p.headline}, {p.workplace} ({p.library_type}; {p.career_stage})": found
        for p in profiles
        if (found := problems_of(p))
    }
    assert not problems, problems
    # The directory is varied, not one person repeated.
    assert len({p.library_type_id for p in profiles}) >= 12
    assert len({p.career_stage_id for p in profiles}) >= 9
    assert len({p.headline for p in profiles}) >= 50
    assert len({p.city_id for p in profiles}) >= 100
    assert set(Profile.objects.values_list("city__country", flat=True)) == {"US", "CA"}
    # Mentors are experienced; members at every early stage are looking for one.
    stages: dict[bool, set[str]] = {True: set(), False: set()}
    for profile in profiles:
        stages[profile.can_mentor].add(str(profile.career_stage))
    assert not stages[True] & {STUDENT, SUPPORT, CHANGER, *EARLY}
    assert {STUDENT, SUPPORT, CHANGER, *EARLY} <= stages[False]
    # Mentors mentor in their own line of work: a children's librarian in youth services, a
    # law librarian in research and reference, each with at least two areas.
    for profile in profiles:
        if not profile.can_mentor:
            continue
        groups = {area.group.name for area in profile.expertise.all()}
        assert len(profile.expertise.all()) >= 2, profile.headline
        if "Children's" in profile.headline or "School Librarian" in profile.headline:
            assert "Youth and school services" in groups, profile.headline
        if "Archivist" in profile.headline:
            assert "Archives and special collections" in groups, profile.headline
