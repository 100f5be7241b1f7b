"""`warclaims ls pull` (registered on the `ls` group by ls_cmd): a thin shell over
warclaims.labelstudio.pull. The token is never printed; every failure keeps nothing and exits 1."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import click

from ..labelstudio.deadline import DEFAULT_SECONDS
from ..labelstudio.passes import PASSES
from .common import TIMEOUT, emit_json
from .ls_connection import api_for, connect, connection_options, fail

DEFAULT_OUT = Path("annotation/pulls")
"""A scratch folder (git-ignored): annotation/exports/ holds the exports the release is built from,
and a pull there changes the inputs of `warclaims demo` and `dataset build`."""

timeout_option = click.option("--timeout", type=TIMEOUT, default=DEFAULT_SECONDS, show_default=True,
                              help="Overall deadline in seconds for all network work of the command (not per read).")


def network_errors() -> tuple[type[Exception], ...]:
    """The errors of talking to Label Studio that are the user's to fix (server, URL, token, deadline)."""
    from ..labelstudio.api import ApiError
    from ..labelstudio.deadline import DeadlineExceeded

    return ApiError, DeadlineExceeded


def _ls_venv_version() -> str:
    from ..labelstudio.server import ServerError, label_studio_executable

    try:
        site = label_studio_executable().resolve().parent.parent / "lib"
    except ServerError:
        return "unknown"
    found = sorted(site.glob("python*/site-packages/label_studio-*.dist-info"))
    return found[0].name.removeprefix("label_studio-").removesuffix(".dist-info") if found else "unknown"


def register(ls: click.Group, config: Callable[..., Any], default_title: str) -> None:
    """Add `pull` to the `ls` group (`config` reads a labeling config as ls_cmd does)."""

    @ls.command("pull")
    @connection_options
    @click.option("--project", "title", default=default_title, show_default=True,
                  help="Base project title: that project and every pass project of it are pulled.")
    @click.option("--pass", "passes", type=click.Choice(PASSES), multiple=True,
                  help="Pull only the project of this pass (repeatable); with --from-file: the pass to record.")
    @click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT, show_default=True,
                  help="Directory for <UTC stamp>[-<pass>].json and MANIFEST.json (git-ignored scratch by default).")
    @timeout_option
    @click.option("--from-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
                  help="Store a file written by `label-studio export ... JSON` instead (no server needed).")
    @click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
                  help="With --from-file: the project's labeling config (default: annotation/labeling_config.xml).")
    @click.option("--json", "as_json", is_flag=True, help="Print {\"exports\": [manifest entries]} as JSON.")
    def pull(url: str | None, token: str | None, title: str, passes: tuple[str, ...], out_dir: Path, timeout: float,
             from_file: Path | None, config_path: Path | None, as_json: bool) -> None:
        """Snapshot-export the project and its pass projects (full JSON), check, and save byte for byte.

        Every download is checked before it is kept: HTTP 200, a JSON content type, every byte
        the server announced, and a body that parses (strictly) as a JSON list of tasks. Only
        when all pass are the files moved to their final names (never overwriting) and recorded
        in OUT/MANIFEST.json with sha256, project id, title, pass, guidelines and Label Studio
        versions. Otherwise nothing is kept and the exit code is 1. --timeout bounds the whole
        network work. Default OUT is annotation/pulls/ (git-ignored); annotation/exports/ is what
        the shipped release is built from: copy an export there deliberately.

        \b
        Example:
          warclaims ls pull
          warclaims ls pull --project WarClaims --pass second --out annotation/pulls/ --timeout 120
          warclaims ls pull --from-file annotation/exports/20261206T032428304788Z.json --out annotation/pulls/
        """
        from ..labelstudio import pull as P

        conn = None
        try:
            if from_file:
                if len(passes) > 1:
                    raise click.UsageError("--from-file stores one export: give at most one --pass")
                xml = config(config_path).xml
                entries = [P.pull_from_file(from_file, out_dir, label_config=xml, label_studio_version=_ls_venv_version(),
                                            pass_=passes[0] if passes else None)]
            else:
                conn = connect(url, token)
                entries = P.pull(api_for(conn, timeout), title, out_dir, passes or None)
        except (P.PullError, *network_errors()) as e:
            fail(e, conn, "pull failed, nothing kept: ")
        shown = [{k: v for k, v in e.items() if k != "label_config"} for e in entries]
        if as_json:
            emit_json({"exports": shown})
            return
        for e in shown:
            project = "from file" if e["project_id"] is None else f"project {e['project_title']!r} (id {e['project_id']})"
            click.echo(f"Saved {out_dir / e['file']}: {project}, pass {e['pass'] or 'not set'}, {e['tasks']} task(s), "
                       f"{e['bytes']} bytes, sha256 {e['sha256'][:16]}…, guidelines {e['guidelines_version']}, "
                       f"label-studio {e['label_studio_version']}")
