"""Staff name each program's coordinators here; coordinators run cohorts on the site's own
pages. The admin shows applications' metadata only: no answers, rankings or exclusions."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from . import reminders, services
from .models import Application, Cohort, Coordinator


@admin.register(Coordinator)
class CoordinatorAdmin(admin.ModelAdmin):
    list_display = ["user", "program", "created_at"]
    list_filter = ["program__unit", "program"]
    search_fields = ["user__email", "user__profile__display_name", "program__name"]
    autocomplete_fields = ["user", "program"]
    list_select_related = ["user", "program"]

    def save_model(
        self, request: HttpRequest, obj: Coordinator, form: forms.ModelForm, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        # Staff name coordinators only here: the member named is emailed where to start.
        if not change or {"user", "program"} & set(form.changed_data):
            reminders.coordinator_named(obj, timezone.now())


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "status", "mentees_close_on", "starts_on", "places"]
    list_filter = ["status", "program__unit"]
    search_fields = ["name", "program__name"]
    autocomplete_fields = ["program"]
    filter_horizontal = ["mentee_career_stages"]
    list_select_related = ["program"]
    readonly_fields = ["round_run_at", "published_at", "published_by"]

    @transaction.atomic
    def save_model(
        self, request: HttpRequest, obj: Cohort, form: forms.ModelForm, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        # Closed here as on the coordinators' form, a cohort never published tells the
        # applicants still waiting for its matches (the service does nothing otherwise).
        if change and "status" in form.changed_data:
            services.round_closed_without_matches(cohort=obj)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["pk", "applicant", "role", "cohort", "status", "created_at"]
    list_filter = ["role", "status", "cohort__program"]
    search_fields = [
        "applicant__email",
        "applicant__profile__display_name",
        "cohort__name",
        "cohort__program__name",
    ]
    list_select_related = ["applicant", "cohort__program"]
    fields = ["cohort", "applicant", "role", "status", "created_at"]
    readonly_fields = ["cohort", "applicant", "role", "status", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
