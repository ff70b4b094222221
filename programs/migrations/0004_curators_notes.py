"""Curators' notes, and an honest review date.

Programs loaded from the reference data carried the day they were loaded as their "last review",
and the research notes about their sources ("pages seen date from 2007-2010; current status
unconfirmed") in their public description. A load is not a review: a date without a reviewer is
cleared, so the program waits for a curator. The research paragraphs move to the curators' notes,
and facts worded as research are said for an applicant (programs/reference.py).
"""

import json
from pathlib import Path

from django.db import migrations, models

from programs.reference import PUBLIC_WORDING

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "programs.json"
STATUS_PREFIX = "Current status:"


def research_notes() -> set[str]:
    try:
        items = json.loads(REFERENCE.read_text())
    except FileNotFoundError:
        return set()
    return {item["notes"] for item in items if item.get("notes")}


def make_honest(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    Program.objects.filter(reviewed_by__isnull=True).exclude(last_reviewed_on=None).update(
        last_reviewed_on=None
    )
    notes = research_notes()
    for program in Program.objects.all():
        paragraphs = program.description.split("\n\n") if program.description else []
        private = [p for p in paragraphs if p in notes or p.startswith(STATUS_PREFIX)]
        for label, field in [("Cost", "cost_notes"), ("Membership", "membership_notes")]:
            text = getattr(program, field)
            if text in PUBLIC_WORDING:
                private.append(f"{label}, as researched: {text}")
                setattr(program, field, PUBLIC_WORDING[text])
        if not private:
            continue
        program.description = "\n\n".join(p for p in paragraphs if p not in private)
        program.internal_notes = "\n\n".join(filter(None, [program.internal_notes, *private]))
        program.save()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0003_growth"),
    ]

    operations = [
        migrations.AddField(
            model_name="program",
            name="internal_notes",
            field=models.TextField(
                blank=True,
                help_text="Only curators see this: doubts, old pages, what to ask the organisers. "
                "Never shown on the public pages.",
                verbose_name="curators' notes",
            ),
        ),
        migrations.RunPython(make_honest, migrations.RunPython.noop),
    ]
