"""The "Program curators" group: staff who keep the program directory up to date in the admin.

It may add, change, view and delete programs and units, and nothing else. Staff are made
curators by giving them is_staff (not is_superuser) and this group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Program curators"
CODENAMES = [
    f"{action}_{model}"
    for model in ["program", "unit"]
    for action in ["add", "change", "view", "delete"]
]


def create_curators_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; on a fresh database they
    # do not exist yet, so create this app's now.
    app_config = apps.get_app_config("programs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="programs", codename__in=CODENAMES)
    )


def remove_curators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_directory"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_curators_group, remove_curators_group)]
