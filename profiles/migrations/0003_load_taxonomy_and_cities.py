"""Loads the expertise taxonomy and the gazetteer's cities (see profiles/reference_data.py).
Staff may extend the taxonomy later in the admin."""

from django.db import migrations

from profiles import reference_data


def load_taxonomy(apps, schema_editor):
    reference_data.load_taxonomy(
        apps.get_model("profiles", "ExpertiseGroup"),
        apps.get_model("profiles", "ExpertiseArea"),
        apps.get_model("profiles", "LibraryType"),
        apps.get_model("profiles", "CareerStage"),
    )


def load_cities(apps, schema_editor):
    reference_data.load_cities(apps.get_model("profiles", "City"))


class Migration(migrations.Migration):
    dependencies = [("profiles", "0002_taxonomy_city_profile")]

    operations = [
        migrations.RunPython(load_taxonomy, migrations.RunPython.noop),
        migrations.RunPython(load_cities, migrations.RunPython.noop),
    ]
