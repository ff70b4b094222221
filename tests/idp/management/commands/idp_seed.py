"""Makes the identity provider's database: its tables, its members and MentorConnect's client
applications (one proper, two whose id tokens must be refused)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from oauth2_provider.models import Application

from tests.idp.models import MemberRecord


class Command(BaseCommand):
    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("redirect_uri")
        parser.add_argument("members", help="JSON: [{username, password, email, ..., claims}]")
        parser.add_argument("clients", help="JSON: {name: [client_id, client_secret]}")

    def handle(
        self, *args: Any, redirect_uri: str, members: str, clients: str, **options: Any
    ) -> None:
        call_command("migrate", run_syncdb=True, verbosity=0)
        for member in json.loads(members):
            claims = member.pop("claims", {})
            password = member.pop("password")
            user = User.objects.create_user(**member, password=password)
            MemberRecord._default_manager.create(user=user, claims=claims)
        for name, (client_id, client_secret) in json.loads(clients).items():
            Application.objects.create(
                name=name,
                client_id=client_id,
                client_secret=client_secret,
                client_type=Application.CLIENT_CONFIDENTIAL,
                authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
                redirect_uris=redirect_uri,
                algorithm=Application.RS256_ALGORITHM,
                skip_authorization=True,
            )
