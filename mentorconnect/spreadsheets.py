"""CSV downloads that are safe to open in a spreadsheet."""

from __future__ import annotations


def inert(cell: object) -> object:
    """A text cell a spreadsheet would run as a formula (a program named "=HYPERLINK(...)")
    is written with a leading apostrophe, so it shows as the text it is."""
    if isinstance(cell, str) and cell[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + cell
    return cell
