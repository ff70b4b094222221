from __future__ import annotations

import zoneinfo
from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.urls import reverse_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from mentorconnect.formfields import with_model_limits

from . import matching, taxonomy_names
from .models import City, ExpertiseArea, Language, MeetingFormat, Profile, User
from .widgets import GroupedCheckboxes


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django's help text links to a page where staff would set the member's password.
        self.fields["password"].help_text = _(
            "Members choose their own password. To help one who is locked out, use “Send a "
            "password reset link” in the list of members."
        )
        if "is_active" in self.fields:
            self.fields["is_active"].help_text = _(
                "Unticking it closes the account: the member can no longer sign in, their open "
                "requests are withdrawn or declined, their mentorships end early and circles they "
                "run end. The other people are told by email."
            )


class CityField(forms.CharField):
    """A city typed as text ("Toronto" or "Springfield, Illinois") and found in the gazetteer;
    static/js/city-suggestions.js offers the gazetteer's cities as one types."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 250)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "autocomplete": "off",
                "data-suggest-url": reverse_lazy("profiles:city_suggestions"),
            }
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            city = City.objects.filter(pk=value).first()
            return city.label if city else ""
        if isinstance(value, City):
            return value.label
        return value

    def clean(self, value: Any) -> City | None:
        text = super().clean(value)
        if not text:
            return None
        matches = City.objects.matching(text)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(
                _(
                    "We could not find “%(text)s”. Type the city's name and choose it from the "
                    "list, for example “Toronto, Ontario, CA”."
                ),
                params={"text": text},
            )
        places = matching.list_separator().join(city.label for city in matches[:5])
        raise forms.ValidationError(
            _("Several places match “%(text)s”: %(places)s. Add the state or province."),
            params={"text": text, "places": places},
        )


# Areas of librarianship under the names of their groups, as a grouped field's choices.
AreaGroups = list[tuple[str, list[tuple[int, str]]]]


def grouped_area_choices() -> AreaGroups:
    # The names in the member's language, in the English order. Rows, not objects: the form
    # names every area (99), and building each as a model with its group took about 2 ms.
    translated = taxonomy_names.translator()
    groups: dict[str, list[tuple[int, str]]] = {}
    for pk, name, group in ExpertiseArea.objects.values_list("pk", "name", "group__name"):
        groups.setdefault(translated(group), []).append((pk, translated(name)))
    return list(groups.items())


class AreaChoiceField(forms.ModelMultipleChoiceField):
    """Areas of librarianship as checkboxes, under the headings of their groups."""

    widget = GroupedCheckboxes

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=ExpertiseArea.objects.all(), required=False, **kwargs)


TIME_ZONE_CHOICES = [("", _("Same as my city"))] + [
    (name, name.replace("_", " "))
    for name in sorted(zoneinfo.available_timezones())
    if name.startswith(("America/", "Pacific/Honolulu", "Europe/", "Asia/", "Australia/"))
]


class AboutYouForm(forms.ModelForm):
    """Step 1: who the member is and where; what a mentor card shows."""

    city = CityField(
        label=_("City"),
        required=False,
        help_text=_("Where you live or work. Start typing and choose your city from the list."),
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "pronouns",
            "headline",
            "workplace",
            "library_type",
            "career_stage",
            "city",
        ]
        labels = {"display_name": _("Your name as members see it")}
        help_texts = {
            "pronouns": _("Optional, for example she/her, he/him, they/them."),
            "workplace": _("Optional. Between jobs? Leave it empty: everyone is welcome."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("library_type", "career_stage"):
            cast(forms.ModelChoiceField, self.fields[name]).empty_label = _("Choose…")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        # A member who moves takes the new city's time zone, unless they chose another zone.
        old_city = self.instance.city if self.instance.city_id else None
        new_city = data.get("city")
        zone = self.instance.time_zone
        followed_old_city = old_city is not None and zone == old_city.timezone
        if new_city and new_city != old_city and (not zone or followed_old_city):
            self.instance.time_zone = new_city.timezone
        return data


class MentoringForm(forms.ModelForm):
    """Step 2: a mentee's wishes, a mentor's offer. What belongs to one role only is asked,
    and checked, only of members who chose that role."""

    wanted_areas = AreaChoiceField(label=_("Areas you'd like help with"))
    expertise = AreaChoiceField(label=_("Your areas of expertise"))

    MENTEE_FIELDS = ("wanted_areas", "help_wanted")
    MENTOR_FIELDS = ("expertise", "mentor_capacity", "accepting_requests")

    class Meta:
        model = Profile
        formfield_callback = with_model_limits
        fields = [
            "wants_mentor",
            "wanted_areas",
            "help_wanted",
            "can_mentor",
            "expertise",
            "mentor_capacity",
            "accepting_requests",
        ]
        labels = {
            "help_wanted": _("In a sentence, what would you like help with?"),
            "mentor_capacity": _("How many mentees at once"),
            "accepting_requests": _("Accepting requests now"),
        }
        help_texts = {
            "can_mentor": _(
                "At any stage of your career: you choose how many mentees, and can "
                "pause whenever you need to."
            ),
            "mentor_capacity": _("From 1 to 5. You are never suggested once your places are full."),
            "accepting_requests": _(
                "Turn this off to pause new requests; you can turn it on again."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = grouped_area_choices()
        cast(AreaChoiceField, self.fields["wanted_areas"]).choices = choices
        cast(AreaChoiceField, self.fields["expertise"]).choices = choices

    def shows(self, role_field: str) -> bool:
        """Whether the part of the form for `role_field` ("wants_mentor" or "can_mentor")
        starts open: the role is ticked in what was sent, or else in the saved profile."""
        return bool(self[role_field].value())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("wants_mentor") and not data.get("can_mentor"):
            raise forms.ValidationError(
                _("Choose at least one: “I'd like a mentor”, “I can mentor”, or both.")
            )
        if data.get("wants_mentor") and not data.get("wanted_areas"):
            self.add_error("wanted_areas", _("Choose at least one area you'd like help with."))
        if not data.get("can_mentor"):
            # A member who does not mentor is never held up by the mentor's fields: what was
            # saved for them stays as it was, whatever the hidden part of the form sent.
            for name in ("mentor_capacity", "accepting_requests"):
                self.errors.pop(name, None)
                data[name] = getattr(self.instance, name)
            return data
        if not data.get("expertise"):
            self.add_error("expertise", _("Choose at least one area you can mentor in."))
        current = self.instance.active_mentee_count
        if data.get("mentor_capacity") and data["mentor_capacity"] < current:
            # Each mentee takes a place, and so does each circle the member hosts, whatever
            # its size: "you mentor 3 people" misled a host of a circle of five.
            self.add_error(
                "mentor_capacity",
                ngettext(
                    "%(count)s of your places is taken now (each mentee, and each circle you "
                    "host, takes one), so your capacity cannot be lower than that.",
                    "%(count)s of your places are taken now (each mentee, and each circle you "
                    "host, takes one), so your capacity cannot be lower than that.",
                    current,
                )
                % {"count": current},
            )
        return data


class LanguageChoices(forms.CheckboxSelectMultiple):
    """The languages as checkboxes, which static/js/profile-languages.js turns into a
    typeahead with the chosen languages as removable tags."""

    def __init__(self) -> None:
        super().__init__(attrs={"class": "form-check-input"})


class MeetingContactForm(forms.ModelForm):
    """Step 3: how the member likes to meet, a few words about them, and how their matches
    can reach them outside MentorConnect."""

    meeting_formats = forms.MultipleChoiceField(
        label=_("How you like to meet"),
        choices=MeetingFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can mentor or be mentored in"),
        choices=Language.choices,
        widget=LanguageChoices,
        required=False,
        help_text=_("Type to add a language; remove one with its ×."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=TIME_ZONE_CHOICES,
        required=False,
        help_text=_(
            "Reminders arrive in your daytime. It follows your city unless you choose one."
        ),
    )
    contact_linkedin = forms.URLField(label="LinkedIn", required=False, assume_scheme="https")

    class Meta:
        model = Profile
        fields = [
            "meeting_formats",
            "open_to_remote",
            "languages",
            "time_zone",
            "bio",
            "share_account_email",
            "contact_email",
            "contact_phone",
            "contact_linkedin",
            "contact_other",
            "contact_visibility",
            "hidden_from_search",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "contact_visibility": forms.RadioSelect,
        }
        labels = {
            "contact_email": _("Another email"),
            "contact_visibility": _("Show these other ways to"),
        }
        help_texts = {
            "open_to_remote": _("Meet by video, phone or email with people anywhere."),
            "bio": _(
                "A few sentences: your path, what you enjoy, what you offer or hope to learn."
            ),
            "contact_email": _("If you would rather use another address than your account's."),
            "hidden_from_search": _(
                "You will not appear in search or suggestions, and only people "
                "you are in a mentorship or request with can open your profile."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        email = self.instance.user.email if self.instance.user_id else ""
        self.fields["share_account_email"].label = gettext(
            "Share my account email (%(email)s) with the mentors and mentees I am matched with"
        ) % {"email": email}
        self.fields["share_account_email"].help_text = _(
            "So that the two of you can always reach each other once a request is accepted. "
            "Nobody else sees it."
        )

    def has_other_channels(self) -> bool:
        """Whether the other ways to be reached start open: one is filled in or has an
        error."""
        names = ["contact_email", "contact_phone", "contact_linkedin", "contact_other"]
        return any(self[name].value() or self.errors.get(name) for name in names)


SETUP_STEPS = [
    (1, _("About you"), AboutYouForm),
    (2, _("Mentoring"), MentoringForm),
    (3, _("Meeting and contact"), MeetingContactForm),
]


class StartMentoringForm(forms.Form):
    """The one step from the dashboard to "I can mentor", accepting requests now."""

    mentor_capacity = forms.IntegerField(
        label=_("How many mentees could you take?"),
        min_value=1,
        max_value=5,
        initial=1,
        help_text=_("One is a fine start. You can change it, or pause, whenever you like."),
        widget=forms.NumberInput(attrs={"min": 1, "max": 5}),
    )
    expertise = AreaChoiceField(label=_("Areas you can mentor in"))

    def __init__(self, *args: Any, profile: Profile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.profile = profile
        cast(AreaChoiceField, self.fields["expertise"]).choices = grouped_area_choices()
        if not self.initial.get("expertise"):
            self.initial["expertise"] = list(profile.expertise.values_list("pk", flat=True))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("expertise") and not self.profile.expertise.exists():
            self.add_error("expertise", _("Choose at least one area you can mentor in."))
        return data
