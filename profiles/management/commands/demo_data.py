from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from profiles.models import User

DEMO_PASSWORD = "mentor-connect-demo"  # noqa: S105 - printed for people trying the app locally

DEMO_PEOPLE = [
    # email, is staff and superuser
    ("admin@mentorconnect.example", True),
    ("mentor@mentorconnect.example", False),
    ("mentee@mentorconnect.example", False),
    ("member@mentorconnect.example", False),
]


class Command(BaseCommand):
    help = "Create demo accounts (idempotent) and print their logins."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            for email, is_admin in DEMO_PEOPLE:
                self.ensure_member(email, is_admin=is_admin)
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, is_admin in DEMO_PEOPLE:
            role = "staff superuser, can open /admin/" if is_admin else "member"
            self.stdout.write(f"  {email:34} {role}")

    def ensure_member(self, email: str, *, is_admin: bool) -> User:
        user, created = User.objects.get_or_create(
            email=email, defaults={"is_staff": is_admin, "is_superuser": is_admin}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        # allauth signs in only verified addresses; demo people have confirmed theirs.
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user
