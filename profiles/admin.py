from __future__ import annotations

from allauth.account.forms import ResetPasswordForm
from allauth.socialaccount.models import SocialApp, SocialToken
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from mentorconnect.admin_search import SearchEachTableAdmin

from .forms import UserChangeAdminForm, UserCreationAdminForm
from .models import (
    CareerStage,
    City,
    ExpertiseArea,
    ExpertiseGroup,
    LibraryType,
    Membership,
    Profile,
    RecruitmentCampaign,
    User,
)


@admin.register(User)
class UserAdmin(SearchEachTableAdmin, DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "date_joined"]
    search_fields = ["email", "profile__display_name"]
    list_select_related = ["profile"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["send_password_reset"]

    @admin.display(description=_("name"), ordering="profile__display_name")
    def name(self, user: User) -> str:
        profile = getattr(user, "profile", None)
        return profile.display_name if profile else ""

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Staff set only their own password here: setting a member's would let staff sign in
        as them and read their mentorships and feedback. They send a reset link instead."""
        if str(request.user.pk) != str(id):
            self.message_user(
                request,
                gettext(
                    "Staff cannot set a member's password. Select the member in the list and use "
                    "“Send a password reset link”: only they can choose a new password."
                ),
                messages.ERROR,
            )
            return redirect("admin:profiles_user_change", id)
        return super().user_change_password(request, id, form_url)

    @admin.action(description=_("Send a password reset link"))
    def send_password_reset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        users = list(queryset.filter(is_active=True))
        for user in users:
            form = ResetPasswordForm(data={"email": user.email})
            if form.is_valid():
                form.save(request)
            self.log_change(request, user, "Sent a password reset link.")
        self.message_user(
            request,
            ngettext(
                "Password reset link sent to %(count)s member(s).",
                "Password reset link sent to %(count)s member(s).",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )


@admin.register(Profile)
class ProfileAdmin(SearchEachTableAdmin):
    list_display = [
        "display_name",
        "user",
        "headline",
        "city",
        "career_stage",
        "wants_mentor",
        "can_mentor",
        "accepting_requests",
        "active_mentee_count",
        "mentor_capacity",
        "hidden_by_staff",
    ]
    list_filter = [
        "can_mentor",
        "wants_mentor",
        "accepting_requests",
        "hidden_by_staff",
        "hidden_from_search",
        "career_stage",
        "library_type",
        "city__country",
    ]
    search_fields = ["display_name", "user__email", "headline", "workplace", "city__name"]
    list_select_related = ["user", "city", "career_stage"]
    autocomplete_fields = ["user", "city"]
    filter_horizontal = ["expertise", "wanted_areas"]
    readonly_fields = ["active_mentee_count", "created_at", "updated_at", "completed_at"]
    date_hierarchy = "created_at"
    actions = ["hide_from_members", "show_to_members"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["user", "display_name", "pronouns", "headline", "workplace"]}),
        (_("Profession"), {"fields": ["library_type", "career_stage", "expertise", "bio"]}),
        (
            _("Place and meeting"),
            {"fields": ["city", "open_to_remote", "meeting_formats", "languages", "time_zone"]},
        ),
        (_("Mentee"), {"fields": ["wants_mentor", "wanted_areas", "help_wanted"]}),
        (
            _("Mentor"),
            {
                "fields": [
                    "can_mentor",
                    "mentor_capacity",
                    "accepting_requests",
                    "active_mentee_count",
                ]
            },
        ),
        (
            _("Contact"),
            {
                "fields": [
                    "share_account_email",
                    "contact_email",
                    "contact_phone",
                    "contact_linkedin",
                    "contact_other",
                    "contact_visibility",
                ]
            },
        ),
        (
            _("Moderation"),
            {
                "fields": ["hidden_from_search", "hidden_by_staff", "moderation_reason"],
                "description": _("Staff may hide a profile from every member; give the reason."),
            },
        ),
        (_("Dates"), {"fields": ["created_at", "updated_at", "completed_at"]}),
    ]

    def save_model(self, request: HttpRequest, obj: Profile, form: object, change: bool) -> None:
        if obj.hidden_by_staff and not obj.moderation_reason:
            obj.moderation_reason = gettext("Hidden by staff (no reason given).")
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Hide from members (moderation)"))
    def hide_from_members(self, request: HttpRequest, queryset: QuerySet[Profile]) -> None:
        reason = gettext("Hidden by %(staff)s from the profile list.") % {"staff": request.user}
        profiles = list(queryset.filter(hidden_by_staff=False))
        for profile in profiles:
            profile.hidden_by_staff = True
            profile.moderation_reason = reason
            profile.save(update_fields=["hidden_by_staff", "moderation_reason"])
            self.log_change(request, profile, "Hidden from members (moderation).")
        count = len(profiles)
        self.message_user(
            request,
            ngettext(
                "%(count)s profile(s) hidden. Edit each to record a specific reason.",
                "%(count)s profile(s) hidden. Edit each to record a specific reason.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Show to members again"))
    def show_to_members(self, request: HttpRequest, queryset: QuerySet[Profile]) -> None:
        profiles = list(queryset.filter(hidden_by_staff=True))
        for profile in profiles:
            profile.hidden_by_staff = False
            profile.moderation_reason = ""
            profile.save(update_fields=["hidden_by_staff", "moderation_reason"])
            self.log_change(request, profile, "Shown to members again.")
        self.message_user(
            request,
            ngettext(
                "%(count)s profile(s) visible again.",
                "%(count)s profile(s) visible again.",
                len(profiles),
            )
            % {"count": len(profiles)},
            messages.SUCCESS,
        )


@admin.register(ExpertiseGroup)
class ExpertiseGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(ExpertiseArea)
class ExpertiseAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "group"]
    list_filter = ["group"]
    search_fields = ["name", "group__name"]
    list_select_related = ["group"]


@admin.register(LibraryType)
class LibraryTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(CareerStage)
class CareerStageAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "seniority"]
    list_editable = ["position", "seniority"]
    search_fields = ["name"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "country", "population", "timezone"]
    list_filter = ["country", "region"]
    search_fields = ["name", "region"]


@admin.register(RecruitmentCampaign)
class RecruitmentCampaignAdmin(admin.ModelAdmin):
    """Staff invitations to mentor, sent from /insights/recruit/; a record, not editable."""

    list_display = ["created_at", "created_by", "invited", "region_list"]
    list_filter = ["created_at", "areas"]
    search_fields = ["created_by__email"]
    date_hierarchy = "created_at"
    list_select_related = ["created_by"]
    fields = readonly_fields = ("created_by", "created_at", "areas", "regions", "invited")

    @admin.display(description=_("regions"))
    def region_list(self, campaign: RecruitmentCampaign) -> str:
        return ", ".join(campaign.regions)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Members' association membership as its single sign-on last said it: a record that only
    the next sign-in changes, so staff read it here and change it in the member system."""

    list_display = ["user", "status", "unit_list", "seen_at"]
    list_filter = ["status", "seen_at"]
    search_fields = ["user__email", "units"]
    list_select_related = ["user"]
    fields = readonly_fields = ("user", "status", "units", "seen_at")

    @admin.display(description=_("units"))
    def unit_list(self, membership: Membership) -> str:
        return ", ".join(membership.units)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# The association's sign-in is configured from the environment (settings: OIDC_*), and its
# tokens are not kept: allauth's rows for either would only mislead staff.
admin.site.unregister(SocialApp)
admin.site.unregister(SocialToken)
