from __future__ import annotations

from django import forms

from .models import Feedback


class FeedbackForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label="How is it going? (optional)",
        choices=[("", "Rather not say")] + [(n, f"{n} of 5") for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Feedback
        fields = ["kind", "text", "rating"]
        labels = {"kind": "Kind of feedback", "text": "Your feedback"}
        widgets = {"text": forms.Textarea(attrs={"rows": 5}), "kind": forms.RadioSelect}
        help_texts = {
            "text": "Only the two of you will ever see this. You can edit or withdraw it for "
            "10 minutes; after that it stays in your shared archive."
        }
