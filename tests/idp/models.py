from __future__ import annotations

from django.conf import settings
from django.db import models


class MemberRecord(models.Model):
    """What the member system knows of a person beyond their login: the claims it releases."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    claims = models.JSONField(default=dict)

    def __str__(self) -> str:
        return str(self.user)
