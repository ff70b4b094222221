"""A real OpenID Connect provider for the SSO tests: tests/idp in its own process and port.

One per test process (pytest-xdist workers each start theirs), with a signing key made afresh,
its own SQLite file, its members and MentorConnect's client applications, registered for the
callback of this process's live server.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings as django_settings

from tests.idp import EXPIRED, WRONG_AUDIENCE

ROOT = Path(__file__).resolve().parent.parent.parent
IDP_PASSWORD = "association-password-1"
PROVIDER_ID = django_settings.SSO_PROVIDER_ID

# The association's members, as its member system knows them.
MEMBERS = [
    {
        "username": "noor",
        "email": "noor.haddad@example.org",
        "first_name": "Noor",
        "last_name": "Haddad",
        "claims": {
            "address": {"locality": "Toronto", "region": "Ontario", "country": "CA"},
            "membership_status": "active",
            "membership_units": ["acrl", "NMRT"],
        },
    },
    {
        "username": "rosa",
        "email": "rosa.diaz@example.org",
        "first_name": "Rosa",
        "last_name": "Díaz",
        "claims": {"membership_status": "lapsed", "membership_units": []},
    },
]
# MentorConnect's registration, and two whose id tokens MentorConnect must refuse.
CLIENTS = {
    "mentorconnect": ["mentorconnect-client", "mentorconnect-secret"],
    WRONG_AUDIENCE: ["wrong-audience-client", "wrong-audience-secret"],
    EXPIRED: ["expired-client", "expired-secret"],
}


@dataclass
class IdentityProvider:
    url: str  # the issuer: OIDC_SERVER_URL

    def app(self, client: str = "mentorconnect") -> dict[str, Any]:
        """MentorConnect's settings for signing in through `client`'s registration."""
        client_id, secret = CLIENTS[client]
        return {
            "provider_id": PROVIDER_ID,
            "name": "Sign in with your ALA account",
            "client_id": client_id,
            "secret": secret,
            "settings": {
                "server_url": self.url,
                "oauth_pkce_enabled": True,
                "scope": ["openid", "profile", "email", "address"],
            },
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def identity_provider(
    live_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[IdentityProvider]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    folder = tmp_path_factory.mktemp("idp")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.idp.settings",
        "IDP_DATABASE": str(folder / "idp.sqlite3"),
        "IDP_RSA_PRIVATE_KEY": key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
        "PYTHONPATH": str(ROOT),
    }
    callback = f"{live_server.url}/accounts/oidc/{PROVIDER_ID}/login/callback/"
    members = [{**member, "password": IDP_PASSWORD} for member in MEMBERS]
    subprocess.run(  # noqa: S603 - our own test server with fixed arguments
        [
            sys.executable,
            "-m",
            "django",
            "idp_seed",
            callback,
            json.dumps(members),
            json.dumps(CLIENTS),
        ],
        env=env,
        cwd=ROOT,
        check=True,
    )
    port = _free_port()
    log = (folder / "idp.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - our own test server with fixed arguments
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = IdentityProvider(url=f"http://127.0.0.1:{port}/o")
    try:
        _wait_until_up(provider.url + "/.well-known/openid-configuration", server)
        yield provider
    finally:
        server.terminate()
        server.wait()
        log.close()


def _wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"The test identity provider stopped: exit {server.returncode}")
        try:
            with urllib.request.urlopen(url) as answer:  # noqa: S310 (our own test server)
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)


@pytest.fixture
def sso(settings: Any, identity_provider: IdentityProvider) -> IdentityProvider:
    """MentorConnect configured to sign in through the test provider, as OIDC_* would."""
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [identity_provider.app()]}}
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **directives,
            "form-action": [*directives["form-action"], _origin(identity_provider.url)],
        }
    }
    return identity_provider


def _origin(url: str) -> str:
    return "/".join(url.split("/")[:3])
