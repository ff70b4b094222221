"""Staff see what support needs (who, which state, when) and never what the two wrote:
no request text, goals, plans, meeting agendas, notes or reasons."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from mentorconnect.admin_search import SearchEachTableAdmin

from .models import Mentorship, WaitingListEntry


@admin.register(Mentorship)
class MentorshipAdmin(SearchEachTableAdmin):
    list_display = ["pk", "mentee", "mentor", "status", "requested_at", "started_at", "ended_at"]
    list_filter = ["status", "requested_at", "started_at"]
    search_fields = [
        "mentee__email",
        "mentor__email",
        "mentee__profile__display_name",
        "mentor__profile__display_name",
    ]
    date_hierarchy = "requested_at"
    list_select_related = ["mentee", "mentor"]
    fields = readonly_fields = (
        "mentee",
        "mentor",
        "status",
        "requested_at",
        "answered_at",
        "started_at",
        "starts_on",
        "ended_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(WaitingListEntry)
class WaitingListEntryAdmin(SearchEachTableAdmin):
    """Who waits for which areas, and whom they were told of: read only, changed by the sweep."""

    list_display = [
        "pk",
        "mentee",
        "status",
        "in_person",
        "joined_at",
        "offered_mentor",
        "offered_at",
    ]
    list_filter = ["status", "in_person", "joined_at", "areas"]
    search_fields = ["mentee__email", "mentee__profile__display_name"]
    date_hierarchy = "joined_at"
    list_select_related = ["mentee", "offered_mentor"]
    fields = readonly_fields = (
        "mentee",
        "areas",
        "in_person",
        "status",
        "joined_at",
        "offered_mentor",
        "offered_at",
        "left_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
