from __future__ import annotations

from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "programs.cohorts"
    label = "cohorts"
    verbose_name = "Program cohorts"

    def ready(self) -> None:
        from mentorconnect.outbox.kinds import reminder_kinds

        from . import reminders

        reminder_kinds.register(reminders.COHORT_NOT_MATCHED)
        reminder_kinds.register(reminders.COHORT_MILESTONE)
