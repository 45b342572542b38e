"""The authorization matrix (tests/authz_matrix.toml): every route × persona -> expected outcome.

- every route of the app has an entry, and every entry names a route that exists;
- every cell (entry × persona) is sent as that persona, one test each (a fresh, rolled-back
  database per test, so state-changing POSTs do not affect each other), and its status,
  Location and body are checked: what must be there, and what must never leak;
- every form POST is refused without this browser's CSRF token.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from starlette.routing import Mount

from samverkan.core.timeutil import today
from tests.conftest import Persona, World

MATRIX_PATH = Path(__file__).with_name("authz_matrix.toml")
MATRIX: dict[str, Any] = tomllib.loads(MATRIX_PATH.read_text(encoding="utf-8"))
# A domain's routes may also be listed in a file of their own, tests/authz_matrix/*.toml, with
# [[route]] and [[setup]] tables of the same form ([never] stays in the main file).
PARTS = sorted(MATRIX_PATH.with_suffix("").glob("*.toml"))
for _part in PARTS:
    _more = tomllib.loads(_part.read_text(encoding="utf-8"))
    MATRIX["route"] += _more.get("route", [])
    MATRIX.setdefault("setup", []).extend(_more.get("setup", []))
ENTRIES: list[dict[str, Any]] = MATRIX["route"]
NEVER: dict[str, list[str]] = MATRIX.get("never", {})
SETUP: dict[str, dict[str, Any]] = {s["name"]: s for s in MATRIX.get("setup", [])}

PERSONAS = ("samordnare", "rapportor", "polis", "forening", "outsider", "anonymous")
OPTIONAL_PERSONAS = ("superadmin",)
AUTH_KINDS = ("session", "token", "none")
ENTRY_KEYS = {"method", "path", "case", "url", "auth", "form", "json", "setup", "note", "expect"}
SETUP_KEYS = {
    "name",
    "persona",
    "method",
    "url",
    "json",
    "form",
    "id_field",
    "id_pattern",
    "status",
}
CELL_KEYS = {"status", "contains", "absent", "location", "xfail"}
PLACEHOLDER = re.compile(r"\{(\w+)\}")
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def entry_name(entry: dict[str, Any]) -> str:
    case = f" ({entry['case']})" if entry.get("case") else ""
    return f"{entry['method']} {entry['path']}{case}"


def route_table(app: FastAPI) -> Iterator[tuple[str, str, Any]]:
    """(method, path template, route) of every route; a Mount counts as GET of its path."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: app.routes is already flat
        pairs = [(r, r) for r in app.routes]
    else:  # FastAPI >= 0.16x keeps included routers as nodes
        pairs = [(rc.original_route, rc) for rc in iter_route_contexts(app.routes)]
    for original, route in pairs:
        if isinstance(original, Mount):
            yield "GET", original.path, original
            continue
        for method in sorted(set(route.methods or ()) - {"HEAD"}):
            yield method, route.path, route


DAYS_AHEAD = re.compile(r"day_plus_(\d+)")


def fill(value: str, ids: dict[str, int]) -> str:
    """Replace every ``{name}`` by ``world.ids[name]`` (an unknown name is an error), and
    ``{day_plus_N}`` by the date N days from today (due dates and meetings stay plausible
    whenever the suite runs)."""

    def one(m: re.Match[str]) -> str:
        ahead = DAYS_AHEAD.fullmatch(m.group(1))
        if ahead:
            return (today() + timedelta(days=int(ahead.group(1)))).isoformat()
        if m.group(1) not in ids:
            raise KeyError(f"{{{m.group(1)}}} is not in world.ids")
        return str(ids[m.group(1)])

    return PLACEHOLDER.sub(one, value)


def cells() -> Iterator[Any]:
    for entry in ENTRIES:
        for persona, cell in entry.get("expect", {}).items():
            marks = []
            if isinstance(cell, dict) and cell.get("xfail"):
                marks.append(pytest.mark.xfail(reason=cell["xfail"], strict=True))
            yield pytest.param(entry, persona, id=f"{entry_name(entry)} [{persona}]", marks=marks)


# --- the matrix covers the app, and is well formed -------------------------------------------


def test_every_route_is_in_the_matrix_and_every_entry_is_a_route(app: FastAPI) -> None:
    routes = {(m, p) for m, p, _ in route_table(app)}
    listed = {(e["method"], e["path"]) for e in ENTRIES}
    missing = sorted(routes - listed)
    stale = sorted(listed - routes)
    assert not missing, "routes missing from tests/authz_matrix.toml:\n" + "\n".join(
        f"  {m} {p}" for m, p in missing
    )
    assert not stale, "entries in tests/authz_matrix.toml with no such route:\n" + "\n".join(
        f"  {m} {p}" for m, p in stale
    )


