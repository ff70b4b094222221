from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "programs.cohorts"
    label = "cohorts"
    verbose_name = _("Program cohorts")

    def ready(self) -> None:
        from mentorconnect.outbox.kinds import reminder_kinds

        from . import reminders

        reminder_kinds.register(reminders.COHORT_NOT_MATCHED)
        reminder_kinds.register(reminders.COHORT_MILESTONE)
        reminder_kinds.register(reminders.COHORT_COORDINATOR)
