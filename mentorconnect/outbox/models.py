from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .kinds import reminder_kinds, validate_kind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ReminderStatus(models.TextChoices):
    DUE = "due", _("Due")
    CLAIMED = "claimed", _("Being sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Skipped (turned off by the member)")
    FAILED = "failed", _("Failed permanently")


class ReminderQuerySet(models.QuerySet["Reminder"]):
    def plan(self: ReminderQuerySet, rows: Iterable[Reminder]) -> int:
        """Inserts reminders to send; one already planned for the same recipient, kind, subject
        and period is left as it is, so planning twice plans once. Returns the rows offered."""
        # `self` is annotated because django-stubs leaves an unannotated self's model unbound
        # here, so bulk_create would refuse a list of Reminders.
        rows = list(rows)
        for row in rows:
            validate_kind(row.kind)
        if rows:
            self.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
        return len(rows)


class Reminder(models.Model):
    """One reminder email, the source of truth for whether it went out.

    The unique (recipient, kind, subject, period) means planning the same reminder twice makes
    one row; the sweep claims due rows with a lease, so two sweeps never send one at once, and
    a claim whose worker died is taken again once the lease expires (a worker still sending
    renews it). A row is marked sent in its own transaction right after the SMTP server
    accepted its message.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    # One of the registered kinds (kinds.reminder_kinds): the apps own them, not this table.
    kind = models.CharField(_("kind"), max_length=20, validators=[validate_kind])
    # What it is about ("mentorship:12", "meeting:7", "program:3", "profile") and which period
    # ("day-3", "2026-11-23"): never confidential content.
    subject = models.CharField(_("subject"), max_length=60)
    period = models.CharField(_("period"), max_length=40)
    due_at = models.DateTimeField(_("due at"))
    status = models.CharField(
        _("status"), max_length=8, choices=ReminderStatus.choices, default=ReminderStatus.DUE
    )
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    # Which sender's claim holds the row (sweep.Claim), so a sender whose lease ran out cannot
    # renew, mark or put back a row another sender has taken since.
    claim = models.UUIDField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject", "period"], name="one_reminder_per_period"
            ),
            # Staff recruitment: however many invitations staff send, a member gets one a
            # quarter (the period is the quarter).
            models.UniqueConstraint(
                fields=["recipient", "period"],
                condition=Q(kind="mentor_invitation"),
                name="one_mentor_invitation_per_quarter",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                name="reminder_waiting",
                condition=Q(status__in=["due", "claimed"]),
            )
        ]

    def __str__(self) -> str:
        return gettext("%(kind)s for %(recipient)s (%(period)s)") % {
            "kind": self.get_kind_display(),
            "recipient": self.recipient_id,
            "period": self.period,
        }

    def get_kind_display(self) -> StrOrPromise:
        return reminder_kinds.label(self.kind)

    @property
    def about_id(self) -> str:
        """The id of what the reminder is about, as its subject names it: "12" for
        "mentorship:12" (and "" for a subject without one, such as "profile")."""
        return self.subject.partition(":")[2]

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt, so a resent reminder is one message."""
        return f"<reminder-{self.pk}@mentorconnect>"


def about_ids(reminders: Iterable[Reminder]) -> set[str]:
    """The ids of what a batch of reminders is about (Reminder.about_id), to load it at once."""
    return {reminder.about_id for reminder in reminders}
