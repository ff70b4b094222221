"""What every model form shares about the form fields Django makes from model fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def with_model_limits(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """A model field's form field, taking its least and greatest value from the model field's
    validators (a ModelForm's Meta.formfield_callback).

    Django gives a PositiveSmallIntegerField's form field a minimum of 0 whatever the model
    allows, so -3 was told "at least 0" and then 0 "at least 1". With the model's limits the
    form says the real ones at once, and the number input carries them as min and max."""
    # The model's own validators come first; Django adds its range's only when none is as strict.
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            kwargs.setdefault("min_value", validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            kwargs.setdefault("max_value", validator.limit_value)
    return field.formfield(**kwargs)
