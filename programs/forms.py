from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import RESERVED_SLUGS, Audience, Format, Location, Membership, Program, Unit

# The who-may-join answers a curator must give for a new program.
ELIGIBILITY_FIELDS = [
    "membership",
    "open_to_part_time",
    "open_to_students",
    "open_to_between_jobs",
    "open_to_retired",
]
ELIGIBILITY_HELP = _(
    "Membership and the four “open to” questions are required for a new program: ask the "
    "organisers if their page does not say. “Not stated” is kept only on programs that already "
    "had it (imported from pages that did not say), and an answer cannot go back to it."
)
# NullBooleanField reads "True" and "False" back, and the radio buttons compare str(value).
YES_NO_UNKNOWN = [("", _("Not stated")), (True, _("Yes")), (False, _("No"))]


# The curator's form lays its choices out compactly (static/programs/curator.css): checkbox
# lists in columns, short radio lists on one line.
COMPACT_CHECKBOXES = {"class": "compact-choices"}
INLINE_RADIOS = {"class": "inline-choices"}


class YesNoUnknownField(forms.NullBooleanField):
    widget = forms.RadioSelect(choices=YES_NO_UNKNOWN, attrs=INLINE_RADIOS)


class MultipleChoiceArrayField(forms.MultipleChoiceField):
    """A checkbox list for a PostgreSQL array of choices."""

    widget = forms.CheckboxSelectMultiple(attrs=COMPACT_CHECKBOXES)

    def prepare_value(self, value: Any) -> Any:
        return list(value or [])


def url_as_https(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Form fields for the model's fields, taking "example.org" to mean https://example.org."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class UnitAdminForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "abbreviation", "kind", "url", "status", "status_notes"]
        formfield_callback = url_as_https


class ProgramAdminForm(forms.ModelForm):
    reviewed_now = forms.BooleanField(
        label=_("I checked these facts against the source today"),
        required=False,
        help_text=_("Records today as the last review, by you."),
    )

    class Meta:
        model = Program
        formfield_callback = url_as_https
        fields = [
            "name",
            "slug",
            "unit",
            "status",
            "summary",
            "description",
            "audience",
            "audience_notes",
            "career_stages",
            "library_types",
            *ELIGIBILITY_FIELDS,
            "membership_notes",
            "formats",
            "duration",
            "location",
            "region",
            "is_free",
            "cost_amount",
            "cost_notes",
            "rolling",
            "opens_on",
            "closes_on",
            "application_notes",
            "application_url",
            "contact",
            "source_url",
            "internal_notes",
        ]
        field_classes = {
            "open_to_part_time": YesNoUnknownField,
            "open_to_students": YesNoUnknownField,
            "open_to_between_jobs": YesNoUnknownField,
            "open_to_retired": YesNoUnknownField,
            "is_free": YesNoUnknownField,
        }
        widgets = {
            "library_types": forms.CheckboxSelectMultiple(attrs=COMPACT_CHECKBOXES),
            "career_stages": forms.CheckboxSelectMultiple(attrs=COMPACT_CHECKBOXES),
            "membership": forms.RadioSelect(attrs=INLINE_RADIOS),
            "location": forms.RadioSelect(attrs=INLINE_RADIOS),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audience"] = MultipleChoiceArrayField(
            choices=Audience.choices, required=False, help_text=Program.audience.field.help_text
        )
        self.fields["formats"] = MultipleChoiceArrayField(choices=Format.choices, required=False)
        if "location" in self.fields:
            cast(forms.ChoiceField, self.fields["location"]).choices = [
                ("", _("Not stated")),
                *Location.choices,
            ]
        # Links people follow from the public page: web addresses only, no ftp:// or mailto:.
        for name in ["application_url", "source_url"]:
            if name in self.fields:
                self.fields[name].validators.append(URLValidator(schemes=["http", "https"]))
        # The model's MinValueValidator refuses a negative cost; min lets the browser say so
        # before the form is sent (Django gives model validators no widget attributes).
        if "cost_amount" in self.fields:
            self.fields["cost_amount"].widget.attrs["min"] = 0
        if not self.instance.pk:
            self.fields["reviewed_now"].initial = True

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is taken by a page of the directory."))
        return slug

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("Applications must close on or after the day they open."))
        if cleaned.get("rolling") and (opens_on or closes_on):
            self.add_error(
                "rolling", _("A program with rolling applications has no opening or closing date.")
            )
        for name in ELIGIBILITY_FIELDS:
            if name in self.fields and self._is_newly_unknown(name, cleaned.get(name)):
                self.add_error(name, _("Answer this: yes or no (ask the organisers if unsure)."))
        if cleaned.get("is_free") and cleaned.get("cost_amount"):
            self.add_error("cost_amount", _("A free program has no cost."))
        return cleaned

    def _is_newly_unknown(self, name: str, value: Any) -> bool:
        unknown = Membership.UNKNOWN if name == "membership" else None
        if value != unknown:
            return False
        # Imported programs may keep an unknown answer; nobody may type a new one.
        return self.instance.pk is None or getattr(self.instance, name) != unknown
