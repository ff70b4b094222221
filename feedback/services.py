"""Writing, editing and withdrawing feedback. The text never reaches a log or error report:
these functions hide their variables from Django's error reports."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from mentorships.models import EventKind, Mentorship, Status
from mentorships.services import MentorshipError, record_event
from profiles.models import User

from .models import Feedback

FEEDBACK_STATES = {Status.ACTIVE, Status.COMPLETED, Status.ENDED_EARLY}
TOO_LATE = "Feedback can be changed for 10 minutes after sending; this one is now in the archive."


@sensitive_variables("text")
@transaction.atomic
def feedback_send(
    *, mentorship: Mentorship, by: User, kind: str, text: str, rating: int | None
) -> Feedback:
    if by.pk not in {mentorship.mentee_id, mentorship.mentor_id}:
        raise MentorshipError("Only the two participants can write feedback here.")
    if mentorship.status not in FEEDBACK_STATES:
        raise MentorshipError("Feedback opens once the request is accepted.")
    recipient = mentorship.other(by)
    if recipient is None:
        raise MentorshipError("The other participant has left MentorConnect.")
    feedback = Feedback.objects.create(
        mentorship=mentorship, author=by, recipient=recipient, kind=kind, text=text, rating=rating
    )
    record_event(mentorship, EventKind.FEEDBACK_SENT, by)
    return feedback


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


def feedback_withdraw(*, feedback: Feedback, by: User) -> None:
    if not feedback.can_be_changed_by(by):
        raise MentorshipError(TOO_LATE)
    feedback.delete()
