"""Staff see who runs a circle, its state and dates; never what happens inside it (no
agreement, meetings, members' notes or history)."""

from __future__ import annotations

from typing import cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Circle, CircleQuerySet


@admin.register(Circle)
class CircleAdmin(admin.ModelAdmin):
    list_display = ["pk", "title", "host", "convener", "state", "members", "created_at"]
    list_filter = ["status", "format", "join_policy", "created_at"]
    search_fields = ["title", "host__email", "convener__email"]
    list_select_related = ["host", "convener"]
    fields = readonly_fields = (
        "title",
        "host",
        "convener",
        "state",
        "members",
        "format",
        "join_policy",
        "created_at",
        "ended_at",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Circle]:
        return cast(CircleQuerySet, super().get_queryset(request)).with_member_count()

    @admin.display(description=_("status"), ordering="status")
    def state(self, circle: Circle) -> str:
        return circle.status_label

    @admin.display(description=_("members"))
    def members(self, circle: Circle) -> str:
        return f"{circle.member_count} / {circle.places}"  # type: ignore[attr-defined]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
