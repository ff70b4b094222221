from __future__ import annotations

from typing import Any, cast

from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from profiles.models import ExpertiseArea, User


class InviteColleagueForm(forms.Form):
    email = forms.EmailField(label=_("Your colleague's email address"))
    note = forms.CharField(
        label=_("A personal note (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to 500 characters, shown in the email."),
    )

    def __init__(self, *args: Any, sender: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sender = sender

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        if email.casefold() == self.sender.email.casefold():
            raise forms.ValidationError(_("That is your own address: enter your colleague's."))
        return email


class RecruitMentorsForm(forms.Form):
    """Staff choose where to invite members to mentor; the choices offered are the areas and
    regions where mentees outnumber free places."""

    areas = forms.ModelMultipleChoiceField(
        label=_("Areas where mentors are needed"),
        queryset=ExpertiseArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions where mentors are needed"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, areas: list[str], regions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas_field = cast(forms.ModelMultipleChoiceField, self.fields["areas"])
        areas_field.queryset = ExpertiseArea.objects.filter(name__in=areas)
        cast(forms.MultipleChoiceField, self.fields["regions"]).choices = [
            (region, region) for region in regions
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("areas") and not data.get("regions"):
            raise forms.ValidationError(_("Choose at least one area or region."))
        return data


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up, taking as long for an address that has an account as for a new one.

    A new account's password is hashed (a quarter of a second, by design); an address that has
    an account only gets an email. Hashing the typed password in that case too keeps the answer's
    time from telling whether the address has an account.
    """

    def try_save(self, request: HttpRequest) -> tuple[Any, Any]:
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
