"""The "Program curators" group: staff who keep the program directory up to date in the admin.

It may add, change, view and delete programs and units, and nothing else. Staff are made
curators by giving them is_staff (not is_superuser) and this group. Migration programs/0002
makes it; the tests make it again after emptying the tables.
"""

from __future__ import annotations

from typing import Any

GROUP = "Program curators"
CODENAMES = [
    f"{action}_{model}"
    for model in ["program", "unit"]
    for action in ["add", "change", "view", "delete"]
]


def set_up_group(group_model: Any, permission_model: Any) -> None:
    """Makes the group with its permissions, given the Group and Permission models (a
    migration's historical ones, or the real ones)."""
    group, _ = group_model.objects.get_or_create(name=GROUP)
    group.permissions.set(
        permission_model.objects.filter(content_type__app_label="programs", codename__in=CODENAMES)
    )
