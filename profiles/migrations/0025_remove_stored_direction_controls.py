"""Takes the direction controls out of what was saved before 0024 refused them, so that a name
saved then no longer reverses the site's words around it on other members' pages."""

from django.db import migrations
from django.utils import timezone

from profiles.validators import BIDI_CONTROLS

FIELDS = [
    "display_name",
    "pronouns",
    "headline",
    "workplace",
    "help_wanted",
    "contact_phone",
    "contact_other",
]


def remove_direction_controls(apps, schema_editor):
    Profile = apps.get_model("profiles", "Profile")
    for field in FIELDS:
        for profile in Profile.objects.filter(**{f"{field}__regex": BIDI_CONTROLS.pattern}):
            setattr(profile, field, BIDI_CONTROLS.sub("", getattr(profile, field)))
            # A new updated_at, so that nothing kept by the row's date shows the old text.
            profile.updated_at = timezone.now()
            profile.save(update_fields=[field, "updated_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0024_refuse_direction_controls"),
    ]

    operations = [
        migrations.RunPython(remove_direction_controls, migrations.RunPython.noop),
    ]
