from __future__ import annotations

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import cache
        from .models import Program, SavedProgram, Unit

        post_save.connect(cache.changed, sender=Program, dispatch_uid="programs-changed-save")
        post_delete.connect(cache.changed, sender=Program, dispatch_uid="programs-changed-delete")
        # Program cards show their unit's name.
        post_save.connect(cache.changed, sender=Unit, dispatch_uid="programs-unit-save")
        for through in (Program.career_stages.through, Program.library_types.through):
            m2m_changed.connect(cache.changed, sender=through, dispatch_uid=f"programs-{through}")
        for signal, name in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(
                cache.saved_changed, sender=SavedProgram, dispatch_uid=f"saved-program-{name}"
            )