def test_every_entry_url_matches_its_route(app: FastAPI) -> None:
    routes = {(m, p): r for m, p, r in route_table(app)}
    wrong = []
    for entry in ENTRIES:
        route = routes.get((entry["method"], entry["path"]))
        if route is None:
            continue  # reported by the test above
        path = PLACEHOLDER.sub("1", entry["url"]).split("?", 1)[0]
        if isinstance(route, Mount):
            ok = path.startswith(route.path + "/")
        else:
            ok = route.path_regex.match(path) is not None
        if not ok:
            wrong.append(f"  {entry_name(entry)}: url {entry['url']}")
    assert not wrong, "matrix urls that do not reach their route:\n" + "\n".join(wrong)


def test_the_matrix_is_well_formed() -> None:
    problems = []
    seen: set[tuple[str, str, str]] = set()
    for entry in ENTRIES:
        name = entry_name(entry)
        key = (entry.get("method", ""), entry.get("path", ""), entry.get("case", ""))
        if key in seen:
            problems.append(f"{name}: listed twice (give one a different `case`)")
        seen.add(key)
        if unknown := set(entry) - ENTRY_KEYS:
            problems.append(f"{name}: unknown keys {sorted(unknown)}")
        for k in ("method", "path", "url", "auth", "expect"):
            if k not in entry:
                problems.append(f"{name}: no `{k}`")
        if entry.get("auth") not in AUTH_KINDS:
            problems.append(f"{name}: auth must be one of {AUTH_KINDS}")
        if entry.get("form") and entry.get("method") != "POST":
            problems.append(f"{name}: a form on a {entry.get('method')}")
        if entry.get("form") and entry.get("json"):
            problems.append(f"{name}: both a form and a JSON body")
        if unknown := set(entry.get("setup", [])) - set(SETUP):
            problems.append(f"{name}: no [[setup]] named {sorted(unknown)}")
        expect = entry.get("expect", {})
        if missing := [p for p in PERSONAS if p not in expect]:
            problems.append(f"{name}: no cell for {missing}")
        if unknown := set(expect) - set(PERSONAS) - set(OPTIONAL_PERSONAS):
            problems.append(f"{name}: unknown personas {sorted(unknown)}")
        for persona, cell in expect.items():
            if not isinstance(cell, dict) or not isinstance(cell.get("status"), int):
                problems.append(f"{name} [{persona}]: a cell needs an integer `status`")
            elif unknown := set(cell) - CELL_KEYS:
                problems.append(f"{name} [{persona}]: unknown keys {sorted(unknown)}")
    for persona in NEVER:
        if persona != "all" and persona not in PERSONAS + OPTIONAL_PERSONAS:
            problems.append(f"[never]: unknown persona {persona}")
    for name, setup in SETUP.items():
        if unknown := set(setup) - SETUP_KEYS:
            problems.append(f"[[setup]] {name}: unknown keys {sorted(unknown)}")
        if setup.get("persona") not in PERSONAS + OPTIONAL_PERSONAS:
            problems.append(f"[[setup]] {name}: unknown persona {setup.get('persona')}")
    assert not problems, "\n".join(problems)


# --- every cell -------------------------------------------------------------------------------


def anonymous_csrf(client: Any) -> str:
    """What a browser without a session does: load the login page, keep its CSRF cookie."""
    page = client.get("/login")
    found = CSRF_INPUT.search(page.text)
    assert found, "the login page has no csrf_token field"
    return found.group(1)


