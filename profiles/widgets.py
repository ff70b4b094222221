"""Select boxes rendered in Python, for forms that offer hundreds of options.

Django renders every option of a select through a template of its own (with another for its
attributes): the mentor search's 225 options took about 30 ms a page, most of a cold search's
time in Python. These widgets write the same markup (name, id, the attributes set on the
widget, `selected`, `multiple`), each value and label escaped, in about a millisecond.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


class PlainSelect(forms.Select):
    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _, label in choices):
            # Option groups: rare, and Django's templates handle them.
            return super().render(name, value, attrs, renderer)
        chosen = {str(item) for item in self.format_value(value)}
        select_attrs = self.build_attrs(self.attrs, attrs)
        select_attrs["name"] = name
        if self.allow_multiple_selected:
            select_attrs["multiple"] = True
        options = "".join(
            f'<option value="{escape(option)}"{" selected" if str(option) in chosen else ""}>'
            f"{escape(label)}</option>"
            for option, label in choices
        )
        return format_html("<select{}>{}</select>", flatatt(select_attrs), mark_safe(options))  # noqa: S308 (every part escaped above)


class PlainSelectMultiple(PlainSelect, forms.SelectMultiple):
    allow_multiple_selected = True
