"""A living directory of demo members, from a few hundred to a benchmark population.

Everything is generated from a fixed seed, so the same command gives the same people, and rows
are written with bulk inserts so that 100,000 members load in minutes, not hours.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterator
from itertools import islice

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from .demo_people import TITLES, draw_person
from .matching import distance_km_between
from .models import (
    CareerStage,
    City,
    ContactVisibility,
    ExpertiseArea,
    Language,
    LibraryType,
    MeetingFormat,
    Profile,
    User,
)

DEMO_DOMAIN = "mentorconnect.example"
DEMO_PASSWORD = "mentor-connect-demo"  # noqa: S105 - printed for people trying the app locally
BATCH = 2000
NEIGHBOURHOOD_KM = 8
# The association's matching site had about six mentees for every mentor.
ONE_MENTOR_IN = 7

FIRST_NAMES = [
    "Ada",
    "Amara",
    "Ana",
    "Ben",
    "Camille",
    "Carlos",
    "Chen",
    "Dana",
    "Deepa",
    "Elena",
    "Emeka",
    "Farah",
    "Gabriel",
    "Grace",
    "Hana",
    "Hiroshi",
    "Imani",
    "Isabel",
    "Jamal",
    "Jin",
    "Jordan",
    "Kai",
    "Kamala",
    "Leila",
    "Liam",
    "Lucia",
    "Malik",
    "Maya",
    "Mei",
    "Miguel",
    "Nadia",
    "Noah",
    "Olu",
    "Omar",
    "Priya",
    "Quinn",
    "Rafael",
    "Rosa",
    "Sam",
    "Sana",
    "Sofia",
    "Tariq",
    "Thandi",
    "Tomas",
    "Uma",
    "Victor",
    "Wen",
    "Yara",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Adams",
    "Agarwal",
    "Baker",
    "Bautista",
    "Chen",
    "Cohen",
    "Diaz",
    "Dubois",
    "Eze",
    "Fischer",
    "Garcia",
    "Gupta",
    "Haddad",
    "Ito",
    "Jackson",
    "Johnson",
    "Khan",
    "Kim",
    "Kowalski",
    "Lee",
    "Lopez",
    "Martin",
    "Mendoza",
    "Moreau",
    "Nakamura",
    "Nguyen",
    "Okafor",
    "Olsen",
    "Patel",
    "Perez",
    "Quispe",
    "Ramirez",
    "Reyes",
    "Rossi",
    "Schmidt",
    "Silva",
    "Singh",
    "Smith",
    "Tanaka",
    "Taylor",
    "Thompson",
    "Tremblay",
    "Walker",
    "White",
    "Williams",
    "Wong",
    "Yamamoto",
    "Young",
    "Zhang",
]
# Every job title a generated member may hold (scripts/bench_load.py searches for their words).
ROLES = TITLES


def ensure_demo_login(email: str, *, is_staff: bool = False, is_superuser: bool = False) -> User:
    """A demo account with the demo password and a verified address (allauth signs in only
    verified addresses), made once."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"is_staff": is_staff, "is_superuser": is_superuser}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def demo_email(number: int) -> str:
    return f"member{number:06d}@{DEMO_DOMAIN}"


# What the apps above profiles add to each batch of new demo members (their mentorships, say),
# given the batch's profiles and the time.
AfterEachBatch = Callable[[list[Profile], datetime.datetime], None]


def ensure_demo_members(
    count: int, *, seed: int = 2026, after_each_batch: AfterEachBatch | None = None
) -> int:
    """Creates demo members numbered 1..count that do not exist yet; returns how many it made."""
    existing = set(
        User.objects.filter(email__startswith="member", email__endswith=f"@{DEMO_DOMAIN}")
        .values_list("email", flat=True)
        .iterator()
    )
    missing = [n for n in range(1, count + 1) if demo_email(n) not in existing]
    if not missing:
        return 0
    world = DemoWorld.load(seed, after_each_batch)
    password = make_password(DEMO_PASSWORD)
    created = 0
    for batch in batched(missing, BATCH):
        with transaction.atomic():
            created += world.create_batch(batch, password)
    return created


def batched(numbers: list[int], size: int) -> Iterator[list[int]]:
    iterator = iter(numbers)
    while batch := list(islice(iterator, size)):
        yield batch


