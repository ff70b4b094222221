from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentorconnect.formfields import with_model_limits
from profiles import matching
from profiles.models import Profile

from .models import Agreement, Channel, Format, Meeting, Mentorship, PlanItem, Rhythm


def ways_to_meet(mentee: Profile | None, mentor: Profile) -> list[str]:
    """The ways a mentee may ask `mentor` to meet: the mentor's own, in person only when the
    two are near enough (both profiles loaded with their city). A mentor who named none, or
    only in person and is too far, is offered every way: the agreement settles it."""
    formats = [
        value
        for value in mentor.meeting_formats
        if value != Format.IN_PERSON or matching.near_enough_to_meet(mentee, mentor)
    ]
    return formats or list(Format.values)


class RequestForm(forms.ModelForm):
    class Meta:
        model = Mentorship
        fields = [
            "help_wanted",
            "why_this_mentor",
            "preferred_format",
            "preferred_rhythm",
            "first_message",
        ]
        widgets = {
            "help_wanted": forms.Textarea(attrs={"rows": 3}),
            "why_this_mentor": forms.Textarea(attrs={"rows": 2}),
            "first_message": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "help_wanted": _("Two or three goals you would like to reach, in plain words."),
            "why_this_mentor": _("What in their experience fits what you want to learn."),
            "preferred_rhythm": _(
                "A first idea: once the mentor accepts, you agree the rhythm together, in your "
                "own words if none of these fits."
            ),
            "first_message": _("Say hello and introduce yourself, as you would in a first email."),
        }

    def __init__(self, *args: Any, mentee: Profile | None, mentor: Profile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        format_field = self.fields["preferred_format"]
        assert isinstance(format_field, forms.ChoiceField)
        offered = ways_to_meet(mentee, mentor)
        format_field.choices = [
            (value, label) for value, label in Format.choices if value in offered
        ]
        # A request has no place to describe another rhythm, and needs none: the agreement,
        # made once the mentor accepts, is where the two put it in their own words.
        field = self.fields["preferred_rhythm"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (value, label) for value, label in Rhythm.choices if value != Rhythm.CUSTOM
        ]


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("A kind note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: “My places are full this term; Sam Lee knows this area well.”"),
    )
    pause = forms.BooleanField(
        label=_("Also pause my availability (no new requests until I turn it back on)"),
        required=False,
    )


class EndForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How is it ending?"),
        choices=[
            ("completed", _("We reached our goals or the planned time: completed")),
            ("ended_early", _("It is ending early")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("A reason, for your own record (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you will see this: not the other person, not staff."),
    )


class AgreementForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("How you will keep in touch"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Agreement
        formfield_callback = with_model_limits
        fields = ["goals", "rhythm", "custom_rhythm", "planned_months", "channels", "expectations"]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 4}),
            "expectations": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"rhythm": _("How often you will meet")}
        help_texts = {
            "goals": _("What the mentee wants to be different when the mentorship ends."),
            "expectations": _(
                "For example: reply to emails within a week; say early if a meeting must move."
            ),
            "planned_months": _("From 1 to 24 months. Six is usual; you can extend later."),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("rhythm") == "custom" and not data.get("custom_rhythm"):
            self.add_error("custom_rhythm", gettext("Describe the rhythm you agreed."))
        return data


MEETING_YEARS_AHEAD = 2


class MeetingForm(forms.ModelForm):
    """A meeting time typed in the proposer's own time zone and stored in UTC."""

    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    class Meta:
        model = Meeting
        formfield_callback = with_model_limits
        fields = ["starts_at", "duration_minutes", "format", "place_or_link", "agenda"]
        labels = {"duration_minutes": _("Length in minutes")}
        widgets = {"agenda": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, time_zone: str = "UTC", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(time_zone or "UTC")
        self.fields["starts_at"].help_text = gettext("In your time zone (%(zone)s).") % {
            "zone": self.zone.key
        }

    def clean_starts_at(self) -> datetime.datetime:
        value: datetime.datetime = self.cleaned_data["starts_at"]
        local = value.replace(tzinfo=None) if timezone.is_aware(value) else value
        # Within two years: a mentorship runs two at most. A time at the calendar's very edge
        # would also fall off it once moved to UTC or to the other person's time zone.
        if local.year > timezone.now().year + MEETING_YEARS_AHEAD:
            raise forms.ValidationError(
                gettext("Choose a time within the next %(years)s years.")
                % {"years": MEETING_YEARS_AHEAD}
            )
        if local.year < timezone.now().year - 1:
            raise forms.ValidationError(gettext("Choose a time in the future."))
        starts_at = local.replace(tzinfo=self.zone).astimezone(datetime.UTC)
        if starts_at.astimezone(self.zone).replace(tzinfo=None) != local:
            # The hour skipped when the clocks go forward: say so, rather than move it.
            raise forms.ValidationError(
                gettext("%(time)s does not exist in %(zone)s: the clocks go forward then.")
                % {"time": local.strftime("%H:%M"), "zone": self.zone.key}
            )
        if starts_at <= timezone.now():
            raise forms.ValidationError(gettext("Choose a time in the future."))
        return starts_at


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["kind", "text"]
        labels = {"kind": _("Type"), "text": _("Goal or action item")}


class PlanItemEditForm(forms.ModelForm):
    """The new text of a plan item, edited in place on the mentorship page: held to the same
    rules as a new item's, so nothing is cut off without a word."""

    class Meta:
        model = PlanItem
        fields = ["text"]
        labels = {"text": _("Text of the item")}
        error_messages = {
            "text": {"required": _("Write the goal or action item, or remove it.")},
        }

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        if data is not None:
            # PostgreSQL cannot store a NUL character, and nobody means to type one.
            data = data.copy()
            data["text"] = data.get("text", "").replace("\x00", "")
        super().__init__(data, **kwargs)
