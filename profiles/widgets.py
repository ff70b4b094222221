"""Select boxes and checkboxes rendered in Python, for forms that offer hundreds of options.

Django renders every option of a select through a template of its own (with another for its
attributes): the mentor search's 225 options took about 30 ms a page, most of a cold search's
time in Python. These widgets write the same markup (name, id, the attributes set on the
widget, `selected`, `multiple`), each value and label escaped, in about a millisecond.
"""

from __future__ import annotations

import html
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


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes under the headings of their groups, each group a <details> that starts open
    when one of its boxes is ticked; for choices given as (group, [(value, label), ...]).

    Ids follow Django's own for grouped choices (`id_expertise_0_3`), so that the error summary
    links to the first box. Written in Python like PlainSelect: the 225 areas of librarianship
    took about 40 ms a page through a template loop, about 2 ms here. The field's template
    (profiles/_area_checkboxes.html) draws the fieldset, legend, help text and errors around it.
    """

    def __init__(self, attrs: dict[str, Any] | None = None, *, columns: int = 2) -> None:
        super().__init__(attrs)
        self.columns = columns

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        chosen = {str(item) for item in self.format_value(value)}
        # The standard library's escape, as Django's does, without its lazy-string wrapper:
        # it is called twice for each of the hundreds of boxes.
        base_id = html.escape(str(self.build_attrs(self.attrs, attrs).get("id", f"id_{name}")))
        name = html.escape(name)
        columns = " row-cols-md-2" if self.columns == 2 else ""
        parts = []
        for group_index, (group, options) in enumerate(self.choices):
            boxes = []
            any_chosen = False
            for index, (option, label) in enumerate(options):
                checked = str(option) in chosen
                any_chosen |= checked
                box_id = f"{base_id}_{group_index}_{index}"
                boxes.append(
                    '<div class="col form-check ps-5">'
                    f'<input class="form-check-input" type="checkbox" name="{name}" '
                    f'value="{html.escape(str(option))}" id="{box_id}"'
                    f"{' checked' if checked else ''}>"
                    f'<label class="form-check-label" for="{box_id}">{html.escape(str(label))}'
                    "</label></div>"
                )
            parts.append(
                f'<details class="border rounded px-3 py-2 mb-2"{" open" if any_chosen else ""}>'
                f"<summary>{html.escape(str(group))}</summary>"
                f'<div class="row row-cols-1{columns} mt-2">{"".join(boxes)}</div></details>'
            )
        return mark_safe("\n".join(parts))  # noqa: S308 (every part escaped above)
