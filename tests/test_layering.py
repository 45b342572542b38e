"""The structure docs/architecture.md promises: one composition root, layers that only look
down, nothing registered as a side effect of importing a module."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from fastapi import APIRouter

from samverkan import domains
from samverkan.core.domain import load

PACKAGE = Path(__file__).parents[1] / "src" / "samverkan"
# Each domain may import the ones before it (docs/architecture.md "Layering"); web and demo sit
# on top; program domains build on core, orgs, geo and people, never on each other; housing also
# on EST's intake and actions (a safety walk's finding is filed as an incident, a safety plan's
# measure names an EST action), which import no program; associations on the actions (their
# activities in the coordinated calendar).
LAYERS = ["core", "orgs", "geo", "incidents", "situation", "presence", "actions"]
PROGRAMS = {"people", "employment", "housing", "associations", "districts"}
ON_TOP = {"web", "demo"}
ALLOWED_BELOW_PROGRAMS = {"core", "orgs", "geo", "people"}
ALSO_ON_EST = {
    "housing": {"incidents", "actions"},
    "associations": {"actions"},
    # a district's EST indicators are the weekly totals; a goal links EST actions
    "districts": {"incidents", "situation", "actions"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m.startswith("samverkan.")}


def _modules() -> list[tuple[str, Path]]:
    return [
        (p.relative_to(PACKAGE).parts[0], p)
        for p in sorted(PACKAGE.rglob("*.py"))
        if len(p.relative_to(PACKAGE).parts) > 1 and "migrations" not in p.parts
    ]


def test_each_domain_imports_only_the_domains_below_it() -> None:
    wrong = []
    for domain, path in _modules():
        for mod in _imports(path):
            other = mod.split(".")[1]
            if other == domain or (other in ("domains", "cli") and domain in ON_TOP):
                continue
            if domain in ON_TOP:
                continue
            if domain in PROGRAMS:
                ok = other in ALLOWED_BELOW_PROGRAMS | ALSO_ON_EST.get(domain, set())
            elif domain in LAYERS:
                ok = other in LAYERS and LAYERS.index(other) < LAYERS.index(domain)
            else:
                ok = False
            if not ok:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {mod}")
    assert wrong == []


def test_no_domain_imports_another_s_routes_or_pages() -> None:
    wrong = [
        f"{path.relative_to(PACKAGE)} imports {mod}"
        for domain, path in _modules()
        for mod in _imports(path)
        if mod.split(".")[1] != domain
        and mod.split(".")[-1] in ("routes", "pages", "admin_pages", "web_routes", "admin_routes")
    ]
    assert wrong == []


def test_every_router_and_command_group_is_wired_by_the_composition_root() -> None:
    wired = {id(load(ref)) for d in domains.DOMAINS for ref in (*d.api, *d.pages)}
    for d in domains.DOMAINS:
        for ref in (*d.api, *d.pages):
            assert isinstance(load(ref), APIRouter), ref
    loose = []
    for _domain, path in _modules():
        text = path.read_text(encoding="utf-8")
        if "APIRouter(" not in text:
            continue
        module = "samverkan." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        obj = load(module)
        for name, value in vars(obj).items():
            if isinstance(value, APIRouter) and id(value) not in wired:
                loose.append(f"{module}:{name}")
    assert loose == []
    names = [d.name for d in domains.DOMAINS]
    assert len(names) == len(set(names))


def test_importing_every_module_registers_nothing() -> None:
    """Only ``domains.wire()`` fills the registries: importing a module (a test, a benchmark, a
    script) has no effect on what the application shows."""
    script = """
import importlib, json, pkgutil
import samverkan
for m in pkgutil.walk_packages(samverkan.__path__, "samverkan."):
    if ".migrations" in m.name or m.name in ("samverkan.__main__", "samverkan.cli",
                                              "samverkan.domains"):
        continue
    importlib.import_module(m.name)
from samverkan.core import nav, retention, templating, validation
from samverkan.incidents import present
from samverkan.presence import holds
print(json.dumps({
    "nav": len(nav.NAV), "labels": len(templating.LABELS), "retention": len(retention.registered()),
    "sections": len(present.DETAIL_SECTIONS), "holds": len(holds._HOLDERS),
    "fields": len(validation.FIELD_LABELS),
}))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    registries = json.loads(out.stdout.strip().splitlines()[-1])
    assert registries == dict.fromkeys(registries, 0)
    domains.wire()
    from samverkan.core import nav, retention, templating
    from samverkan.incidents import present
    from samverkan.presence import holds

    assert {"/", "/lagesbild", "/handelser", "/insatser", "/admin"} <= {i.path for i in nav.NAV}
    assert {"level", "role", "action_type", "visibility"} <= set(templating.LABELS)
    assert {"audit", "incidents"} <= {dc.name for dc in retention.registered()}
    assert present.DETAIL_SECTIONS and holds._HOLDERS
