"""Who a generated demo member is: a job title, a career stage, a kind of library and an
employer that agree with each other.

One table, WORKPLACES, says for each kind of library what its employers are called (in the US
and in Canada) and which titles it has at each level, from support staff to whoever runs it. A
member is drawn stage first, then a workplace that has titles at that stage's level, then a
title and an employer from that workplace, so "Children's Librarian" only ever works in a public
library or a school, and a "Library Director" is never early-career.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field

# Career stages (profiles/data/expertise.json), by name.
STUDENT = "LIS student"
SUPPORT = "Library support staff / paraprofessional"
NEW = "New professional (0-2 years)"
EARLY = "Early career (under 5 years)"
MID = "Mid-career (5-15 years)"
SENIOR = "Senior / experienced (15+ years)"
NEW_MANAGER = "New manager or first-year director"
DIRECTOR = "Administrator / director"
CHANGER = "Career changer or returning to the profession"
RETIRED = "Retired"

# How often each stage is drawn, for mentors and for members who only want a mentor.
MENTOR_STAGES = {MID: 5, SENIOR: 5, NEW_MANAGER: 2, DIRECTOR: 2, RETIRED: 1}
MENTEE_STAGES = {
    STUDENT: 3,
    SUPPORT: 3,
    NEW: 4,
    EARLY: 4,
    MID: 3,
    SENIOR: 1,
    NEW_MANAGER: 1,
    CHANGER: 1,
}

# The levels of title a stage may hold. A retired member holds a title of the levels in
# RETIRED_FROM, prefixed "Retired"; a student's titles are in STUDENT_TITLES.
STAFF, LIBRARIAN, LEAD, HEAD = "staff", "librarian", "lead", "head"
LEVELS_BY_STAGE = {
    SUPPORT: (STAFF,),
    NEW: (LIBRARIAN,),
    EARLY: (LIBRARIAN,),
    MID: (LIBRARIAN, LEAD),
    SENIOR: (LIBRARIAN, LEAD),
    NEW_MANAGER: (LEAD, HEAD),
    DIRECTOR: (HEAD,),
    CHANGER: (STAFF, LIBRARIAN),
}
RETIRED_FROM = (LIBRARIAN, LEAD, HEAD)

# What members at each stage most often ask a mentor for.
HELP_BY_STAGE = {
    STUDENT: [
        "Preparing for my first professional job search.",
        "Choosing which kind of library to aim for after my degree.",
    ],
    SUPPORT: [
        "Moving from a support role into a librarian position.",
        "Deciding whether an MLIS is right for me.",
    ],
    NEW: [
        "Finding my footing in my first professional job.",
        "Building confidence in teaching and instruction.",
    ],
    EARLY: [
        "Planning a move into a new area of librarianship.",
        "Getting involved in association service and committees.",
    ],
    MID: [
        "Stepping into management for the first time.",
        "Planning the next step after several years in the same role.",
    ],
    SENIOR: ["Leading a change in my department.", "Writing and publishing about my work."],
    NEW_MANAGER: [
        "Supervising people who used to be my peers.",
        "Budgeting and planning in my first year as a manager.",
    ],
    CHANGER: [
        "Finding my footing after returning to the profession.",
        "Bringing experience from another career into library work.",
    ],
}

# Real ALA-accredited programs, named as students say where they study.
LIS_SCHOOLS = {
    "US": [
        "San José State University School of Information",
        "University of Illinois School of Information Sciences",
        "University of Washington Information School",
        "University of North Texas",
        "Simmons University",
        "Drexel University",
        "Syracuse University School of Information Studies",
        "University of Maryland College of Information",
        "Dominican University",
        "University of Denver",
    ],
    "CA": [
        "University of Toronto Faculty of Information",
        "University of British Columbia iSchool",
        "McGill University School of Information Studies",
        "Dalhousie University",
        "University of Alberta",
        "Western University",
    ],
}
# Names of schools and companies, which are not named after their city.
SCHOOL_NAMES = [
    "Lincoln",
    "Riverside",
    "Jefferson",
    "Lakeview",
    "Maple Grove",
    "Hillcrest",
    "Roosevelt",
    "Cedar Park",
    "Franklin",
    "Westview",
    "Oak Ridge",
    "Parkside",
]
COMPANIES = [
    "Northwind Engineering",
    "Harbor Financial Group",
    "Cedar Ridge Pharmaceuticals",
    "Bluewater Energy",
    "Granite Mutual Insurance",
    "Summit Consulting Group",
    "Lakeshore Biotech",
    "Ironwood Aerospace",
]
LAW_FIRMS = [
    "Whitfield & Crane LLP",
    "Okafor Lindqvist LLP",
    "Barrett Moreau LLP",
    "Castillo & Hart LLP",
]


@dataclass(frozen=True, eq=False)
class Workplace:
    """A kind of library: its employers by country ({city}, {region}, {school}, {company},
    {firm} are filled in) and its titles by level. `groups` are the expertise groups its people
    know and ask about."""

    library_type: str
    weight: int
    employers: dict[str, list[str]]
    titles: dict[str, list[str]]
    groups: list[str] = field(default_factory=list)


TECHNICAL = "Technical services and metadata"
COLLECTIONS = "Collections"
REFERENCE = "Reference and user services"
TEACHING = "Teaching and learning"
YOUTH = "Youth and school services"
COMMUNITY = "Public and community services"
TECHNOLOGY = "Library technology and systems"
RESEARCH = "Research support, scholarly communication and data"
ARCHIVES = "Archives and special collections"
LEADERSHIP = "Leadership, management and administration"
ADVOCACY = "Advocacy, policy and community relations"
CAREER = "Professional development and career"

WORKPLACES = [
    Workplace(
        "Public",
        30,
        {"US": ["{city} Public Library"], "CA": ["{city} Public Library"]},
        {
            STAFF: ["Library Assistant", "Library Associate", "Circulation Assistant"],
            LIBRARIAN: [
                "Reference Librarian",
                "Children's Librarian",
                "Teen Services Librarian",
                "Adult Services Librarian",
                "Outreach Librarian",
                "Cataloging Librarian",
                "Collection Development Librarian",
            ],
            LEAD: ["Branch Manager", "Head of Youth Services", "Head of Technical Services"],
            HEAD: ["Library Director", "Deputy Library Director"],
        },
        [REFERENCE, YOUTH, COMMUNITY, COLLECTIONS, TECHNICAL, ADVOCACY],
    ),
    Workplace(
        "Academic: university or research institution",
        14,
        {"US": ["University of {city} Libraries"], "CA": ["University of {city} Library"]},
        {
            STAFF: ["Library Assistant", "Library Associate"],
            LIBRARIAN: [
                "Instruction Librarian",
                "Subject Librarian",
                "Metadata Librarian",
                "Digital Scholarship Librarian",
                "Research Data Librarian",
                "Scholarly Communication Librarian",
                "Systems Librarian",
            ],
            LEAD: ["Head of Research Services", "Head of Metadata Services"],
            HEAD: ["Dean of Libraries", "University Librarian"],
        },
        [RESEARCH, TEACHING, TECHNICAL, TECHNOLOGY, CAREER],
    ),
    Workplace(
        "Academic: 4-year college",
        7,
        {"US": ["{city} College Library"], "CA": ["{city} University College Library"]},
        {
            STAFF: ["Library Assistant"],
            LIBRARIAN: [
                "Reference and Instruction Librarian",
                "Electronic Resources Librarian",
                "First-Year Experience Librarian",
            ],
            LEAD: ["Head of Public Services", "Head of Collections"],
            HEAD: ["College Librarian", "Library Director"],
        },
        [TEACHING, REFERENCE, COLLECTIONS, TECHNICAL],
    ),
    Workplace(
        "Academic: community/2-year college",
        6,
        {"US": ["{city} Community College"], "CA": ["{city} College"]},
        {
            STAFF: ["Library Technician", "Library Assistant"],
            LIBRARIAN: [
                "Reference and Instruction Librarian",
                "Distance Learning Librarian",
                "Open Educational Resources Librarian",
            ],
            LEAD: ["Head of Library Services"],
            HEAD: ["Director of Library Services"],
        },
        [TEACHING, REFERENCE, COLLECTIONS],
    ),
    Workplace(
        "School: elementary",
        4,
        {"US": ["{school} Elementary School"], "CA": ["{school} Public School"]},
        {STAFF: ["Library Assistant"], LIBRARIAN: ["School Librarian", "Teacher Librarian"]},
        [YOUTH, TEACHING],
    ),
    Workplace(
        "School: middle",
        3,
        {"US": ["{school} Middle School"], "CA": ["{school} Middle School"]},
        {STAFF: ["Library Assistant"], LIBRARIAN: ["School Librarian", "Teacher Librarian"]},
        [YOUTH, TEACHING],
    ),
    Workplace(
        "School: high school",
        4,
        {"US": ["{school} High School"], "CA": ["{school} Secondary School"]},
        {STAFF: ["Library Technician"], LIBRARIAN: ["School Librarian", "Teacher Librarian"]},
        [YOUTH, TEACHING],
    ),
    Workplace(
        "School: K-12 / district office",
        2,
        {"US": ["{city} Public Schools"], "CA": ["{city} District School Board"]},
        {
            LIBRARIAN: ["School Library Media Specialist"],
            LEAD: ["District School Library Coordinator"],
            HEAD: ["Director of School Library Services"],
        },
        [YOUTH, TEACHING, LEADERSHIP],
    ),
    Workplace(
        "Special / corporate",
        3,
        {"US": ["{company}"], "CA": ["{company}"]},
        {
            STAFF: ["Research Assistant"],
            LIBRARIAN: [
                "Corporate Librarian",
                "Research Analyst",
                "Knowledge Management Specialist",
            ],
            LEAD: ["Knowledge Manager"],
            HEAD: ["Director of Knowledge Services"],
        },
        [REFERENCE, RESEARCH, TECHNOLOGY],
    ),
    Workplace(
        "Archives",
        4,
        {
            "US": ["{region} State Archives", "{city} City Archives", "{city} Historical Society"],
            "CA": ["Archives of {region}", "{city} City Archives"],
        },
        {
            STAFF: ["Archives Technician", "Archives Assistant"],
            LIBRARIAN: ["Archivist", "Processing Archivist", "Digital Archivist"],
            LEAD: ["Head of Archives", "Senior Archivist"],
            HEAD: ["Director of Archives"],
        },
        [ARCHIVES, TECHNICAL],
    ),
    Workplace(
        "Government (federal, state, local; depository)",
        3,
        {
            "US": ["{region} Legislative Reference Library", "City of {city} Municipal Library"],
            "CA": ["Legislative Library of {region}", "City of {city} Municipal Library"],
        },
        {
            STAFF: ["Library Technician"],
            LIBRARIAN: ["Government Information Librarian", "Legislative Reference Librarian"],
            LEAD: ["Head of Research Services"],
            HEAD: ["Library Director"],
        },
        [REFERENCE, RESEARCH, ADVOCACY],
    ),
    Workplace(
        "Health sciences / medical / hospital",
        4,
        {
            "US": ["{city} General Hospital", "{city} Medical Center"],
            "CA": ["{city} General Hospital"],
        },
        {
            STAFF: ["Library Technician", "Library Assistant"],
            LIBRARIAN: ["Health Sciences Librarian", "Clinical Librarian", "Medical Librarian"],
            LEAD: ["Hospital Library Manager"],
            HEAD: ["Director of Health Sciences Library Services"],
        },
        [REFERENCE, RESEARCH, TEACHING],
    ),
    Workplace(
        "Law (academic, firm, court or county)",
        3,
        {
            "US": ["{region} State Law Library", "{firm}"],
            "CA": ["Law Society of {region} Library", "{firm}"],
        },
        {
            STAFF: ["Library Technician"],
            LIBRARIAN: ["Law Librarian", "Legal Research Librarian"],
            LEAD: ["Head of Law Library Research Services"],
            HEAD: ["Law Library Director"],
        },
        [REFERENCE, RESEARCH, COLLECTIONS],
    ),
    Workplace(
        "Museum",
        2,
        {"US": ["{city} Museum of Art"], "CA": ["{city} Museum of Art"]},
        {
            STAFF: ["Library Assistant"],
            LIBRARIAN: ["Museum Librarian", "Museum Archivist"],
            LEAD: ["Head of Library and Archives"],
            HEAD: ["Director of Library and Archives"],
        },
        [ARCHIVES, COLLECTIONS, TECHNICAL],
    ),
    Workplace(
        "State library agency",
        1,
        {"US": ["{region} State Library"]},
        {
            LIBRARIAN: ["Library Development Consultant", "Youth Services Consultant"],
            LEAD: ["Head of Library Development"],
            HEAD: ["State Librarian"],
        },
        [LEADERSHIP, ADVOCACY, YOUTH],
    ),
    Workplace(
        "Library consortium, system or network",
        1,
        {"US": ["{region} Library Network"], "CA": ["{region} Library Consortium"]},
        {
            LIBRARIAN: ["Resource Sharing Librarian", "Member Services Librarian"],
            LEAD: ["Member Services Manager"],
            HEAD: ["Executive Director"],
        },
        [TECHNOLOGY, REFERENCE, LEADERSHIP],
    ),
]
# Words in a title and the expertise group a person with that title surely knows or asks about.
FOCUS = [
    ("Children's", YOUTH),
    ("Teen", YOUTH),
    ("Youth", YOUTH),
    ("School", YOUTH),
    ("Teacher", YOUTH),
    ("Archiv", ARCHIVES),
    ("Catalog", TECHNICAL),
    ("Metadata", TECHNICAL),
    ("Electronic Resources", TECHNICAL),
    ("Technical Services", TECHNICAL),
    ("Instruction", TEACHING),
    ("Distance Learning", TEACHING),
    ("First-Year", TEACHING),
    ("Systems", TECHNOLOGY),
    ("Scholar", RESEARCH),
    ("Research Data", RESEARCH),
    ("Knowledge", RESEARCH),
    ("Reference", REFERENCE),
    ("Law", REFERENCE),
    ("Health", REFERENCE),
    ("Clinical", REFERENCE),
    ("Medical", REFERENCE),
    ("Outreach", COMMUNITY),
    ("Adult Services", COMMUNITY),
    ("Collection", COLLECTIONS),
    ("Director", LEADERSHIP),
    ("Dean", LEADERSHIP),
    ("Head", LEADERSHIP),
    ("Manager", LEADERSHIP),
    ("Librarian", REFERENCE),
]
LIBRARY_SCHOOL = "Library school / LIS program"
UNIVERSITY = WORKPLACES[1]
STUDENT_TITLES = ["MLIS Student", "Graduate Student Assistant"]

# Every title a generated member may hold.
TITLES = sorted(
    {title for place in WORKPLACES for titles in place.titles.values() for title in titles}
    | set(STUDENT_TITLES)
)


@dataclass(frozen=True)
class Person:
    """Who one generated member is, before their name and place are written into a Profile."""

    stage: str
    library_type: str
    title: str
    workplace: str
    help_wanted: str
    groups: list[str]

    @property
    def focus(self) -> str:
        """The expertise group the title names, or else the workplace's first."""
        return next((group for word, group in FOCUS if word in self.title), self.groups[0])


