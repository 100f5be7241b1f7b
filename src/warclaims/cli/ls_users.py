"""`warclaims ls users add|list`: annotator accounts that can log in (warclaims.labelstudio.users)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .common import emit_json
from .ls_connection import api_for, connect, connection_options, fail


@click.group("users")
def users() -> None:
    """Annotator accounts on the Label Studio server (the annotators of this project are AI agents or people).

    \b
    Example:
      warclaims ls users add annotator-01@warclaims.local annotator-02@warclaims.local
      warclaims ls users list
    """


def _check_emails(emails: tuple[str, ...]) -> list[str]:
    from ..labelstudio.users import EMAIL

    bad = [e for e in emails if not EMAIL.fullmatch(e)]
    if bad:
        raise click.BadParameter(", ".join(repr(e) for e in bad) + " is not an e-mail address", param_hint="'EMAIL...'")
    return list(dict.fromkeys(emails))  # a repeated address is one account


@users.command("add")
@connection_options
@click.argument("emails", metavar="EMAIL...", nargs=-1, required=True)
@click.option("--passwords-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the new passwords here (JSON, mode 600, must not exist) instead of printing them.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON (passwords included unless --passwords-file).")
def add(url: str | None, token: str | None, emails: tuple[str, ...], passwords_file: Path | None, as_json: bool) -> None:
    """Create accounts that log in with e-mail and password; the password is shown once (or written 0600).

    Accounts are made through the organisation's invite link, so they are full members that can
    log in and annotate. An e-mail that already has an account is reported and left unchanged.

    \b
    Example:
      warclaims ls users add annotator-01@warclaims.local annotator-02@warclaims.local
      warclaims ls users add a@example.org --passwords-file .label-studio/passwords-a.json
    """
    from ..labelstudio.api import ApiError
    from ..labelstudio.users import add_users
    from ..safe_write import write_text

    wanted = _check_emails(emails)
    if passwords_file is not None and (passwords_file.exists() or passwords_file.is_symlink()):
        raise click.BadParameter(f"{passwords_file} exists; not overwritten", param_hint="'--passwords-file'")
    conn = connect(url, token)
    try:
        added = add_users(api_for(conn), wanted)
    except ApiError as e:
        fail(e, conn)
    rows = [{"email": a.email, "status": a.status, **({"password": a.password} if a.password else {})} for a in added]
    if passwords_file is not None:
        write_text(passwords_file, json.dumps({"url": conn.url, "users": [r for r in rows if "password" in r]}, indent=2) + "\n",
                   mode=0o600, exclusive=True)
        rows = [{k: v for k, v in r.items() if k != "password"} for r in rows]
    if as_json:
        emit_json({"url": conn.url, "users": rows, **({"passwords_file": str(passwords_file)} if passwords_file else {})})
        return
    for r in rows:
        shown = f"  password: {r['password']}" if "password" in r else ""
        click.echo(f"{r['email']}: {'created' if r['status'] == 'created' else 'already has an account (unchanged)'}{shown}")
    created = sum(r["status"] == "created" for r in rows)
    click.echo(f"{created} created, {len(rows) - created} already there. Log in at {conn.url}/user/login/", err=True)
    if passwords_file is not None:
        click.echo(f"Passwords written to {passwords_file} (mode 600).", err=True)
    elif created:
        click.echo("The passwords are shown only this once.", err=True)


@users.command("list")
@connection_options
@click.option("--json", "as_json", is_flag=True, help="Print the users as JSON.")
def list_(url: str | None, token: str | None, as_json: bool) -> None:
    """The server's accounts: id and e-mail.

    \b
    Example:
      warclaims ls users list
    """
    from ..labelstudio.api import ApiError

    conn = connect(url, token)
    try:
        rows = [{"id": u.get("id"), "email": u.get("email")} for u in api_for(conn).users()]
    except ApiError as e:
        fail(e, conn)
    if as_json:
        emit_json({"url": conn.url, "users": rows})
        return
    for r in rows:
        click.echo(f"{r['id']:>5}  {r['email']}")
