"""Secrets: argon2 password hashes, random tokens and their digests, CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from samverkan.core.errors import N_
from samverkan.core.validation import Problem

_hasher = PasswordHasher()
TOKEN_PREFIX = "sv_"  # noqa: S105 - a label, not a secret
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    """A real hash to verify against when the user does not exist (made on first use)."""
    return hash_password(secrets.token_urlsafe(16))


def burn_time(password: str) -> None:
    """Spend the time of one verification (login of an unknown e-mail), so timing does not tell."""
    verify_password(_dummy_hash(), password)


def password_problem(password: str) -> Problem | None:
    """Why ``password`` is not acceptable (its text is the English message), or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return Problem(N_("at least %(n)s characters are required"), n=MIN_PASSWORD_LENGTH)
    if len(password) > 1024:
        return Problem(N_("at most %(n)s characters"), n=1024)
    return None


def new_token() -> str:
    """A fresh API token: a recognisable prefix and 256 random bits."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """SHA-256 hex of a high-entropy secret (tokens, session ids): enough, as they are random."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def csrf_token(secret_key: str, session_secret: str) -> str:
    """The CSRF token bound to one browser session (HMAC of its id)."""
    mac = hmac.new(secret_key.encode(), b"csrf:" + session_secret.encode(), hashlib.sha256)
    return mac.hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
