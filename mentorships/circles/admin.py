"""Staff see who runs a circle, its state and dates; never what happens inside it (no
agreement, meetings, members' notes or history)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Circle


@admin.register(Circle)
class CircleAdmin(admin.ModelAdmin):
    list_display = ["pk", "title", "host", "convener", "status", "places", "created_at"]
    list_filter = ["status", "format", "join_policy", "created_at"]
    search_fields = ["title", "host__email", "convener__email"]
    list_select_related = ["host", "convener"]
    fields = readonly_fields = (
        "title",
        "host",
        "convener",
        "status",
        "places",
        "format",
        "join_policy",
        "created_at",
        "ended_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
