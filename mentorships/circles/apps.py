from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirclesConfig(AppConfig):
    """Circles: one mentor (or a peer convener) with three to eight mentees."""

    name = "mentorships.circles"
    label = "circles"
    verbose_name = _("Circles")

    def ready(self) -> None:
        from mentorconnect.outbox.kinds import reminder_kinds

        from . import reminders

        reminder_kinds.register(reminders.CIRCLE_MEETING)
        reminder_kinds.register(reminders.CIRCLE_CHECK_IN)
        reminder_kinds.register(reminders.CIRCLE_PLACE)
        reminder_kinds.register(reminders.CIRCLE_JOIN_REQUEST)
        reminder_kinds.register(reminders.CIRCLE_JOIN_ANSWER)
        reminder_kinds.register(reminders.CIRCLE_MEMBER_LEFT)
        reminder_kinds.register(reminders.CIRCLE_ENDED)