class DemoWorld:
    """The taxonomy and places demo members are drawn from."""

    def __init__(
        self,
        seed: int,
        cities: list[City],
        areas_by_group: dict[str, list[int]],
        library_types: dict[str, LibraryType],
        stages: dict[str, CareerStage],
        after_each_batch: AfterEachBatch | None = None,
    ) -> None:
        self.seed = seed
        self.cities = cities
        self.city_weights = [city.population for city in cities]
        self.areas_by_group = areas_by_group
        self.areas = [area for areas in areas_by_group.values() for area in areas]
        self.areas_of_groups: dict[tuple[str, ...], list[int]] = {}
        self.library_types = library_types
        self.stages = stages
        self.after_each_batch = after_each_batch

    def areas_in(self, groups: tuple[str, ...]) -> list[int]:
        """The areas of `groups` (all of them if none is known), worked out once each."""
        if groups not in self.areas_of_groups:
            areas = [a for group in groups for a in self.areas_by_group.get(group, [])]
            self.areas_of_groups[groups] = areas or self.areas
        return self.areas_of_groups[groups]

    @classmethod
    def load(cls, seed: int, after_each_batch: AfterEachBatch | None = None) -> DemoWorld:
        return cls(
            seed=seed,
            cities=towns(),
            areas_by_group=areas_by_group(),
            library_types={kind.name: kind for kind in LibraryType.objects.all()},
            stages={stage.name: stage for stage in CareerStage.objects.all()},
            after_each_batch=after_each_batch,
        )

    def create_batch(self, numbers: list[int], password: str) -> int:
        now = timezone.now()
        users = User.objects.bulk_create(
            [User(email=demo_email(n), password=password, date_joined=now) for n in numbers]
        )
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=user, email=user.email, verified=True, primary=True)
                for user in users
            ]
        )
        profiles = []
        wanted: list[tuple[int, list[int]]] = []
        expertise: list[tuple[int, list[int]]] = []
        for number, user in zip(numbers, users, strict=True):
            rng = random.Random(self.seed * 1_000_003 + number)  # noqa: S311 - demo data
            profile, wants, knows = self.make_profile(number, user, rng, now)
            profiles.append(profile)
            wanted.append((len(profiles) - 1, wants))
            expertise.append((len(profiles) - 1, knows))
        Profile.objects.bulk_create(profiles)
        Wanted = Profile.wanted_areas.through
        Expertise = Profile.expertise.through
        Wanted.objects.bulk_create(
            [
                Wanted(profile_id=profiles[i].pk, expertisearea_id=area)
                for i, areas in wanted
                for area in areas
            ]
        )
        Expertise.objects.bulk_create(
            [
                Expertise(profile_id=profiles[i].pk, expertisearea_id=area)
                for i, areas in expertise
                for area in areas
            ]
        )
        if self.after_each_batch:
            self.after_each_batch(profiles, now)
        Profile.objects.filter(pk__in=[p.pk for p in profiles]).refresh_search_vectors()
        return len(profiles)

    def make_profile(
        self, number: int, user: User, rng: random.Random, now: datetime.datetime
    ) -> tuple[Profile, list[int], list[int]]:
        is_mentor = number % ONE_MENTOR_IN == 0
        city = rng.choices(self.cities, weights=self.city_weights)[0]
        person = draw_person(
            rng, mentor=is_mentor, city=city.name, region=city.region, country=city.country
        )
        capacity = rng.randint(1, 5)
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        formats = rng.sample(MeetingFormat.values, rng.randint(1, 3))
        languages = ["en"] + ([rng.choice(Language.values[1:])] if rng.random() < 0.25 else [])
        profile = Profile(
            user=user,
            display_name=name,
            pronouns=rng.choice(["", "", "she/her", "he/him", "they/them"]),
            headline=person.title,
            workplace=person.workplace,
            library_type=self.library_types[person.library_type],
            career_stage=self.stages[person.stage],
            city=city,
            time_zone=city.timezone,
            open_to_remote=rng.random() < 0.8,
            meeting_formats=formats,
            languages=languages,
            wants_mentor=not is_mentor or rng.random() < 0.2,
            help_wanted=person.help_wanted,
            can_mentor=is_mentor,
            mentor_capacity=capacity,
            accepting_requests=rng.random() < 0.85,
            active_mentee_count=rng.randint(0, capacity) if is_mentor else 0,
            bio=(
                f"{person.title} in {city.name} with an interest in helping colleagues grow. "
                "I enjoy practical conversations about everyday library work and long-term "
                "career choices."
            ),
            contact_email=user.email if rng.random() < 0.5 else "",
            contact_visibility=rng.choice(ContactVisibility.values),
            onboarding_step=3,
            completed_at=now,
        )
        # Areas from the member's own kind of work, and now and then one from further afield.
        # Areas from the member's own line of work (one always from what their title names),
        # and now and then one from further afield.
        focus = self.areas_by_group.get(person.focus) or self.areas
        own = self.areas_in(tuple(person.groups))
        wants, knows = [], []
        if profile.wants_mentor:
            wants = [rng.choice(focus), *rng.sample(own, rng.randint(0, 1))]
            if rng.random() < 0.3:
                wants.append(rng.choice(self.areas))
        if is_mentor:
            knows = [rng.choice(focus), *rng.sample(own, rng.randint(1, 4))]
            if rng.random() < 0.3:
                knows.append(rng.choice(self.areas))
        return profile, sorted(set(wants)), sorted(set(knows))


def towns(count: int = 400) -> list[City]:
    """The `count` most populous places that are towns in their own right, for demo members
    and their employers. The gazetteer also lists neighbourhoods, which nobody names a library
    after: see is_neighbourhood."""
    places = list(City.objects.order_by("-population")[: count * 2])
    return [city for city in places if not is_neighbourhood(city, places)][:count]


def is_neighbourhood(city: City, places: list[City]) -> bool:
    """Whether `city` is a part of another of `places`: a Montréal borough ("Le
    Plateau-Mont-Royal", "Villeray–Saint-Michel–Parc-Extension"), a quarter named after its
    city ("East Los Angeles", "New South Memphis"), or a smaller place right inside a bigger one
    (Koreatown, Maryvale)."""
    if "–" in city.name or city.name.startswith("Le "):
        return True
    for other in places:
        # A cheap box first: no two places a third of a degree apart are 30 km apart.
        if abs(other.latitude - city.latitude) > 0.3 or abs(other.longitude - city.longitude) > 0.6:
            continue
        if other.pk == city.pk or other.country != city.country:
            continue
        named_after = other.name in city.name and other.name != city.name
        inside = other.population > city.population and city.population < 200_000
        if (named_after or inside) and distance_km_between(city, other) < (
            30 if named_after else NEIGHBOURHOOD_KM
        ):
            return True
    return False


def areas_by_group() -> dict[str, list[int]]:
    """The expertise areas' ids by the name of their group."""
    groups: dict[str, list[int]] = {}
    for pk, group in ExpertiseArea.objects.order_by("pk").values_list("pk", "group__name"):
        groups.setdefault(group, []).append(pk)
    return groups
