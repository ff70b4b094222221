"""Curating the directory: Program curators (staff in the "Program curators" group) work here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from mentorconnect.dates import date_format

from .forms import ELIGIBILITY_HELP, ProgramAdminForm, UnitAdminForm
from .models import Format, Program, ProgramQuerySet, ProgramStatus, Unit, program_today
from .services import program_copy_for_next_cycle

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, WithAnnotations


class OpenNowFilter(admin.SimpleListFilter):
    title = _("applications")
    parameter_name = "applications"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, StrOrPromise]]:
        return [("open", _("Open now")), ("closed", _("Not open now"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        open_now = Program.objects.open_now(program_today())
        if self.value() == "open":
            return queryset.filter(pk__in=open_now.values("pk"))
        if self.value() == "closed":
            return queryset.exclude(pk__in=open_now.values("pk"))
        return None


class NeedsReviewFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, StrOrPromise]]:
        return [("needed", _("Needs review (not reviewed in 12 months)"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        if self.value() == "needed":
            # ProgramAdmin lists Program.objects, a ProgramQuerySet.
            return cast(ProgramQuerySet, queryset).needs_review(program_today())
        return None


class FormatFilter(admin.SimpleListFilter):
    title = _("format")
    parameter_name = "format"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, StrOrPromise]]:
        return list(Format.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        if self.value() in Format.values:
            return queryset.filter(formats__contains=[self.value()])
        return None


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    form = ProgramAdminForm
    list_display = [
        "name",
        "unit_label",
        "status",
        "formats_label",
        "window_label",
        "review_label",
    ]
    list_select_related = ["unit"]
    list_filter = [
        ("unit", admin.RelatedOnlyFieldListFilter),
        "status",
        FormatFilter,
        OpenNowFilter,
        NeedsReviewFilter,
    ]
    search_fields = ["name", "summary", "unit__name", "unit__abbreviation"]
    date_hierarchy = "closes_on"
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["unit"]
    readonly_fields = ["last_reviewed_on", "reviewed_by", "created_at", "updated_at"]
    actions = ["mark_reviewed", "archive", "copy_for_next_cycle"]
    save_on_top = True
    change_form_template = "programs/admin_change_form.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": [("name", "slug"), ("unit", "status"), "summary", "description"]}),
        (
            _("Curators only"),
            {
                "description": _("Never shown on the public pages, the feed or the sitemap."),
                "fields": ["internal_notes"],
            },
        ),
        (
            _("Who it is for"),
            {
                "fields": [
                    "audience",
                    "audience_notes",
                    "career_stages",
                    "library_types",
                ]
            },
        ),
        (
            _("Who may join"),
            {
                "description": ELIGIBILITY_HELP,
                "fields": [
                    "membership",
                    "membership_notes",
                    "open_to_part_time",
                    "open_to_students",
                    "open_to_between_jobs",
                    "open_to_retired",
                ],
            },
        ),
        (
            _("Format and cost"),
            {
                "fields": [
                    "formats",
                    "duration",
                    ("location", "region"),
                    ("is_free", "cost_amount"),
                    "cost_notes",
                ]
            },
        ),
        (
            _("Applications"),
            {
                "fields": [
                    "rolling",
                    ("opens_on", "closes_on"),
                    "application_notes",
                    "application_url",
                    "contact",
                ]
            },
        ),
        (
            _("Review"),
            {
                "fields": [
                    "source_url",
                    "reviewed_now",
                    "last_reviewed_on",
                    "reviewed_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    class Media:
        css = {"all": ["programs/curator.css"]}

    @admin.display(description=_("last review"), ordering="last_reviewed_on")
    def review_label(self, program: Program) -> str:
        # A date without a reviewer was a bulk load's, not a review (ProgramQuerySet.reviewed).
        if not program.is_reviewed or program.last_reviewed_on is None:
            return gettext("Not yet reviewed")
        return date_format(program.last_reviewed_on, gettext("j M Y"))

    def response_add(
        self, request: HttpRequest, obj: Program, post_url_continue: str | None = None
    ) -> HttpResponse:
        if "_preview" in request.POST:
            return self._preview(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Program) -> HttpResponse:
        if "_preview" in request.POST:
            return self._preview(request, obj)
        return super().response_change(request, obj)

    def _preview(self, request: HttpRequest, obj: Program) -> HttpResponseRedirect:
        """Save and preview: the public page as members will see it (a draft is seen by
        curators only), with a way back to the form."""
        self.message_user(
            request,
            (
                gettext("Saved “%(name)s”. This is its public page.")
                if obj.is_public
                else gettext(
                    "Saved “%(name)s”. This is its public page as members will see it once it "
                    "is published."
                )
            )
            % {"name": obj.name},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(obj.get_absolute_url())

    @admin.display(description=_("unit"), ordering="unit__abbreviation")
    def unit_label(self, program: Program) -> str:
        # The abbreviation keeps the list narrow enough to show the window and review columns.
        return program.unit.abbreviation

    @admin.display(description=_("format"))
    def formats_label(self, program: Program) -> str:
        return ", ".join(program.format_labels()) or "—"

    @admin.display(description=_("applications"), ordering="closes_on")
    def window_label(self, program: Program) -> str:
        if program.rolling:
            return gettext("Rolling")
        if program.opens_on or program.closes_on:
            opens = date_format(program.opens_on, gettext("j M Y")) if program.opens_on else "…"
            closes = date_format(program.closes_on, gettext("j M Y")) if program.closes_on else "…"
            return f"{opens} – {closes}"
        return "—"

    def save_model(self, request: HttpRequest, obj: Program, form: Any, change: bool) -> None:
        if form.cleaned_data.get("reviewed_now"):
            assert request.user.is_authenticated  # the admin serves signed-in staff only
            obj.last_reviewed_on = program_today()
            obj.reviewed_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Mark selected programs as reviewed today"), permissions=["change"])
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[Program]) -> None:
        assert request.user.is_authenticated  # the admin serves signed-in staff only
        today = program_today()
        programs = list(queryset)
        for program in programs:
            program.mark_reviewed(by=request.user, on=today)
            self.log_change(request, program, "Marked as reviewed.")
        self.message_user(
            request,
            ngettext(
                "Marked %(count)d program(s) as reviewed today.",
                "Marked %(count)d program(s) as reviewed today.",
                len(programs),
            )
            % {"count": len(programs)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Archive selected programs (hide them)"), permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet[Program]) -> None:
        programs = list(queryset.exclude(status=ProgramStatus.ARCHIVED))
        for program in programs:
            program.status = ProgramStatus.ARCHIVED
            program.save(update_fields=["status", "updated_at"])
            # Each change goes into the program's history, like an edit would.
            self.log_change(request, program, "Archived.")
        self.message_user(
            request,
            ngettext("Archived %(count)d program.", "Archived %(count)d programs.", len(programs))
            % {"count": len(programs)},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Copy for next cycle (as drafts, dates a year on)"), permissions=["add"]
    )
    def copy_for_next_cycle(self, request: HttpRequest, queryset: QuerySet[Program]) -> None:
        copies = []
        for program in queryset:
            copy = program_copy_for_next_cycle(program=program)
            self.log_addition(request, copy, f"Copied from {program.slug} for the next cycle.")
            copies.append(copy)
        names = ", ".join(copy.slug for copy in copies)
        self.message_user(
            request,
            ngettext(
                "Made %(count)d draft for the next cycle: %(names)s. Review and publish it.",
                "Made %(count)d drafts for the next cycle: %(names)s. Review and publish them.",
                len(copies),
            )
            % {"count": len(copies), "names": names},
            messages.SUCCESS,
        )


class ProgramCount(TypedDict):
    """What UnitAdmin's queryset adds to each unit."""

    program_count: int


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = UnitAdminForm
    list_display = ["name", "abbreviation", "kind", "status", "program_count"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "abbreviation"]
    ordering = ["name"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request: HttpRequest) -> QuerySet[WithAnnotations[Unit, ProgramCount]]:
        return super().get_queryset(request).annotate(program_count=Count("programs"))

    @admin.display(description=_("programs"), ordering="program_count")
    def program_count(self, unit: WithAnnotations[Unit, ProgramCount]) -> int:
        return unit.program_count
