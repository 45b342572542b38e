"""The analysis packages' public names: each is one thing, whatever was imported before."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import pytest

import samverkan.situation.analysis as analysis
import samverkan.situation.analysis.signals as signals


@pytest.mark.parametrize("package", [analysis, signals], ids=lambda p: p.__name__)
def test_no_public_name_is_also_a_module_of_the_package(package: ModuleType) -> None:
    modules = {m.name for m in pkgutil.iter_modules(package.__path__)}
    assert modules and not modules & set(package.__all__)


def test_every_lazy_name_is_what_its_module_defines() -> None:
    for name in analysis.__all__:
        module = importlib.import_module(f"{analysis.__name__}.{analysis._WHERE[name]}")
        assert getattr(analysis, name) is getattr(module, name)
