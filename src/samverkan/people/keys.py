"""Rotating the data key over the person register (and every other encrypted column): the
look-up hash of a personnummer follows the current key, so it is made again with the value."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Table, Text, select, type_coerce
from sqlalchemy.orm import Session

from samverkan.core import crypto
from samverkan.people import queries


def _person_hashes(row: Mapping[str, Any], plain: dict[str, str]) -> dict[str, object]:
    if "pnr" not in plain:
        return {}
    return {"pnr_hash": queries.pnr_hash(int(row["org_id"]), plain["pnr"])}


REHASH: dict[str, crypto.Rehash] = {"person": _person_hashes}


def rotate(session: Session, tables: Iterable[Table]) -> dict[str, int]:
    """Re-encrypt what old keys wrote (see :func:`samverkan.core.crypto.rotate`)."""
    return crypto.rotate(session, tables, REHASH)


def by_key(session: Session, tables: Iterable[Table]) -> Counter[str]:
    """How many stored values each key id wrote (read without decrypting)."""
    counts: Counter[str] = Counter()
    for table in tables:
        for c in table.columns:
            if isinstance(c.type, crypto.Encrypted):
                for (stored,) in session.execute(select(type_coerce(c, Text)).where(c.isnot(None))):
                    counts[crypto.KeyRing.stored_key_id(stored)] += 1
    return counts
