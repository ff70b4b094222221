from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        from mentorconnect.outbox.kinds import reminder_kinds

        from . import reminders

        reminder_kinds.register(reminders.PROGRAM_DEADLINE)
