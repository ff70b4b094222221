from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from feedback.models import LegalDisclosure
from mentorships.models import Mentorship
from profiles.models import User


class Command(BaseCommand):
    help = (
        "The only way anyone but the two participants can read a mentorship's feedback, for a "
        "legal obligation. Needs two different staff accounts, a case reference and a reason; "
        "every use is recorded and shown to both participants."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("mentorship", type=int, help="The mentorship's id.")
        parser.add_argument("--staff", action="append", default=[], help="A staff email (twice).")
        parser.add_argument("--case", default="", help="The legal case reference.")
        parser.add_argument("--reason", default="", help="Why the disclosure is required.")

    def handle(
        self, *args: Any, mentorship: int, staff: list[str], case: str, reason: str, **options: Any
    ) -> None:
        emails = {email.strip().lower() for email in staff if email.strip()}
        if len(emails) != 2:
            raise CommandError(
                "Two different staff accounts must authorise a disclosure (--staff twice)."
            )
        approvers = list(User.objects.filter(email__in=emails, is_staff=True, is_active=True))
        if len(approvers) != 2:
            raise CommandError("Both --staff emails must belong to active staff accounts.")
        if not case.strip() or not reason.strip():
            raise CommandError("A case reference (--case) and a reason (--reason) are required.")
        try:
            target = Mentorship.objects.get(pk=mentorship)
        except Mentorship.DoesNotExist as error:
            raise CommandError(f"No mentorship {mentorship}.") from error
        with transaction.atomic():
            LegalDisclosure.objects.create(
                mentorship=target,
                case_reference=case.strip(),
                reason=reason.strip(),
                first_staff=approvers[0],
                second_staff=approvers[1],
            )
            entries = [
                {
                    "written_at": entry.created_at.isoformat(),
                    "author": entry.author.email if entry.author else "former member",
                    "recipient": entry.recipient.email if entry.recipient else "former member",
                    "kind": entry.kind,
                    "rating": entry.rating,
                    "text": entry.text,
                }
                for entry in target.feedback.select_related("author", "recipient").order_by(
                    "created_at"
                )
            ]
        self.stdout.write(
            json.dumps({"mentorship": target.pk, "case": case, "feedback": entries}, indent=2)
        )
