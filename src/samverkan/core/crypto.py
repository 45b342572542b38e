"""Encryption at rest for personal data: AES-256-GCM in a column type, and keyed look-up hashes.

A stored value is ``<key id>$<base64url(nonce ‖ ciphertext ‖ tag)>``: a fresh random 96-bit
nonce per value, and the table and column as associated data, so a value copied into another
column (or another table) does not decrypt. The key id (8 hex digits derived from the key)
says which data key wrote it, so keys can rotate: :class:`KeyRing` holds the current key
(``SAMVERKAN_DATA_KEY``) and old ones (``SAMVERKAN_DATA_KEYS_OLD``) that are only read.

A look-up hash (:meth:`KeyRing.lookup`) is HMAC-SHA256 under a key derived separately from the
data key: the same personnummer gives the same hash, so a person is found without decrypting
anything, and the hash says nothing without the key.

The application configures the key ring once at start (:func:`configure`); the column type
reads it when a value is written or read. A value that no key opens raises
:class:`DataKeyError`, which names the key id and the setting: never garbage, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Table, Text, select, type_coerce, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from samverkan.core.errors import N_, DomainError

if TYPE_CHECKING:
    from samverkan.core.settings import Settings

KEY_BYTES = 32
NONCE_BYTES = 12


class DataKeyError(DomainError):
    """Personal data that the configured keys cannot open (a key missing after a rotation, or
    a damaged value): the data is not shown, and the operator is told which key is needed."""

    status = 503


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


def parse_key(text: str) -> bytes:
    """A data key as written in a setting: 32 random bytes in base64 (url-safe or standard).
    ValueError says what was expected."""
    raw = text.strip()
    try:
        key = base64.urlsafe_b64decode(
            raw.replace("+", "-").replace("/", "_") + "=" * (-len(raw) % 4)
        )
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise ValueError(
            "expected 32 random bytes in base64 (make one with `samverkan people new-key`)"
        )
    return key


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode().rstrip("=")


def new_key() -> str:
    """A fresh data key for ``SAMVERKAN_DATA_KEY``."""
    return encode_key(secrets.token_bytes(KEY_BYTES))


def derive_key(secret: str) -> bytes:
    """A data key derived from another secret (development only: the secret key)."""
    return _derive(secret.encode(), b"samverkan data key from secret key v1")


@dataclass(frozen=True)
class _Key:
    id: str
    aead: AESGCM


class KeyRing:
    """The current data key (writes and look-up hashes) and old keys (reading only)."""

    def __init__(self, current: bytes, old: tuple[bytes, ...] = ()) -> None:
        self._keys: dict[str, _Key] = {}
        for master in (current, *old):
            kid = self.key_id(master)
            self._keys.setdefault(kid, _Key(kid, AESGCM(_derive(master, b"samverkan aes-gcm v1"))))
        self.current_id = self.key_id(current)
        self._lookup = _derive(current, b"samverkan lookup hmac v1")
        self._old_lookups = [
            _derive(m, b"samverkan lookup hmac v1")
            for m in old
            if self.key_id(m) != self.current_id
        ]

    @classmethod
    def from_settings(cls, settings: Settings) -> KeyRing:
        """The ring of ``SAMVERKAN_DATA_KEY`` and ``SAMVERKAN_DATA_KEYS_OLD`` (checked by
        :func:`samverkan.core.settings.load_settings`)."""
        old = tuple(parse_key(v) for v in settings.data_keys_old.split(",") if v.strip())
        return cls(parse_key(settings.data_key), old)

    @staticmethod
    def key_id(master: bytes) -> str:
        return _derive(master, b"samverkan key id v1").hex()[:8]

    @property
    def ids(self) -> list[str]:
        return list(self._keys)

    def encrypt(self, plaintext: str, where: str) -> str:
        """``plaintext`` under the current key, bound to ``where`` (``table.column``)."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._keys[self.current_id].aead.encrypt(nonce, plaintext.encode(), where.encode())
        return f"{self.current_id}${base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def decrypt(self, stored: str, where: str) -> str:
        kid, sep, body = stored.partition("$")
        key = self._keys.get(kid)
        if not sep or key is None:
            raise DataKeyError(
                N_(
                    "%(where)s was encrypted with data key %(kid)s, which is neither "
                    "SAMVERKAN_DATA_KEY nor in SAMVERKAN_DATA_KEYS_OLD"
                ),
                where=where,
                kid=kid[:8] if sep else "?",
            )
        try:
            raw = base64.urlsafe_b64decode(body)
            return key.aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], where.encode()).decode()
        except (InvalidTag, binascii.Error, ValueError):
            raise DataKeyError(
                N_("%(where)s does not decrypt with data key %(kid)s: the key or value is wrong"),
                where=where,
                kid=kid,
            ) from None

    @staticmethod
    def stored_key_id(stored: str) -> str:
        return stored.partition("$")[0]

    def lookup(self, value: str, purpose: str) -> str:
        """The keyed hash of ``value`` for finding it (``purpose`` keeps hashes of different
        kinds of value apart), under the current key."""
        return self._hash(self._lookup, value, purpose)

    def lookups(self, value: str, purpose: str) -> list[str]:
        """The hash under every key of the ring: finds a value whose row an old key wrote
        (between a change of key and ``rotate-key``)."""
        return [self.lookup(value, purpose)] + [
            self._hash(k, value, purpose) for k in self._old_lookups
        ]

    @staticmethod
    def _hash(key: bytes, value: str, purpose: str) -> str:
        msg = purpose.encode() + b"\0" + value.encode()
        return hmac.new(key, msg, hashlib.sha256).hexdigest()


