"""`warclaims ls`: a local Label Studio server, project setup, import, pull and convert.

Thin shell: the work is in warclaims.labelstudio (server, api, ops, convert, inverse).
URL and token come from options or LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY; the token is
never printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import click

from ..articles import check_article as _check_article
from ..problems import Problem
from .common import LABEL_STUDIO_URL, PORT, UNIT_SCORE, InvalidInput, emit_json, render_problems

DEFAULT_TITLE = "WarClaims"


def _server_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--project", "title", default=DEFAULT_TITLE, show_default=True, help="Project title (projects are found by title).")(f)
    f = click.option("--token", envvar="LABEL_STUDIO_API_KEY", required=True, show_envvar=True,
                     help="API token (legacy token or personal access token); never printed.")(f)
    return _url_option(f)


_url_option = click.option("--url", envvar="LABEL_STUDIO_URL", type=LABEL_STUDIO_URL, default="http://127.0.0.1:8080", show_default=True,
                           show_envvar=True, help="Label Studio base URL (http or https).")


def _api(url: str, token: str) -> Any:
    from ..labelstudio.api import Api

    return Api(url, token)


def _config(config_path: Path | None, mapping_path: Path | None, xml: str | None = None, xml_from: str = "") -> Any:
    """The project config from --config (or the checkout's, or `xml` read from `xml_from`) and
    --mapping; a bad file is named in the error."""
    from ..labelstudio.config import ConfigError, merge_mapping, parse_config
    from ..paths import labeling_config_path
    from ..readers import read_json_file, read_text_file

    mapping = read_json_file(mapping_path, dict) if mapping_path else None
    try:
        merge_mapping(mapping)
    except ConfigError as e:
        raise InvalidInput(f"{mapping_path}: {e}") from None
    if xml is None:
        xml_from = str(config_path or labeling_config_path())
        xml = read_text_file(config_path or labeling_config_path())
    try:
        return parse_config(xml, mapping)
    except ConfigError as e:
        raise InvalidInput(f"{xml_from}: {e}") from None


def _read_lines(path: Path, check: Callable[[dict[str, Any]], list[Problem]]) -> list[dict[str, Any]]:
    """All records of a JSONL/JSON file, or exit 1 after printing every located problem."""
    from ..problems import with_location
    from ..readers import iter_records

    records, problems = [], []
    for item in iter_records(path):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        problems += with_location(check(item.value), str(path), item.line)
        records.append(item.value)
    if problems:
        render_problems(problems)
        raise SystemExit(1)
    return records


def _fail_api(e: Exception) -> None:
    raise InvalidInput(str(e)) from None


@click.group("ls")
def ls() -> None:
    """Label Studio: a local server, project setup, import, pull and convert.

    URL and token come from --url/--token or LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY.

    \b
    Example:
      warclaims ls serve --import annotation/articles/pilot.jsonl
      warclaims ls setup && warclaims ls pull --out annotation/exports/
      warclaims ls convert annotation/exports/20241208T153012Z.json --out docs.jsonl
    """


@ls.command("serve")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the server's data here (default: a throw-away temp dir, deleted on exit).")
@click.option("--port", type=PORT, default=None, help="Port on 127.0.0.1 (default: a free one).")
@click.option("--import", "articles", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="After start: set the project up and import these articles (JSONL).")
@click.option("--project", "title", default=DEFAULT_TITLE, show_default=True, help="Project title used with --import.")
def serve(data_dir: Path | None, port: int | None, articles: Path | None, title: str) -> None:
    """Start Label Studio (.venv-ls) on 127.0.0.1 and print URL, user and password; Ctrl-C stops it.

    The API token is stored in DATA_DIR/warclaims-credentials.json (mode 600), never printed.

    \b
    Example:
      warclaims ls serve --import annotation/articles/pilot.jsonl
      warclaims ls serve --data-dir ~/warclaims-ls --port 8080
    """
    import shutil
    import signal
    import tempfile
    import time

    from ..labelstudio.server import CREDENTIALS_FILE, LocalServer, ServerError, load_or_create_credentials

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # Ctrl-C, kill and a closed terminal all stop the server: the launcher's process group would
    # otherwise outlive us (it runs in its own session so that Ctrl-C reaches only us).
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupt)
    throwaway = data_dir is None
    data_dir = Path(tempfile.mkdtemp(prefix="warclaims-ls-")) if data_dir is None else data_dir
    try:
        creds, _ = load_or_create_credentials(data_dir)
        click.echo(f"Starting Label Studio (data dir {data_dir}) ...", err=True)
        server = LocalServer(data_dir, creds, port).start(timeout=300)
    except (ServerError, KeyboardInterrupt) as e:
        if throwaway:
            shutil.rmtree(data_dir, ignore_errors=True)
        if isinstance(e, KeyboardInterrupt):
            click.echo("Stopped before the server was up.", err=True)
            return
        raise InvalidInput(str(e)) from None
    try:
        if articles:
            from ..labelstudio import ops

            api = _api(server.url, creds.token)
            pid = ops.setup_project(api, title, _config(None, None).xml)["project_id"]
            done = ops.import_articles(api, pid, _read_lines(articles, _check_article))
            click.echo(f"Project {title!r} (id {pid}): {done['imported']} article(s) imported, {done['skipped_existing']} already there")
            click.echo(f"Label:     {server.url}/projects/{pid}/data")
        click.echo(f"URL:       {server.url}\nUser:      {creds.username}\nPassword:  {creds.password}\n"
                   f"API token: in {data_dir / CREDENTIALS_FILE}\nCtrl-C stops the server.")
        while server.proc is not None and server.proc.poll() is None:
            time.sleep(0.5)
        raise InvalidInput(f"Label Studio exited with code {server.proc.returncode if server.proc else '?'}; see {server.log}")
    except KeyboardInterrupt:
        click.echo("Stopping Label Studio ...", err=True)
    finally:
        server.stop()
        if throwaway:
            shutil.rmtree(data_dir, ignore_errors=True)


@ls.command("setup")
@_server_options
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Labeling config (default: annotation/labeling_config.xml).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def setup(url: str, token: str, title: str, config_path: Path | None, as_json: bool) -> None:
    """Create the project from the labeling config, or update its config; safe to re-run.

    \b
    Example:
      LABEL_STUDIO_URL=http://127.0.0.1:8080 LABEL_STUDIO_API_KEY=... warclaims ls setup
    """
    from ..labelstudio import ops
    from ..labelstudio.api import ApiError

    config = _config(config_path, None)
    try:
        out = ops.setup_project(_api(url, token), title, config.xml)
    except ApiError as e:
        _fail_api(e)
    out["guidelines_version"] = config.guidelines_version
    documented = _guidelines_md_version()
    if documented and documented != config.guidelines_version:
        click.echo(f"warning: the config says guidelines {config.guidelines_version}, annotation/GUIDELINES.md says {documented}", err=True)
    if as_json:
        emit_json({"project": title, **out})
    else:
        click.echo(f"Project {title!r} (id {out['project_id']}): {out['action']} (guidelines {config.guidelines_version})")


def _guidelines_md_version() -> str | None:
    """The `Version: X` line of annotation/GUIDELINES.md in a checkout, or None."""
    import re

    from ..paths import repo_root

    root = repo_root()
    path = root / "annotation" / "GUIDELINES.md" if root else None
    if path is None or not path.is_file():
        return None
    m = re.search(r"^Version:\s*(\S+)", path.read_text(encoding="utf-8"), re.M)
    return m.group(1) if m else None


@ls.command("import")
@_server_options
@click.argument("articles_file", metavar="ARTICLES.jsonl", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--predictions", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Submission JSONL: imported as predictions (pre-annotations).")
@click.option("--model-version", default=None, help="model_version of the predictions (default: the file's stem).")
@click.option("--score", type=UNIT_SCORE, default=None, help="Score (confidence in [0, 1]) stored with every prediction.")
@click.option("--annotations", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Document JSONL: imported as annotations by meta.annotation.annotators[0] (user created if missing).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def import_(url: str, token: str, title: str, articles_file: Path, predictions: Path | None, model_version: str | None,
            score: float | None, annotations: Path | None, as_json: bool) -> None:
    """Import articles as tasks (doc ids already present are skipped), then optional predictions/annotations.

    Article line: {"id", "text", "meta": {provenance as in the Document schema, without annotation}}.
    Every input line is validated first; nothing is sent if any line is invalid.

    \b
    Example:
      warclaims ls import annotation/articles/pilot.jsonl
      warclaims ls import articles.jsonl --predictions baseline.jsonl --model-version crf-0.1
      warclaims ls import articles.jsonl --annotations dataset/pilot-first.jsonl
    """
    from ..labelstudio import ops
    from ..labelstudio.api import ApiError
    from ..validate import check_document, check_submission

    arts = _read_lines(articles_file, _check_article)
    texts = {a["id"]: a["text"] for a in arts}
    subs = _read_lines(predictions, lambda v: check_submission(v, texts.get(v.get("id")))) if predictions else []
    docs = _read_lines(annotations, check_document) if annotations else []
    config = _config(None, None)
    out: dict[str, Any] = {}
    try:
        api = _api(url, token)
        pid = ops.project_id(api, title)
        out["articles"] = ops.import_articles(api, pid, arts)
        if predictions:
            out["predictions"] = ops.import_predictions(api, pid, subs, config, model_version or predictions.stem, score)
        if annotations:
            out["annotations"] = ops.import_annotations(api, pid, docs, config)
    except ApiError as e:
        _fail_api(e)
    if as_json:
        emit_json({"project_id": pid, **out})
    else:
        for kind, counts in out.items():
            click.echo(f"{kind}: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()))
    if any(c.get("unknown_doc_id") for c in out.values()):
        click.echo("some records name a doc id that is not a task of the project (counted as unknown doc id)", err=True)
        raise SystemExit(1)


def _ls_venv_version() -> str:
    from ..labelstudio.server import ServerError, label_studio_executable

    try:
        site = label_studio_executable().resolve().parent.parent / "lib"
    except ServerError:
        return "unknown"
    found = sorted(site.glob("python*/site-packages/label_studio-*.dist-info"))
    return found[0].name.removeprefix("label_studio-").removesuffix(".dist-info") if found else "unknown"


@ls.command("pull")
@click.option("--url", envvar="LABEL_STUDIO_URL", default="http://127.0.0.1:8080", show_default=True, show_envvar=True,
              help="Label Studio base URL (http or https; not used with --from-file).")
@click.option("--token", envvar="LABEL_STUDIO_API_KEY", default=None, show_envvar=True, help="API token; never printed.")
@click.option("--project", "title", default=DEFAULT_TITLE, show_default=True, help="Project title.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("annotation/exports"), show_default=True,
              help="Directory for <UTC timestamp>.json and MANIFEST.json.")
@click.option("--from-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Store a file written by `label-studio export ... JSON` instead (no server needed).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="With --from-file: the project's labeling config (default: annotation/labeling_config.xml).")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest entry as JSON.")
def pull(url: str, token: str | None, title: str, out_dir: Path, from_file: Path | None, config_path: Path | None, as_json: bool) -> None:
    """Snapshot-export the project (full JSON) and save it byte for byte, never overwriting.

    The file is written via a temp file + rename; its sha256, project id, guidelines version and
    Label Studio version go into OUT/MANIFEST.json. An interrupted pull leaves no file.

    \b
    Example:
      warclaims ls pull --out annotation/exports/
      label-studio export 1 JSON --export-path /tmp/x && warclaims ls pull --from-file /tmp/x/*.json
    """
    from ..labelstudio import ops
    from ..labelstudio.api import ApiError

    try:
        if from_file:
            xml = _config(config_path, None).xml
            entry = ops.pull_from_file(from_file, out_dir, label_config=xml, label_studio_version=_ls_venv_version())
        else:
            if not token:
                raise click.UsageError("--token or LABEL_STUDIO_API_KEY is required without --from-file")
            api = _api(LABEL_STUDIO_URL.check(url), token)
            entry = ops.pull(api, ops.project_id(api, title), out_dir)
    except ApiError as e:
        _fail_api(e)
    shown = {k: v for k, v in entry.items() if k != "label_config"}
    if as_json:
        emit_json(shown)
    else:
        click.echo(f"Saved {out_dir / entry['file']} ({entry['bytes']} bytes, sha256 {entry['sha256'][:16]}…, "
                   f"guidelines {entry['guidelines_version']}, label-studio {entry['label_studio_version']})")


@ls.command("convert")
@click.argument("export", metavar="EXPORT.json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Labeling config (default: the one recorded in MANIFEST.json, else annotation/labeling_config.xml).")
@click.option("--mapping", "mapping_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="JSON mapping for renamed controls/labels (see docs/LABEL_STUDIO.md).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write Document JSONL here (default: stdout).")
@click.option("--predictions-out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write predictions as JSONL ({task_id, model_version, score, submission}).")
@click.option("--guidelines-version", default=None, help="Override the guidelines version (default: manifest, else config comment).")
@click.option("--tool-version", default=None, help="Override the tool version (default: from the manifest).")
@click.option("--json", "as_json", is_flag=True, help="Print counts, problems and repairs as JSON (needs --out).")
def convert(export: Path, config_path: Path | None, mapping_path: Path | None, out: Path | None, predictions_out: Path | None,
            guidelines_version: str | None, tool_version: str | None, as_json: bool) -> None:
    """Convert a full-JSON export into Document records (one per annotation) with a count table.

    Cancelled annotations and drafts are excluded and counted; predictions are kept apart;
    every problem is printed as FILE:0: $[task].annotations[i].result[k]: task ID: message.
    Exit 1 if any problem was found (records without problems are still written).

    \b
    Example:
      warclaims ls convert annotation/exports/20241208T153012Z.json --out docs.jsonl
      warclaims ls convert export.json --mapping renamed.json --out docs.jsonl --json
    """
    import dataclasses
    import json

    from ..labelstudio.convert import convert_export_file, read_manifest_entry
    from ..safe_write import check_target, write_text

    if as_json and out is None:
        raise click.UsageError("--json prints the summary on stdout: give --out for the records")
    for target in (out, predictions_out):
        if target is not None:
            check_target(target)  # both refused before either is written
    entry = read_manifest_entry(export) or {}
    xml = None if config_path else entry.get("label_config")
    config = _config(config_path, mapping_path, xml, f"{export.parent / 'MANIFEST.json'}: label_config of {export.name}") \
        if (config_path or mapping_path or xml) else None
    conv = convert_export_file(export, config=config, guidelines_version=guidelines_version, tool_version=tool_version)
    lines = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in conv.documents)
    if out is None:
        click.echo(lines, nl=False)
    else:
        write_text(out, lines)
    if predictions_out:
        write_text(predictions_out, "".join(json.dumps(dataclasses.asdict(p), ensure_ascii=False) + "\n" for p in conv.predictions))
    summary = conv.summary()
    if as_json:
        emit_json({"counts": summary, "problems": [p.as_dict() for p in conv.problems], "repairs": [r.as_dict() for r in conv.repairs]})
    else:
        for r in conv.repairs:
            click.echo(f"repaired: {r.render()}", err=True)
        render_problems(conv.problems)
        width = max(map(len, summary))
        click.echo("\n".join(f"{k.ljust(width)}  {v:>8}" for k, v in summary.items()), err=True)
    if conv.problems:
        raise SystemExit(1)
