"""The --url/--token options of every `warclaims ls` command that talks to a server, and their resolution.

click reads options and the environment; `connect` adds the connection file of `ls serve` and
the checks, through warclaims.labelstudio.connection.resolve (the one place the order is decided),
says so when the connection file was used, and hands back a Connection. Every message that could hold a token
goes through `scrubbed` (warclaims.cli.guard.scrub, the one scrub helper).
"""

from __future__ import annotations

from typing import Any, Callable, NoReturn

import click
from click.core import ParameterSource

from ..labelstudio.connection import TOKEN_ENV, URL_ENV, Connection, ConnectionProblem, Given
from .common import LABEL_STUDIO_URL, InvalidInput


def connection_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Add --token and --url (plain strings: checked by `connect`, only when a server is needed)."""
    f = click.option("--token", envvar=TOKEN_ENV, default=None, show_envvar=True,
                     help="API token (legacy token or personal access token); never printed. "
                          "Default: the connection file written by `warclaims ls serve`.")(f)
    return click.option("--url", envvar=URL_ENV, default=None, show_envvar=True,
                        help="Label Studio base URL (http or https). Default: the connection file written by "
                             "`warclaims ls serve`.")(f)


def _given(ctx: click.Context, name: str, value: str | None, option: str, envvar: str) -> Given | None:
    if value is None:
        return None
    source = ctx.get_parameter_source(name)
    return Given(value, envvar if source is ParameterSource.ENVIRONMENT else option)


def connect(url: str | None, token: str | None) -> Connection:
    """The connection of the current command: options > environment > connection file.

    A bad --url is a usage error (exit 2), a bad LABEL_STUDIO_URL or connection file exit 1; no
    token anywhere is a usage error saying where the token is. When the connection file supplied
    URL or token, one line on stderr says so; error messages always name the sources (`fail`).
    """
    from ..labelstudio.home import connection_path, default_data_dir, read_connection_file
    from ..labelstudio.server import CREDENTIALS_FILE

    ctx = click.get_current_context()
    if url is not None:
        url = LABEL_STUDIO_URL.check(url)
    path = connection_path()
    try:
        conn = _resolve(ctx, url, token, read_connection_file(path), str(path), str(default_data_dir() / CREDENTIALS_FILE))
    except ConnectionProblem as e:
        if e.usage:
            raise click.UsageError(str(e)) from None
        raise InvalidInput(str(e)) from None
    if "connection file" in conn.url_source + conn.token_source:  # given nothing: say what was used
        click.echo(conn.describe(), err=True)
    return conn


def _resolve(ctx: click.Context, url: str | None, token: str | None, file: Any, file_path: str, hint: str) -> Connection:
    from ..labelstudio.connection import resolve

    return resolve(_given(ctx, "url", url, "--url", URL_ENV), _given(ctx, "token", token, "--token", TOKEN_ENV), file,
                   file_path=file_path, credentials_hint=hint)


def api_for(conn: Connection, timeout: float | None = None) -> Any:
    """A REST client for `conn` (warclaims.labelstudio.api.Api); with `timeout`, every request of
    the command is bounded by one overall deadline of that many seconds (labelstudio.deadline)."""
    from ..labelstudio.api import Api
    from ..labelstudio.deadline import Deadline

    return Api(conn.url, conn.token, deadline=Deadline(timeout) if timeout else None)


def scrubbed(message: str, conn: Connection | None = None) -> str:
    """`message` with the connection's token (and anything shaped like a token) masked."""
    from .guard import scrub

    return scrub(message, [conn.token] if conn is not None else [])


def fail(error: Exception, conn: Connection | None = None, context: str = "") -> NoReturn:
    """Exit 1 with `context` and the error's message, scrubbed, naming where URL and token came from."""
    where = f" [{conn.describe()}]" if conn is not None else ""
    raise InvalidInput(scrubbed(f"{context}{error}", conn) + where) from None