_RING: list[KeyRing] = []


def configure(ring: KeyRing) -> None:
    """Use ``ring`` for every encrypted column from now on (the app and CLI call this at start)."""
    _RING[:] = [ring]


def ring() -> KeyRing:
    if not _RING:
        raise DataKeyError(N_("no data key is configured (SAMVERKAN_DATA_KEY)"))
    return _RING[0]


class Encrypted(TypeDecorator[str]):
    """A text column stored encrypted (see the module): ``Encrypted("person", "name")``.

    The table and column are given, not taken from the mapping, so that the associated data
    stays the same when a model is renamed (rename the column: re-encrypt it)."""

    impl = Text
    cache_ok = True

    def __init__(self, table: str, column: str) -> None:
        super().__init__()
        self.where = f"{table}.{column}"

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else ring().encrypt(value, self.where)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else ring().decrypt(value, self.where)


Rehash = Callable[[Any, dict[str, str]], dict[str, object]]


def _where(column: Any) -> str:
    return str(column.type.where)


def rotate(
    session: Session, tables: Iterable[Table], rehash: Mapping[str, Rehash] | None = None
) -> dict[str, int]:
    """Re-encrypt under the current key every value of every :class:`Encrypted` column in
    ``tables`` that an old key wrote; values already under the current key are left alone, so
    a rotation stopped half-way can be run again. ``rehash[table]`` gives the look-up hashes
    of a row again from its decrypted values (they follow the current key too). Returns the
    number of rows changed per table; a value no key opens raises :class:`DataKeyError` (the
    caller rolls back: nothing is half-rotated)."""
    r = ring()
    changed: dict[str, int] = {}
    for table in tables:
        cols = [c for c in table.columns if isinstance(c.type, Encrypted)]
        if not cols:
            continue
        pk = list(table.primary_key.columns)
        raw = [type_coerce(c, Text).label(c.name) for c in cols]
        plain_cols = [c for c in table.columns if not isinstance(c.type, Encrypted)]
        rows = session.execute(select(*plain_cols, *raw)).mappings().all()
        n = 0
        for row in rows:
            plain: dict[str, str] = {}
            for c in cols:
                stored = row[c.name]
                if stored is not None and r.stored_key_id(stored) != r.current_id:
                    plain[c.name] = r.decrypt(stored, _where(c))
            if not plain:
                continue
            values: dict[str, object] = dict(plain)  # the column type encrypts them again
            if rehash and table.name in rehash:
                values.update(rehash[table.name](row, plain))
            where = [c == row[c.name] for c in pk]
            session.execute(update(table).where(*where).values(**values))
            n += 1
        changed[table.name] = n
    return changed
