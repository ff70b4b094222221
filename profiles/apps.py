from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("Profiles")

    def ready(self) -> None:
        from mentorconnect.outbox.kinds import reminder_kinds

        from . import reminders

        reminder_kinds.register(reminders.PROFILE_UNFINISHED)
        reminder_kinds.register(reminders.MENTOR_INVITATION)
