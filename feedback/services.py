"""Writing, editing and withdrawing feedback. The text never reaches a log or error report:
these functions hide their variables from Django's error reports."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_variables

from mentorships.models import Event, EventKind, Mentorship, Status
from mentorships.services import MentorshipError, record_event
from profiles.models import User

from .models import EDIT_WINDOW, Feedback

FEEDBACK_STATES = {Status.ACTIVE, Status.COMPLETED, Status.ENDED_EARLY}
TOO_LATE = gettext_lazy(
    "Feedback can be changed for 10 minutes after sending; this one is now in the archive."
)


@sensitive_variables("text")
@transaction.atomic
def feedback_send(
    *, mentorship: Mentorship, by: User, kind: str, text: str, rating: int | None
) -> Feedback:
    if by.pk not in {mentorship.mentee_id, mentorship.mentor_id}:
        raise MentorshipError(_("Only the two participants can write feedback here."))
    if mentorship.status not in FEEDBACK_STATES:
        raise MentorshipError(_("Feedback opens once the request is accepted."))
    recipient = mentorship.other(by)
    if recipient is None:
        raise MentorshipError(_("The other participant has left MentorConnect."))
    now = timezone.now()
    # The recipient is emailed once the author can no longer edit or withdraw it, so that an
    # email never tells of feedback that is gone or reads otherwise by then. The sweep
    # (mentorships.tasks.send_unsent_emails, every minute) sends it with its first run
    # after that: 10 to 11 minutes after sending, and not at all if the recipient has read it
    # on the site meanwhile (still_unread).
    event = record_event(mentorship, EventKind.FEEDBACK_SENT, by, email_after=now + EDIT_WINDOW)
    return Feedback.objects.create(
        mentorship=mentorship,
        author=by,
        recipient=recipient,
        kind=kind,
        text=text,
        rating=rating,
        created_at=now,
        event=event,
    )


@sensitive_variables("text")
def feedback_edit(
    *, feedback: Feedback, by: User, kind: str, text: str, rating: int | None
) -> Feedback:
    if not feedback.can_be_changed_by(by):
        raise MentorshipError(TOO_LATE)
    feedback.kind, feedback.text, feedback.rating = kind, text, rating
    feedback.edited_at = timezone.now()
    feedback.save(update_fields=["kind", "text", "rating", "edited_at"])
    return feedback


@transaction.atomic
def feedback_withdraw(*, feedback: Feedback, by: User) -> None:
    if not feedback.can_be_changed_by(by):
        raise MentorshipError(TOO_LATE)
    if feedback.event_id is not None:
        # Its email has not gone: it waits for the edit window to close. Only a sender that
        # claimed it as the window closed, a moment ago, can be sending it; then it stays.
        now = timezone.now()
        unsent = Event.objects.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
            pk=feedback.event_id,
            emailed_at__isnull=True,
        )
        if not unsent.delete()[0]:
            raise MentorshipError(TOO_LATE)
    feedback.delete()


def still_unread(event: Event) -> bool:
    """Whether the feedback an event tells of is still unread when its email is due: whoever
    has read it on the site needs no email to say it is there. Only feedback known to be read
    is left unannounced: in doubt, the email goes."""
    return not Feedback.objects.filter(event=event, seen_at__isnull=False).exists()


@sensitive_variables()
def _export_entry(feedback: Feedback) -> dict[str, Any]:
    return {
        "mentorship": feedback.mentorship_id,
        "kind": feedback.get_kind_display(),
        "text": feedback.text,
        "rating": feedback.rating,
        "created_at": feedback.created_at,
        "edited_at": feedback.edited_at,
    }


@sensitive_variables()
def feedback_for_export(user: User) -> dict[str, list[dict[str, Any]]]:
    """The feedback `user` wrote and the feedback addressed to them, decrypted: both are theirs
    to read in the archive, so both belong in their own data export. Nobody else's is here."""
    rows = Feedback.objects.filter(Q(author=user) | Q(recipient=user)).order_by("created_at", "pk")
    return {
        "written": [_export_entry(row) for row in rows if row.author_id == user.pk],
        "received": [_export_entry(row) for row in rows if row.recipient_id == user.pk],
    }
