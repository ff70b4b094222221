"""Staff see what support needs (who, which state, when) and never what the two wrote:
no request text, goals, plans, meeting agendas, notes or reasons."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

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
        "undelivered_emails",
    )

    @admin.display(description=_("emails the mail server refused"))
    def undelivered_emails(self, mentorship: Mentorship) -> str:
        """What support needs when a member says an email never came: which, when, and the
        mail server's answer (a mistyped address, say). Such an email is not tried again."""
        refused = mentorship.events.filter(email_failed_at__isnull=False).order_by("created_at")
        return "; ".join(
            f"{event.get_kind_display()} ({event.email_failed_at:%Y-%m-%d %H:%M}): "
            f"{event.email_error}"
            for event in refused
        ) or str(_("none"))

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
