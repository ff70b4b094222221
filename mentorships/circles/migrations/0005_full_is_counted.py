"""A circle no longer stores whether it is full: that is counted from its members when shown."""

from django.db import migrations, models


def full_to_open(apps, schema_editor):
    apps.get_model("circles", "Circle").objects.filter(status="full").update(status="open")


class Migration(migrations.Migration):
    dependencies = [("circles", "0004_translated_labels")]

    operations = [
        migrations.RunPython(full_to_open, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="circle",
            name="status",
            field=models.CharField(
                choices=[("open", "Running"), ("ended", "Ended")],
                default="open",
                max_length=6,
                verbose_name="status",
            ),
        ),
    ]
