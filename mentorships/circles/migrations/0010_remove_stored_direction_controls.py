"""Takes the direction controls out of circle titles saved before 0008 refused them."""

from django.db import migrations

from profiles.validators import BIDI_CONTROLS


def remove_direction_controls(apps, schema_editor):
    Circle = apps.get_model("circles", "Circle")
    for circle in Circle.objects.filter(title__regex=BIDI_CONTROLS.pattern):
        circle.title = BIDI_CONTROLS.sub("", circle.title)
        circle.save(update_fields=["title"])


class Migration(migrations.Migration):
    dependencies = [
        ("circles", "0009_event_member"),
    ]

    operations = [
        migrations.RunPython(remove_direction_controls, migrations.RunPython.noop),
    ]
