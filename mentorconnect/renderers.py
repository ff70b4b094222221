"""How forms are drawn: Django's widgets in their Jinja2 form, and each field (label, widget,
help text, errors) by templates/jinja2/forms/field.html, in Bootstrap 5 markup."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"
