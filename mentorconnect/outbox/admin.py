from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from mentorconnect.admin_search import SearchEachTableAdmin

from .models import Reminder


@admin.register(Reminder)
class ReminderAdmin(SearchEachTableAdmin):
    """The outbox: metadata only (kind, recipient, status, times), never content."""

    list_display = ["pk", "kind", "recipient", "status", "due_at", "sent_at", "attempts"]
    list_filter = ["status", "kind", "due_at"]
    search_fields = ["recipient__email", "recipient__profile__display_name"]
    date_hierarchy = "due_at"
    list_select_related = ["recipient"]
    fields = readonly_fields = (
        "recipient",
        "kind",
        "subject",
        "period",
        "status",
        "due_at",
        "lease_until",
        "attempts",
        "sent_at",
        "last_error",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
