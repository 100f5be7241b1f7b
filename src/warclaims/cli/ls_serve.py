"""`warclaims ls serve`: a local Label Studio that keeps its data, and the connection file for the other commands.

Default data dir: warclaims.labelstudio.home (`.label-studio/data` in a checkout, git-ignored,
0700, files 0600); never deleted. `--ephemeral` gives a throw-away server (deleted on stop).
While the server runs, `.label-studio/connection.json` (0600) tells every other `ls` command its
URL and token; it is removed on stop if it still names this server.
"""

from __future__ import annotations

from pathlib import Path

import click

from .common import PORT, InvalidInput

DEFAULT_TITLE = "WarClaims"


@click.command("serve")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the server's data here (default: .label-studio/data in the checkout; kept when the server stops).")
@click.option("--ephemeral", is_flag=True, help="Throw-away server: data in a temp dir, deleted when it stops (tests, demos).")
@click.option("--port", type=PORT, default=None, help="Port on 127.0.0.1 (default: a free one); refused if taken.")
@click.option("--import", "articles", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="After start: set the project up and import these articles (JSONL).")
@click.option("--project", "title", default=DEFAULT_TITLE, show_default=True, help="Project title used with --import.")
def serve(data_dir: Path | None, ephemeral: bool, port: int | None, articles: Path | None, title: str) -> None:
    """Start Label Studio (.venv-ls) on 127.0.0.1 and print URL, user and password; Ctrl-C stops it.

    The data stays in the data dir (default .label-studio/data, owner-only) and is used again by
    the next start: nothing is lost when the server stops. The API token is stored in
    DATA_DIR/warclaims-credentials.json and, while the server runs, in .label-studio/connection.json,
    which `ls setup`, `ls import`, `ls pull` and `ls users` read when given no --url/--token.
    The token is never printed.

    \b
    Example:
      warclaims ls serve --import annotation/articles/pilot.jsonl
      warclaims ls serve --data-dir ~/warclaims-ls --port 8080
      warclaims ls serve --ephemeral
    """
    import shutil
    import signal
    import tempfile
    import time

    from ..labelstudio.home import (connection_path, default_data_dir, make_private_dir, remove_connection_file, running_server,
                                    write_connection_file)
    from ..labelstudio.server import CREDENTIALS_FILE, LocalServer, ServerError, load_or_create_credentials
    from .ls_connection import fail

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if ephemeral and data_dir is not None:
        raise click.UsageError("--ephemeral and --data-dir exclude each other")
    # Ctrl-C, kill and a closed terminal all stop the server: the launcher's process group would
    # otherwise outlive us (it runs in its own session so that Ctrl-C reaches only us).
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupt)
    if ephemeral:
        data_dir = Path(tempfile.mkdtemp(prefix="warclaims-ls-"))
    elif data_dir is None:
        data_dir = default_data_dir()
        make_private_dir(data_dir.parent)
    conn_file = connection_path()
    other = None if ephemeral else running_server(conn_file, data_dir)
    if other is not None:
        raise InvalidInput(f"a Label Studio started by `warclaims ls serve` already runs on {data_dir} at {other.url} "
                           f"(see {conn_file}); use it, or stop it first")
    server: LocalServer | None = None
    try:
        make_private_dir(data_dir)
        creds, new = load_or_create_credentials(data_dir)
        kept = "throw-away, deleted when the server stops" if ephemeral else \
            ("new; kept when the server stops" if new else "existing data, used again; kept when the server stops")
        click.echo(f"Data dir: {data_dir} ({kept})\nStarting Label Studio ...", err=True)
        server = LocalServer(data_dir, creds, port).start(timeout=300)
        assert server.proc is not None
        write_connection_file(conn_file, server.url, creds.token, data_dir, server.proc.pid)
        if articles:
            _import(server.url, creds.token, title, articles)
        click.echo(f"URL:       {server.url}\nUser:      {creds.username}\nPassword:  {creds.password}\n"
                   f"API token: in {data_dir / CREDENTIALS_FILE} and {conn_file} (read by the other `warclaims ls` commands)\n"
                   "Ctrl-C stops the server.")
        while server.proc is not None and server.proc.poll() is None:
            time.sleep(0.5)
        raise InvalidInput(f"Label Studio exited with code {server.proc.returncode if server.proc else '?'}; see {server.log}")
    except ServerError as e:
        fail(e)
    except KeyboardInterrupt:
        click.echo("Stopping Label Studio ..." if server is not None else "Stopped before the server was up.", err=True)
    finally:
        if server is not None:
            server.stop()
            remove_connection_file(conn_file, server.url)
        if ephemeral:
            shutil.rmtree(data_dir, ignore_errors=True)
        elif server is not None:
            click.echo(f"Stopped. The data is kept in {data_dir}; `warclaims ls serve` starts it again.", err=True)


def _import(url: str, token: str, title: str, articles: Path) -> None:
    """`serve --import`: set the project up and import the articles."""
    from ..labelstudio import ops
    from ..labelstudio.api import Api, ApiError
    from ..articles import check_article
    from .ls_cmd import _config, _read_lines

    try:
        api = Api(url, token)
        pid = ops.setup_project(api, title, _config(None).xml)["project_id"]
        done = ops.import_articles(api, pid, _read_lines(articles, check_article))
    except ApiError as e:
        from .ls_connection import scrubbed

        raise InvalidInput(scrubbed(str(e))) from None
    click.echo(f"Project {title!r} (id {pid}): {done['imported']} article(s) imported, {done['skipped_existing']} already there")
    click.echo(f"Label:     {url}/projects/{pid}/data")
