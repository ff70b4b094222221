"""A small OpenID Connect provider (django-oauth-toolkit) that the SSO tests sign in through.

It runs in its own process with its own settings and SQLite file (tests/sso/conftest.py starts
it), standing in for the association's member system (iMIS or any OIDC provider).
"""

# Applications registered under these names get id tokens a relying party must refuse
# (validators.MemberClaims).
WRONG_AUDIENCE = "wrong audience"
EXPIRED = "expired tokens"
