"""Feedback between mentor and mentee: seen by those two only, encrypted at rest, never in the
admin, an email or a log. Nobody else can read it, except through the legal export command,
whose every use is recorded and shown to both participants."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentorconnect.crypto import EncryptedTextField
from mentorships.models import Event, Mentorship

# How long the author may still edit or withdraw an entry; after that it is in the archive.
EDIT_WINDOW = datetime.timedelta(minutes=10)


class Kind(models.TextChoices):
    APPRECIATION = "appreciation", _("Appreciation")
    SUGGESTION = "suggestion", _("Suggestion")
    CHECK_IN = "check_in", _("Check-in")


class FeedbackQuerySet(models.QuerySet["Feedback"]):
    def unseen_by(self, user: object) -> FeedbackQuerySet:
        """Feedback addressed to `user` that they have not opened yet."""
        return self.filter(recipient=user, seen_at__isnull=True)


class Feedback(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="feedback")
    # A member who deletes their account leaves their feedback with the other participant,
    # shown as "former member".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.APPRECIATION)
    text = EncryptedTextField(max_length=5000)
    rating = models.PositiveSmallIntegerField(_("how is it going (1 to 5)"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # The event whose email tells the recipient, sent once the edit window has closed; a
    # withdrawal within it deletes the event, so that email never goes.
    event = models.OneToOneField(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the recipient first opened the archive with this entry in it: until then the
    # dashboard and the mentorship page flag it as new.
    seen_at = models.DateTimeField(null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = pgettext_lazy("plural", "feedback")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_1_to_5",
            )
        ]
        indexes = [
            models.Index(fields=["mentorship", "-created_at"]),
            models.Index(
                fields=["recipient"], name="feedback_unseen", condition=Q(seen_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        # Never the text: this string can end up in logs and error reports.
        return f"Feedback {self.pk} in mentorship {self.mentorship_id}"

    def can_be_changed_by(self, user: object, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.author_id == getattr(user, "pk", None) and now - self.created_at <= EDIT_WINDOW


class LegalDisclosure(models.Model):
    """A record of the one way anyone else may read a mentorship's feedback."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="legal_disclosures"
    )
    case_reference = models.CharField(max_length=200)
    reason = models.TextField(max_length=2000)
    first_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("legal disclosure")
        verbose_name_plural = _("legal disclosures")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Disclosure for case {self.case_reference}"
