from __future__ import annotations

import zoneinfo
from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.urls import reverse_lazy

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
        self.fields["password"].help_text = (
            "Members choose their own password. To help one who is locked out, use “Send a "
            "password reset link” in the list of members."
        )


class CityField(forms.CharField):
    """A city typed as text ("Toronto" or "Springfield, Illinois") and found in the gazetteer."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 250)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "list": "city-suggestions",
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
                "We could not find “%(text)s”. Type the city's name and choose it from the list, "
                "for example “Toronto, Ontario, CA”.",
                params={"text": text},
            )
        raise forms.ValidationError(
            "Several places match “%(text)s”: %(places)s. Add the state or province.",
            params={"text": text, "places": "; ".join(city.label for city in matches[:5])},
        )


# Areas of librarianship under the names of their groups, as a grouped field's choices.
AreaGroups = list[tuple[str, list[tuple[int, str]]]]


def grouped_area_choices() -> AreaGroups:
    groups: dict[str, list[tuple[int, str]]] = {}
    for area in ExpertiseArea.objects.select_related("group"):
        groups.setdefault(area.group.name, []).append((area.pk, area.name))
    return list(groups.items())


class AreaChoiceField(forms.ModelMultipleChoiceField):
    """Areas of librarianship as checkboxes, under the headings of their groups."""

    widget = GroupedCheckboxes

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=ExpertiseArea.objects.all(), required=False, **kwargs)


TIME_ZONE_CHOICES = [("", "Same as my city")] + [
    (name, name.replace("_", " "))
    for name in sorted(zoneinfo.available_timezones())
    if name.startswith(("America/", "Pacific/Honolulu", "Europe/", "Asia/", "Australia/"))
]


class AboutYouForm(forms.ModelForm):
    city = CityField(
        label="City",
        required=False,
        help_text="Where you live or work. Start typing and choose from the list.",
    )
    meeting_formats = forms.MultipleChoiceField(
        label="How you like to meet",
        choices=MeetingFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label="Languages you can mentor or be mentored in",
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    time_zone = forms.ChoiceField(label="Time zone", choices=TIME_ZONE_CHOICES, required=False)

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
            "open_to_remote",
            "meeting_formats",
            "languages",
            "time_zone",
        ]
        labels = {"display_name": "Your name as members see it"}

        help_texts = {
            "pronouns": "Optional, for example she/her, he/him, they/them.",
            "workplace": "Optional. Between jobs? Leave it empty: everyone is welcome.",
            "open_to_remote": "Meet by video, phone or email with people anywhere.",
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        # A member who moves takes the new city's time zone, unless they chose another zone.
        old_city = self.instance.city if self.instance.city_id else None
        new_city = data.get("city")
        if new_city and new_city != old_city:
            followed_old_city = old_city is not None and data.get("time_zone") == old_city.timezone
            if not data.get("time_zone") or followed_old_city:
                data["time_zone"] = new_city.timezone
        return data


class MentoringForm(forms.ModelForm):
    wanted_areas = AreaChoiceField(label="Areas you'd like help with")
    expertise = AreaChoiceField(label="Your areas of expertise")

    class Meta:
        model = Profile
        fields = [
            "wants_mentor",
            "wanted_areas",
            "help_wanted",
            "can_mentor",
            "expertise",
            "mentor_capacity",
            "accepting_requests",
        ]
        labels = {"help_wanted": "In a sentence, what would you like help with?"}
        help_texts = {
            "mentor_capacity": "From 1 to 5. You are never suggested once your places are full.",
            "accepting_requests": "Turn this off to pause new requests; you can turn it on again.",
        }
        widgets = {"mentor_capacity": forms.NumberInput(attrs={"min": 1, "max": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = grouped_area_choices()
        cast(AreaChoiceField, self.fields["wanted_areas"]).choices = choices
        cast(AreaChoiceField, self.fields["expertise"]).choices = choices

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("wants_mentor") and not data.get("can_mentor"):
            raise forms.ValidationError(
                "Choose at least one: “I'd like a mentor”, “I can mentor”, or both."
            )
        if data.get("wants_mentor") and not data.get("wanted_areas"):
            self.add_error("wanted_areas", "Choose at least one area you'd like help with.")
        if data.get("can_mentor") and not data.get("expertise"):
            self.add_error("expertise", "Choose at least one area you can mentor in.")
        if not data.get("can_mentor"):
            # Capacity only matters to mentors: a mentee's stray number must not block them.
            self.errors.pop("mentor_capacity", None)
            data["mentor_capacity"] = self.instance.mentor_capacity or 2
        current = self.instance.active_mentee_count
        if data.get("mentor_capacity") and data["mentor_capacity"] < current:
            self.add_error(
                "mentor_capacity",
                f"You mentor {current} people now, so your capacity cannot be lower than that.",
            )
        return data


class BioContactForm(forms.ModelForm):
    contact_linkedin = forms.URLField(label="LinkedIn", required=False, assume_scheme="https")

    class Meta:
        model = Profile
        fields = [
            "bio",
            "contact_email",
            "contact_phone",
            "contact_linkedin",
            "contact_other",
            "contact_visibility",
            "hidden_from_search",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "contact_visibility": forms.RadioSelect,
        }
        help_texts = {
            "bio": "A few sentences: your path, what you enjoy, what you offer or hope to learn.",
            "contact_email": "Many pairs move to email, phone or video once matched.",
            "hidden_from_search": "You will not appear in search or suggestions, and only people "
            "you are in a mentorship or request with can open your profile.",
        }


SETUP_STEPS = [
    (1, "About you", AboutYouForm),
    (2, "Mentoring", MentoringForm),
    (3, "Bio and contact", BioContactForm),
]


class StartMentoringForm(forms.Form):
    """The one step from the dashboard to "I can mentor", accepting requests now."""

    mentor_capacity = forms.IntegerField(
        label="How many mentees could you take?",
        min_value=1,
        max_value=5,
        initial=1,
        help_text="One is a fine start. You can change it, or pause, whenever you like.",
        widget=forms.NumberInput(attrs={"min": 1, "max": 5}),
    )
    expertise = AreaChoiceField(label="Areas you can mentor in")

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
            self.add_error("expertise", "Choose at least one area you can mentor in.")
        return data
