"""The members' admin, registered from the layer that can close what a member had open."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import ngettext

from profiles.admin import UserAdmin
from profiles.models import User

from . import privacy

admin.site.unregister(User)


@admin.register(User)
class MemberAdmin(UserAdmin):
    """profiles' UserAdmin, where deactivating a member closes at once what they had open
    (privacy.close_relationships) instead of at beat's next sweep."""

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            plan = privacy.close_relationships(obj)
            if plan.people_told:
                self.message_user(
                    request,
                    ngettext(
                        "Their open requests and mentorships are closed; %(count)s member is told.",
                        "Their open requests and mentorships are closed; %(count)s members are "
                        "told.",
                        plan.people_told,
                    )
                    % {"count": plan.people_told},
                    messages.INFO,
                )
