"""Which words of the reference data (programs/data/programs.json) are for the public pages and
which only for curators.

The research behind the data notes its own doubts ("pages seen date from 2007-2010; current
status unconfirmed", "low confidence", "(conflict)"). Those help a curator decide what to check;
on a public page they read as the directory not knowing its job. So a program's research notes
and doubtful status go to its curators' notes, and the few facts worded as research are said
for an applicant instead, their research wording kept for curators.
"""

from __future__ import annotations

from typing import Any

CONFIRMED_STATUS = "active (per most recent page seen)"

# Research wording of a fact -> what the public page says instead ("" for "not stated").
PUBLIC_WORDING = {
    "Program fees exist (FAQ lists 'How much does the program cost?') but the amount was not "
    "seen": "The program charges a fee; ask the organisers how much.",
    "No fee seen (an Oregon State Library post says it 'appears to be free' - unconfirmed)": "",
    "Current CALA page says membership required; a 2018 call said membership recommended but "
    "not required for mentees (conflict).": "CALA membership is required.",
    "Mentors must be association members (older page); mentee requirement not seen.": (
        "Mentors must be association members."
    ),
}


def public_wording(text: str | None) -> str:
    """The reference data's wording of a fact, as the public page says it."""
    if text is None:
        return ""
    return PUBLIC_WORDING.get(text, text)


def status_note(status: str) -> str:
    """A curators' note on what the research found of the program's status, if in doubt."""
    if status == CONFIRMED_STATUS or status.startswith("historical"):
        return ""
    return f"Current status: {status}."


def curators_notes(item: dict[str, Any]) -> str:
    """Everything about a reference program that is for curators only."""
    parts = [item.get("notes") or "", status_note(item["status"])]
    for label, key in [("Cost", "cost"), ("Membership", "membership_notes")]:
        if item.get(key) in PUBLIC_WORDING:
            parts.append(f"{label}, as researched: {item[key]}")
    return "\n\n".join(part for part in parts if part)
