from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

from . import EXPIRED, WRONG_AUDIENCE
from .models import MemberRecord


class MemberClaims(OAuth2Validator):
    """Releases what an association's member system would: email (verified or not), name,
    city, membership status and units."""

    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "membership_status": "profile",
        "membership_units": "profile",
    }

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        record = MemberRecord._default_manager.filter(user=user).first()
        return {
            "email": user.email,
            "email_verified": True,
            "name": f"{user.first_name} {user.last_name}".strip(),
            **(record.claims if record else {}),
        }

    def get_id_token_dictionary(self, token: Any, token_handler: Any, request: Any) -> Any:
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        if request.client.name == WRONG_AUDIENCE:
            claims["aud"] = "another-service"
        if request.client.name == EXPIRED:
            claims["exp"] = claims["auth_time"] - 3600
        return claims, expiration_time
