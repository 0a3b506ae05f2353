"""Development tokens: HS256 JWTs signed with a local secret, carrying the user (`oid`) and its delegated
permissions (`scp`, space-separated) or application permissions (`roles`). Not for production: anyone with
the secret can mint any token."""

from __future__ import annotations

import datetime
import os
import re
import time

import jwt

AUDIENCE = "oof-bridge"
ISSUER = "oof-bridge-dev"
DEFAULT_SECRET = "oof-bridge-development-secret-change-me"
SECRET_VARIABLE = "OOF_BRIDGE_SECRET"


def secret() -> str:
    return os.environ.get(SECRET_VARIABLE, DEFAULT_SECRET)


def issue(user: str, scopes: str, *, roles: str = "", hours: float = 8, key: str | None = None) -> str:
    now = datetime.datetime.now(datetime.UTC)
    claims: dict[str, object] = {
        "oid": user,
        "aud": AUDIENCE,
        "iss": ISSUER,
        "iat": now,
        "exp": now + datetime.timedelta(hours=hours),
    }
    if scopes:
        claims["scp"] = scopes
    if roles:
        claims["roles"] = roles.split()
    return jwt.encode(claims, key or secret(), algorithm="HS256")


class InvalidToken(Exception):
    pass


VERIFIED_CAPACITY = 10_000
"""How many verified tokens are remembered (until they expire), so that a client's every request does not
check the signature again."""
_verified: dict[tuple[str, str], tuple[float, tuple[str, frozenset[str], bool]]] = {}


def verify(header: str | None, *, key: str | None = None) -> tuple[str, frozenset[str], bool]:
    """(user id, permissions, application token?) of an `Authorization: Bearer ...` header."""
    scheme, _, token = (header or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():  # the scheme is case-insensitive (RFC 9110, 11.1)
        raise InvalidToken("Access token is empty.")
    token, secret_key = token.strip(), key or secret()
    remembered = _verified.get((token, secret_key))
    if remembered is not None and remembered[0] > time.time():
        return remembered[1]
    try:
        claims = jwt.decode(
            token,
            secret_key,
            algorithms=["HS256"],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "oid"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(f"Access token validation failure: {exc}") from None
    user = claims.get("oid")
    if not isinstance(user, str) or not user or not user.isprintable() or _SURROGATES.search(user):
        raise InvalidToken("Access token has no user (oid).")
    user = user_key(user)
    delegated = str(claims.get("scp", "")).split()
    roles = claims.get("roles", [])
    application = [str(role) for role in roles] if isinstance(roles, list) else []
    verified = (user, frozenset(delegated + application), bool(application) and not delegated)
    if len(_verified) >= VERIFIED_CAPACITY:
        _verified.clear()
    _verified[(token, secret_key)] = (float(claims["exp"]), verified)
    return verified


_GUID = re.compile(r"[0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}")
_SURROGATES = re.compile("[\ud800-\udfff]")


def user_key(user: str) -> str:
    """How the store knows a user: a directory object id is a GUID, whose case does not matter
    (`FA8BF3DC-...` in a path is the token's `fa8bf3dc-...`); any other id as it is."""
    return user.lower() if _GUID.fullmatch(user) else user
