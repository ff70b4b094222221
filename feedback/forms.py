from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Feedback


class FeedbackForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("How is it going? (optional)"),
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Feedback
        fields = ["kind", "text", "rating"]
        labels = {"kind": _("Kind of feedback"), "text": _("Your feedback")}
        widgets = {"text": forms.Textarea(attrs={"rows": 5}), "kind": forms.RadioSelect}
        help_texts = {
            "text": _(
                "Only the two of you will ever see this. You can edit or withdraw it for "
                "10 minutes; after that it stays in your shared archive."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per form, in the member's language: "3 of 5" is worded differently elsewhere.
        cast(forms.TypedChoiceField, self.fields["rating"]).choices = [
            ("", gettext("Rather not say"))
        ] + [(n, gettext("%(rating)s of 5") % {"rating": n}) for n in range(1, 6)]
