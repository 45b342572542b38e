"""Operator commands for organisations, users, API tokens and EST groups."""

from __future__ import annotations

import getpass
import sys
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from samverkan.core.cli import DbOpt
from samverkan.core.db import session_scope
from samverkan.core.errors import N_, Invalid, NotFound
from samverkan.core.i18n import cli_gettext
from samverkan.core.runtime import open_runtime
from samverkan.core.validation import OR, explain
from samverkan.orgs import queries, service
from samverkan.orgs.schemas import GroupIn, MembershipIn, OrgIn, UserIn

console = Console()
org_app = typer.Typer(help="Organisations.", no_args_is_help=True)
user_app = typer.Typer(help="Users and their roles.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)
group_app = typer.Typer(help="EST groups (samverkansgrupper).", no_args_is_help=True)


def _invalid(exc: ValidationError) -> Invalid:
    """The first of pydantic's errors as a message the CLI shows in its language."""
    err = exc.errors()[0]
    msgid, params = explain(err)
    or_ = cli_gettext(OR)
    shown = {k: str(v).replace(" or ", f" {or_} ") for k, v in params.items()}
    field = ".".join(str(p) for p in err["loc"])
    given = err.get("input")
    if isinstance(given, str) and given and len(given) <= 60 and field != "password":
        field = f"{field} {given!r}"  # the value refused, named beside its field
    return Invalid(msgid, field=field, **shown)


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Lösenord: ")
        if getpass.getpass("Upprepa: ") != first:
            raise Invalid(N_("the passwords differ"), field="password")
        return first
    return sys.stdin.readline().rstrip("\r\n")


@org_app.command("add")
def org_add(
    name: str,
    kind: Annotated[str, typer.Option(help="kommun|polis|bostadsbolag|forening|annan")],
    db: DbOpt = None,
) -> None:
    """Add an organisation."""
    try:
        data = OrgIn(name=name, kind=kind)
    except ValidationError as exc:
        raise _invalid(exc) from None
    with session_scope(open_runtime(db).sessionmaker) as s:
        org = service.create_org(s, None, data)
        console.print(f"Organisation {org.name} ({org.kind}) har id {org.id}.")


@org_app.command("list")
def org_list(db: DbOpt = None) -> None:
    """List organisations."""
    with session_scope(open_runtime(db).sessionmaker) as s:
        table = Table("id", "namn", "typ")
        for o in queries.all_orgs(s):
            table.add_row(str(o.id), o.name, o.kind)
        console.print(table)


def _org_id(s, name: str) -> int:
    org = queries.org_by_name(s, name)
    if org is None:
        raise NotFound(N_("organisation %(name)s not found"), field="org", name=name)
    return org.id


@user_app.command("add")
def user_add(
    email: str,
    org: Annotated[str, typer.Option(help="Organisation name.")],
    role: Annotated[
        str, typer.Option(help="admin|samordnare|rapportor|analytiker|handlaggare|lasare")
    ],
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    superadmin: Annotated[bool, typer.Option(help="Platform administrator.")] = False,
    db: DbOpt = None,
) -> None:
    """Add a user; the password is read from standard input."""
    rt = open_runtime(db)
    password = _read_password()
    with session_scope(rt.sessionmaker) as s:
        try:
            data = UserIn(
                email=email, display_name=name, password=password, org_id=_org_id(s, org), role=role
            )
        except ValidationError as exc:
            raise _invalid(exc) from None
        user = service.create_user(s, None, data, superadmin=superadmin)
        console.print(f"Användare {user.email} ({role} i {org}) har id {user.id}.")


@user_app.command("role")
def user_role(
    email: str,
    org: Annotated[str, typer.Option(help="Organisation name.")],
    role: Annotated[str, typer.Option(help="Role to add.")],
    db: DbOpt = None,
) -> None:
    """Give a user one more role."""
    with session_scope(open_runtime(db).sessionmaker) as s:
        user = queries.user_by_email(s, email)
        if user is None:
            raise NotFound(N_("user not found"), field="email")
        try:
            data = MembershipIn(org_id=_org_id(s, org), role=role)
        except ValidationError as exc:
            raise _invalid(exc) from None
        service.add_membership(s, None, user.id, data)
        console.print(f"{user.email} är nu {role} i {org}.")


@user_app.command("password")
def user_password(email: str, db: DbOpt = None) -> None:
    """Set a user's password (read from standard input); open sessions end."""
    from samverkan.orgs.security import password_problem

    rt = open_runtime(db)
    password = _read_password()
    problem = password_problem(password)
    if problem:
        raise Invalid(problem.msgid, field="password", **problem.params)
    with session_scope(rt.sessionmaker) as s:
        user = queries.user_by_email(s, email)
        if user is None:
            raise NotFound(N_("user not found"), field="email")
        service.set_password(s, user, password)
    console.print(f"Lösenordet för {email} är bytt.")


@user_app.command("disable")
def user_disable(email: str, db: DbOpt = None) -> None:
    """Disable a login and end its sessions."""
    with session_scope(open_runtime(db).sessionmaker) as s:
        user = queries.user_by_email(s, email)
        if user is None:
            raise NotFound(N_("user not found"), field="email")
        service.set_user_active(s, None, user.id, False)
    console.print(f"{email} är avstängd.")


@user_app.command("enable")
def user_enable(email: str, db: DbOpt = None) -> None:
    """Enable a disabled login again."""
    with session_scope(open_runtime(db).sessionmaker) as s:
        user = queries.user_by_email(s, email)
        if user is None:
            raise NotFound(N_("user not found"), field="email")
        service.set_user_active(s, None, user.id, True)
    console.print(f"{email} är aktiverad.")


@token_app.command("create")
def token_create(
    org: Annotated[str, typer.Option(help="Organisation name.")],
    name: Annotated[str, typer.Option(help="Label: what uses the token.")],
    user: Annotated[
        str | None,
        typer.Option(help="E-mail of the user a personal token acts as, within the organisation."),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Create an API token; it is printed alone on the last line, once."""
    with session_scope(open_runtime(db).sessionmaker) as s:
        user_id = None
        if user is not None:
            found = queries.user_by_email(s, user)
            if found is None:
                raise NotFound(N_("user not found"), field="user")
            user_id = found.id
        token, secret = service.create_token(s, None, _org_id(s, org), name, user_id=user_id)
        token_id = token.id
    typer.echo(
        f"Token {token_id} för {org} ({name}). Spara den nu; den visas bara en gång:", err=True
    )
    typer.echo(secret)


@token_app.command("revoke")
def token_revoke(token_id: int, db: DbOpt = None) -> None:
    """Revoke a token by its id."""
    with session_scope(open_runtime(db).sessionmaker) as s:
        service.revoke_token(s, None, token_id)
    console.print(f"Token {token_id} är återkallad.")


@group_app.command("add")
def group_add(
    name: str,
    owner: Annotated[str, typer.Option(help="Owner organisation.")],
    member: Annotated[list[str] | None, typer.Option(help="Member organisation (repeat).")] = None,
    cadence: Annotated[str, typer.Option(help="weekly|biweekly|monthly")] = "weekly",
    db: DbOpt = None,
) -> None:
    """Start an EST group with its member organisations."""
    with session_scope(open_runtime(db).sessionmaker) as s:
        try:
            data = GroupIn(name=name, owner_org_id=_org_id(s, owner), cadence=cadence)
        except ValidationError as exc:
            raise _invalid(exc) from None
        group = service.create_group(s, None, data)
        service.set_group_members(s, None, group.id, {_org_id(s, m) for m in member or []})
        console.print(f"EST-gruppen {group.name} har id {group.id}.")
