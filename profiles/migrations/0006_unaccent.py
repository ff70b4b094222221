from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """People type "Montreal" for "Montréal": city look-ups ignore accents."""

    dependencies = [("profiles", "0005_city_name_index")]

    operations = [UnaccentExtension()]
