"""What a domain brings to the application, described once in its ``domain.py``.

The composition root (:mod:`samverkan.domains`) lists every domain and wires them: their
models into ``Base.metadata``, their routers into the app, their commands into the CLI, their
nav entries, labels, retention classes and contributions to other domains' registries. Nothing
is registered as a side effect of importing a module, and ``core`` imports no domain.

Everything heavier than a constant is named as ``"package.module:attribute"`` and loaded when
the root wires it, so describing a domain imports nothing (the server starts fast).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from samverkan.core.nav import NavItem


@dataclass(frozen=True)
class Domain:
    """One domain of samverkan, as the application factory, the CLI and the tests see it.

    - ``models``: the module whose tables join ``Base.metadata`` (Alembic, tests);
    - ``api`` / ``pages``: ``"module:router"`` of its JSON API and of its HTML pages;
    - ``nav``: its entries in the top bar;
    - ``labels``: ``(kind, "module:DICT")``, stored codes shown as translated labels
      (``code|label(kind)``); ``fields``: ``"module:DICT"`` of field names for messages;
    - ``cli``: ``(name, "module:typer_app")``, a command group (name ``""``: its commands at
      the root);
    - ``retention``: ``"module:DATA_CLASS"``, kinds of data with a retention period
      (:class:`samverkan.core.retention.DataClass`, each with its own setting);
    - ``hooks``: ``("module:register", "module:contribution")``, what it adds to a registry of
      a domain below it (an incident page's section, a team's held hours, a person's export
      section): the root calls ``register(contribution)``.
    """

    name: str
    models: str | None = None
    api: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    nav: tuple[NavItem, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    fields: tuple[str, ...] = ()
    cli: tuple[tuple[str, str], ...] = ()
    retention: tuple[str, ...] = ()
    hooks: tuple[tuple[str, str], ...] = ()


def load(ref: str) -> Any:
    """The object ``"package.module:attribute"`` names (or the module, without ``:``)."""
    module, _, attr = ref.partition(":")
    obj: Any = importlib.import_module(module)
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    return obj
