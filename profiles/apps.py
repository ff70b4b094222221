from __future__ import annotations

from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "profiles"

    def ready(self) -> None:
        from mentorconnect.outbox.kinds import reminder_kinds

        from . import reminders

        reminder_kinds.register(reminders.PROFILE_UNFINISHED)
        reminder_kinds.register(reminders.MENTOR_INVITATION)