def fill_json(value: Any, ids: dict[str, int]) -> Any:
    """A JSON body with placeholders filled; a string that is one placeholder becomes the id."""
    if isinstance(value, dict):
        return {k: fill_json(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [fill_json(v, ids) for v in value]
    if isinstance(value, str):
        whole = PLACEHOLDER.fullmatch(value)
        return ids[whole.group(1)] if whole and whole.group(1) in ids else fill(value, ids)
    return value


def make_setup(names: list[str], world: World) -> None:
    """Create the objects an entry needs (``[[setup]]``) through the API, as their owners would,
    and add their ids to ``world.ids``."""
    for name in names:
        setup = SETUP[name]
        owner = world.personas[setup["persona"]]
        if "form" in setup:  # a page's form, posted in the owner's session; the id ends Location
            data = {k: fill(str(v), world.ids) for k, v in setup["form"].items()}
            r = owner.client.post(
                fill(setup["url"], world.ids),
                data={**data, "csrf_token": owner.csrf},
                follow_redirects=False,
            )
            assert r.status_code == setup.get("status", 303), f"setup {name}: {r.status_code}"
            location = r.headers["location"]
            if "id_pattern" in setup:  # the id is elsewhere in Location (e.g. its #fragment)
                found = re.search(setup["id_pattern"], location)
                assert found, f"setup {name}: no {setup['id_pattern']!r} in {location!r}"
                world.ids[name] = int(found.group(1))
            else:
                world.ids[name] = int(location.rstrip("/").rsplit("/", 1)[-1])
            continue
        r = owner.client.request(
            setup["method"],
            fill(setup["url"], world.ids),
            json=fill_json(setup.get("json"), world.ids),
            headers={"Authorization": f"Bearer {owner.token}"},
            follow_redirects=False,
        )
        assert r.status_code == setup.get("status", 201), f"setup {name}: {r.status_code} {r.text}"
        world.ids[name] = r.json()[setup.get("id_field", "id")]


def form_data(entry: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for k, v in entry.get("form", {}).items():
        data[k] = [fill(str(x), ids) for x in v] if isinstance(v, list) else fill(str(v), ids)
    return data


def send(entry: dict[str, Any], persona: Persona, world: World) -> httpx.Response:
    """The request of ``entry`` as ``persona`` would send it."""
    ids = world.ids
    headers: dict[str, str] = {}
    data: dict[str, Any] | None = None
    if entry["auth"] == "token" and persona.token:
        headers["Authorization"] = f"Bearer {persona.token}"
    if entry["method"] == "POST" and entry["auth"] == "session":
        data = form_data(entry, ids)
        data["csrf_token"] = persona.csrf or anonymous_csrf(persona.client)
    elif "form" in entry:
        data = form_data(entry, ids)
    return persona.client.request(
        entry["method"],
        fill(entry["url"], ids),
        data=data,
        json=fill_json(entry["json"], ids) if "json" in entry else None,
        headers=headers,
        follow_redirects=False,
    )


def readable_body(r: httpx.Response) -> str:
    """The body as sent and, for JSON, decoded (so that an ``absent`` check cannot miss a
    ``\\u``-escaped leak), with the Location header."""
    text = r.text
    views = [text, r.headers.get("location", "")]
    ctype = r.headers.get("content-type", "")
    if "json" in ctype:
        views.append(json.dumps(r.json(), ensure_ascii=False))
    return "\n".join(views)


def check_location(expected: str, actual: str | None) -> bool:
    if actual is None:
        return False
    if expected.endswith("*"):
        return actual.startswith(expected[:-1])
    return actual == expected


@pytest.mark.parametrize(("entry", "persona_key"), list(cells()))
def test_cell(entry: dict[str, Any], persona_key: str, world: World) -> None:
    cell = entry["expect"][persona_key]
    persona = world.personas[persona_key]
    ids = world.ids
    make_setup(entry.get("setup", []), world)
    r = send(entry, persona, world)
    where = f"{entry['method']} {fill(entry['url'], ids)} as {persona_key}"

    assert r.status_code == cell["status"], (
        f"{where}: status {r.status_code}, expected {cell['status']}\n{r.text[-1500:]}"
    )

    location = r.headers.get("location")
    if "location" in cell:
        expected = fill(cell["location"], ids)
        assert check_location(expected, location), (
            f"{where}: Location {location!r}, expected {expected!r}"
        )
    elif persona_key == "anonymous" and entry["auth"] == "session" and r.status_code == 303:
        assert location is not None and location.startswith("/login"), (
            f"{where}: an anonymous page request went to {location!r}, not to /login"
        )

    body = readable_body(r)
    for text in cell.get("contains", []):
        assert fill(text, ids) in body, f"{where}: {fill(text, ids)!r} missing\n{r.text[-1500:]}"
    never = [*NEVER.get("all", []), *NEVER.get(persona_key, [])]
    for text in [*cell.get("absent", []), *never]:
        assert fill(text, ids) not in body, f"{where}: leaks {fill(text, ids)!r}"
    for other in world.personas.values():
        if other.token:
            assert other.token not in body, f"{where}: leaks the API token of {other.key}"


# --- CSRF on every form -----------------------------------------------------------------------


def _post_entries() -> Iterator[Any]:
    seen = set()
    for entry in ENTRIES:
        if entry["method"] == "POST" and entry["auth"] == "session" and entry["path"] not in seen:
            seen.add(entry["path"])
            yield pytest.param(entry, id=f"POST {entry['path']}")


CSRF_ACTORS = ("superadmin", "samordnare", "polis", "rapportor", "forening", "outsider")


@pytest.mark.parametrize("token", ["missing", "another session's"])
@pytest.mark.parametrize("entry", list(_post_entries()))
def test_post_without_this_browsers_csrf_token_is_refused(
    entry: dict[str, Any], token: str, world: World
) -> None:
    """A browser tricked into posting a form that would succeed for it, but without its own CSRF
    token, is refused (so the 403 is the CSRF check's, not the authorization's)."""
    key = next(
        (k for k in CSRF_ACTORS if entry["expect"].get(k, {}).get("status", 400) < 400), None
    )
    assert key is not None, f"{entry_name(entry)}: no persona succeeds, nothing to check"
    make_setup(entry.get("setup", []), world)
    data = form_data(entry, world.ids)
    if token != "missing":
        other = "rapportor" if key != "rapportor" else "polis"
        data["csrf_token"] = world.personas[other].csrf
    r = world.personas[key].client.post(
        fill(entry["url"], world.ids), data=data, follow_redirects=False
    )
    assert r.status_code == 403, f"as {key}: {r.status_code}: {r.text[-800:]}"
