"""The "Program curators" group (programs/curators.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from programs import curators


def create_curators_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; on a fresh database they
    # do not exist yet, so create this app's now.
    app_config = apps.get_app_config("programs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    curators.set_up_group(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_curators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=curators.GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_directory"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_curators_group, remove_curators_group)]
