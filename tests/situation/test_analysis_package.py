"""The analysis package's lazy names: each is one thing, whatever was imported before."""

from __future__ import annotations

import importlib
import pkgutil

import samverkan.situation.analysis as analysis


def test_no_public_name_is_also_a_module_of_the_package() -> None:
    modules = {m.name for m in pkgutil.iter_modules(analysis.__path__)}
    assert modules and not modules & set(analysis.__all__)


def test_every_public_name_is_what_its_module_defines() -> None:
    for name in analysis.__all__:
        module = importlib.import_module(f"{analysis.__name__}.{analysis._WHERE[name]}")
        assert getattr(analysis, name) is getattr(module, name)
