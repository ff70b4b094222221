from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentorconnect.formfields import with_model_limits
from mentorships.forms import MeetingForm
from mentorships.models import Rhythm
from profiles.models import City, ExpertiseArea
from profiles.widgets import GroupedCheckboxes

from .models import (
    Circle,
    CircleFeedback,
    CircleFormat,
    CircleMeeting,
    CircleMembership,
    CirclePlanItem,
)

# The areas a circle can be about, with the groups the form shows them under.
AREAS = ExpertiseArea.objects.select_related("group")


class CircleForm(forms.ModelForm):
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas the circle is about"),
        queryset=AREAS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members who want help in these areas see your circle first."),
    )

    class Meta:
        model = Circle
        formfield_callback = with_model_limits
        fields = [
            "title",
            "description",
            "areas",
            "places",
            "rhythm",
            "planned_months",
            "format",
            "join_policy",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "join_policy": forms.RadioSelect,
        }

    def __init__(
        self,
        *args: Any,
        city: City | None = None,
        can_host: bool = True,
        own_areas: list[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The areas the member knows or wants help with: a short list to choose from, not
        # the whole taxonomy (all of it only for someone who named none yet).
        if own_areas:
            areas = cast(forms.ModelMultipleChoiceField, self.fields["areas"])
            areas.queryset = AREAS.filter(pk__in=own_areas)
        # A circle meets weekly, every two weeks or monthly: "something else" would have
        # nowhere to be described (its agreement, later, says the rest).
        rhythm = cast(forms.ChoiceField, self.fields["rhythm"])
        rhythm.choices = [(value, name) for value, name in Rhythm.choices if value != Rhythm.CUSTOM]
        # A circle that meets in person meets in its leader's city, the one on their profile.
        self.city = city
        if city is not None:
            self.fields["format"].help_text = gettext("In person means in %(city)s.") % {
                "city": city.name
            }
        if can_host:
            self.fields["kind"] = forms.ChoiceField(
                label=_("Who leads the circle"),
                choices=[
                    ("mentor", _("I host it as a mentor (it takes one of my places)")),
                    ("peer", _("A peer circle: I convene it and take part as a member")),
                ],
                widget=forms.RadioSelect,
                initial="mentor",
            )
            self.order_fields(["kind", *self.Meta.fields])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("format") == CircleFormat.IN_PERSON and self.city is None:
            self.add_error(
                "format",
                gettext(
                    "A circle that meets in person needs a city: add yours to your profile first."
                ),
            )
        return data

    def details(self) -> dict[str, Any]:
        """What circle_create takes, from the cleaned form."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "areas"}
        data["city"] = self.city if data["format"] == CircleFormat.IN_PERSON else None
        return data


class JoinForm(forms.ModelForm):
    class Meta:
        model = CircleMembership
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "maxlength": 500})}


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Circle
        fields = ["agreement"]
        widgets = {"agreement": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "agreement": _(
                "What the members agree: how often you meet, how you keep in touch, "
                "what stays in the circle, how to say you cannot come."
            )
        }


class CircleMeetingForm(MeetingForm):
    """A circle's meeting time, typed in the host's own time zone and stored in UTC."""

    class Meta(MeetingForm.Meta):
        # The stubs type Meta.model as the parent's (Meeting); this form is for circles'.
        model = CircleMeeting  # type: ignore[assignment]
        fields = ["starts_at", "duration_minutes", "format", "place_or_link", "agenda"]


class AreaFilterForm(forms.Form):
    """The circles list's filter: circles on any of the chosen areas. It offers the areas some
    open circle covers (and any already chosen), under their groups, in one query."""

    area = forms.MultipleChoiceField(
        label=_("Areas"),
        required=False,
        widget=GroupedCheckboxes(columns=1),
        help_text=_("Circles on any of the chosen areas."),
    )

    def __init__(self, *args: Any, chosen: list[int], **kwargs: Any) -> None:
        kwargs["initial"] = {"area": chosen}
        super().__init__(*args, **kwargs)
        offered = (
            ExpertiseArea.objects.filter(
                Q(circles__in=Circle.objects.open_to_join()) | Q(pk__in=chosen)
            )
            .select_related("group")
            .distinct()
        )
        groups: dict[str, list[tuple[int, str]]] = {}
        self.names: dict[int, str] = {}
        # str() gives each area and group in the reader's language.
        for offer in offered:
            groups.setdefault(str(offer.group), []).append((offer.pk, str(offer)))
            self.names[offer.pk] = str(offer)
        area = cast(forms.ChoiceField, self.fields["area"])
        area.choices = list(groups.items())
        area.widget.attrs["class"] = "form-check-input"


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = CirclePlanItem
        fields = ["text"]
        labels = {"text": _("Add a step to the plan")}
        widgets = {"text": forms.TextInput(attrs={"maxlength": 300})}
        help_texts = {"text": _("Something the circle means to do, read or try: everyone sees it.")}


class CircleFeedbackForm(forms.ModelForm):
    class Meta:
        model = CircleFeedback
        fields = ["text"]
        labels = {"text": _("Your feedback")}
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "maxlength": 5000})}