@functools.cache
def workplaces_for(levels: tuple[str, ...], country: str) -> tuple[list[Workplace], list[int]]:
    """The workplaces in `country` with titles at one of `levels`, and their weights."""
    places = [
        place
        for place in WORKPLACES
        if country in place.employers and any(level in place.titles for level in levels)
    ]
    return places, [place.weight for place in places]


@functools.cache
def titles_at(place: Workplace, levels: tuple[str, ...]) -> list[str]:
    return [title for level in levels for title in place.titles.get(level, [])]


def draw_person(
    rng: random.Random, *, mentor: bool, city: str, region: str, country: str
) -> Person:
    """A coherent member in `city` (of `region`, in `country`, "US" or "CA")."""
    stages = MENTOR_STAGES if mentor else MENTEE_STAGES
    stage = rng.choices(list(stages), weights=list(stages.values()))[0]
    help_wanted = rng.choice(HELP_BY_STAGE.get(stage, HELP_BY_STAGE[SENIOR]))
    if stage == STUDENT:
        if rng.random() < 0.7:
            school = rng.choice(LIS_SCHOOLS[country])
            return Person(stage, LIBRARY_SCHOOL, "MLIS Student", school, help_wanted, [CAREER])
        employer = rng.choice(UNIVERSITY.employers[country]).format(city=city)
        return Person(
            stage,
            UNIVERSITY.library_type,
            "Graduate Student Assistant",
            employer,
            help_wanted,
            UNIVERSITY.groups,
        )
    levels = RETIRED_FROM if stage == RETIRED else LEVELS_BY_STAGE[stage]
    places, weights = workplaces_for(levels, country)
    place = rng.choices(places, weights=weights)[0]
    title = rng.choice(titles_at(place, levels))
    employer = rng.choice(place.employers[country]).format(
        city=city,
        region=region,
        school=rng.choice(SCHOOL_NAMES),
        company=rng.choice(COMPANIES),
        firm=rng.choice(LAW_FIRMS),
    )
    if stage == RETIRED:
        title, employer = f"Retired {title}", f"formerly {employer}"
    groups = [*place.groups, LEADERSHIP] if stage in {NEW_MANAGER, DIRECTOR} else place.groups
    return Person(stage, place.library_type, title, employer, help_wanted, groups)
