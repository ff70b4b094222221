from __future__ import annotations

from django.apps import AppConfig


class MentorshipsConfig(AppConfig):
    name = "mentorships"

    def ready(self) -> None:
        from mentorconnect.outbox.kinds import reminder_kinds
        from programs.cohorts import services as cohort_services

        from . import cohort_rounds, reminders

        for kind in reminders.KINDS:
            reminder_kinds.register(kind)
        cohort_services.closed_without_matches.connect(
            cohort_rounds.circles_for_a_closed_round, dispatch_uid="circles_for_a_closed_round"
        )
