from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")

    def ready(self) -> None:
        from mentorconnect.outbox.kinds import reminder_kinds
        from mentorships import emails
        from mentorships.models import EventKind

        from . import reminders, services

        reminder_kinds.register(reminders.FEEDBACK_PROMPT)
        emails.still_worth_sending[EventKind.FEEDBACK_SENT] = services.still_unread
