"""`warclaims ls`: a local Label Studio server, project setup, import, pull and convert.

Thin shell: the work is in warclaims.labelstudio (server, api, ops, convert, inverse).
URL and token come from options, LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY, or the connection file
of `ls serve` (cli/ls_connection.py); the token is never printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import click

from ..articles import check_article
from ..labelstudio.passes import PASSES, project_description, project_title
from ..problems import Problem
from .common import LABEL_STUDIO_URL, UNIT_SCORE, InvalidInput, emit_json, render_problems
from .ls_connection import api_for, connect, connection_options, fail
from .ls_pull_cmd import network_errors, register, timeout_option

DEFAULT_TITLE = "WarClaims"


def _server_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--pass", "pass_", type=click.Choice(PASSES), default=None,
                     help="The pass's own project: 'TITLE (PASS pass)', its pass in the description (warclaims.labelstudio.passes).")(f)
    f = click.option("--project", "title", default=DEFAULT_TITLE, show_default=True, help="Project title (projects are found by title).")(f)
    return connection_options(f)


def _config(config_path: Path | None) -> Any:
    """The project config from --config (default: the checkout's annotation/labeling_config.xml);
    a bad file is named in the error. (`ls convert` reads config, mapping and meta through ls_adopt.)"""
    from ..labelstudio.config import ConfigError, parse_config
    from ..paths import labeling_config_path
    from ..readers import read_text_file

    path = config_path or labeling_config_path()
    try:
        return parse_config(read_text_file(path))
    except ConfigError as e:
        raise InvalidInput(f"{path}: {e}") from None


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


@click.group("ls")
def ls() -> None:
    """Label Studio: a local server, project setup, import, pull and convert.

    URL and token come from --url/--token, else LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY, else the
    connection file .label-studio/connection.json written by `warclaims ls serve`.

    \b
    Example:
      warclaims ls serve --import annotation/articles/pilot.jsonl
      warclaims ls setup && warclaims ls pull --out annotation/pulls/
      warclaims ls convert annotation/exports/20261206T032428304788Z.json --out .scratch/docs.jsonl
    """


@ls.command("setup")
@_server_options
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Labeling config (default: annotation/labeling_config.xml).")
@timeout_option
@click.option("--backend", "backend_url", type=LABEL_STUDIO_URL, default=None,
              help="Also connect the ML backend at this URL (live suggestions; see `warclaims ls backend`).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def setup(url: str | None, token: str | None, title: str, pass_: str | None, config_path: Path | None, timeout: float,
          backend_url: str | None, as_json: bool) -> None:
    """Create the project from the labeling config, or update its config; safe to re-run.

    With --pass, the project of that pass: 'TITLE (first pass)' etc., so that each pass is
    annotated in a project of its own (a second pass never sees the first pass's annotations).

    \b
    Example:
      warclaims ls setup
      warclaims ls setup --pass first && warclaims ls setup --pass second
      warclaims ls setup --backend http://127.0.0.1:9090
    """
    from ..labelstudio import ops
    from ..labelstudio.deadline import enforce

    config = _config(config_path)
    conn = connect(url, token)
    title = project_title(title, pass_)
    try:
        api = api_for(conn, timeout)
        with enforce(api.deadline):
            out = ops.setup_project(api, title, config.xml, description=project_description(pass_) if pass_ else None)
            if backend_url:
                out["backend"] = ops.connect_backend(api, out["project_id"], backend_url)
    except network_errors() as e:
        fail(e, conn)
    out["guidelines_version"] = config.guidelines_version
    documented = _guidelines_md_version()
    if documented and documented != config.guidelines_version:
        click.echo(f"warning: the config says guidelines {config.guidelines_version}, annotation/GUIDELINES.md says {documented}", err=True)
    if as_json:
        emit_json({"project": title, **out})
    else:
        click.echo(f"Project {title!r} (id {out['project_id']}): {out['action']} (guidelines {config.guidelines_version})")
        if backend_url:
            b = out["backend"]
            click.echo(f"ML backend {backend_url}: {b['action']} (model_version {b['model_version']}); "
                       f"the project's predictions come from it (was: {b['project_model_version']['was'] or 'none'})")


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
@timeout_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def import_(url: str | None, token: str | None, title: str, pass_: str | None, articles_file: Path, predictions: Path | None,
            model_version: str | None, score: float | None, annotations: Path | None, timeout: float, as_json: bool) -> None:
    """Import articles as tasks (doc ids already present are skipped), then optional predictions/annotations.

    Article line: {"id", "text", "meta": {provenance as in the Document schema, without annotation}}.
    Every input line is validated first; nothing is sent if any line is invalid.

    \b
    Example:
      warclaims ls import annotation/articles/pilot.jsonl
      warclaims ls import annotation/articles/release-0.2.0.jsonl \\
          --predictions baselines/runs/entities-crf/0.2.2/submission.jsonl --model-version entities-crf@0.2.2
      warclaims ls import annotation/articles/pilot.jsonl --annotations tests/data/seed-example.json
      warclaims ls import annotation/articles/pilot.jsonl --pass second
    """
    from ..labelstudio import ops
    from ..labelstudio.deadline import enforce
    from ..validate import check_document, check_submission

    conn = connect(url, token)  # a bad --url or a missing token first: nothing else runs
    arts = _read_lines(articles_file, check_article)
    texts = {a["id"]: a["text"] for a in arts}
    subs = _read_lines(predictions, lambda v: check_submission(v, texts.get(v.get("id")))) if predictions else []
    docs = _read_lines(annotations, check_document) if annotations else []
    config = _config(None)
    out: dict[str, Any] = {}
    try:
        api = api_for(conn, timeout)
        with enforce(api.deadline):
            pid = ops.project_id(api, project_title(title, pass_))
            out["articles"] = ops.import_articles(api, pid, arts)
            if predictions:
                out["predictions"] = ops.import_predictions(api, pid, subs, config, model_version or predictions.stem, score)
            if annotations:
                out["annotations"] = ops.import_annotations(api, pid, docs, config)
    except network_errors() as e:
        fail(e, conn)
    if as_json:
        emit_json({"project_id": pid, **out})
    else:
        for kind, counts in out.items():
            click.echo(f"{kind}: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()))
    if any(c.get("unknown_doc_id") for c in out.values()):
        click.echo("some records name a doc id that is not a task of the project (counted as unknown doc id)", err=True)
        raise SystemExit(1)


@ls.command("convert")
@click.argument("export", metavar="EXPORT.json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Labeling config (default: the one recorded in MANIFEST.json, else annotation/labeling_config.xml).")
@click.option("--mapping", "mapping_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="JSON mapping for renamed or ignored labels, relation links, defaults, task-data names (docs/LABEL_STUDIO.md).")
@click.option("--meta", "meta_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="JSON provenance (source, licence, language, corpus, synthetic) for tasks whose data has no meta.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write Document JSONL here (default: stdout).")
@click.option("--predictions-out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write predictions as JSONL ({task_id, model_version, score, submission}).")
@click.option("--guidelines-version", default=None, help="Override the guidelines version (default: manifest, else config comment).")
@click.option("--tool-version", default=None, help="Override the tool version (default: from the manifest).")
@click.option("--pass", "forced_pass", type=click.Choice(PASSES), default=None,
              help="Record this pass for every annotation (default: task data, else the project's pass from MANIFEST.json, else by rank).")
@click.option("--json", "as_json", is_flag=True, help="Print counts, problems and repairs as JSON (needs --out).")
@click.option("--strict", is_flag=True, help="Span-hygiene warnings are errors: their records are left out, exit 1.")
def convert(export: Path, config_path: Path | None, mapping_path: Path | None, meta_path: Path | None, out: Path | None,
            predictions_out: Path | None, guidelines_version: str | None, tool_version: str | None, forced_pass: str | None,
            as_json: bool, strict: bool) -> None:
    """Convert a full-JSON export into Document records (one per annotation) with a count table.

    Cancelled annotations and drafts are excluded and counted; predictions are kept apart;
    every problem is printed as FILE:0: $[task].annotations[i].result[k]: task ID: message.
    Exit 1 if any problem was found (records without problems are still written).
    Sloppy spans (warclaims.hygiene: edge whitespace or punctuation, mid-word cuts, duplicates,
    overlaps in one layer) are printed as warnings and counted; --strict makes them errors.

    \b
    Example:
      warclaims ls convert annotation/exports/20261206T032428304788Z.json --out .scratch/docs.jsonl
      warclaims ls convert tests/labelstudio/data/small_export.json --out .scratch/small.jsonl --json
      warclaims ls convert tests/labelstudio/data/adopt_ner/export.json --config tests/labelstudio/data/adopt_ner/config.xml \\
        --mapping tests/labelstudio/data/adopt_ner/mapping.json --meta tests/labelstudio/data/adopt_ner/meta.json --out .scratch/ner.jsonl
    """
    import dataclasses
    import json

    from ..labelstudio.convert import Conversion, convert_export_file
    from ..safe_write import check_target, write_text
    from .ls_adopt import load_convert_inputs

    if as_json and out is None:
        raise click.UsageError("--json prints the summary on stdout: give --out for the records")
    for target in (out, predictions_out):
        if target is not None:
            check_target(target)  # both refused before either is written
    inputs = load_convert_inputs(export, config_path, mapping_path, meta_path)
    if inputs.problems:
        if as_json:
            emit_json({"counts": Conversion().summary(), "problems": [p.as_dict() for p in inputs.problems], "repairs": [], "ignored": {}})
        else:
            render_problems(inputs.problems)
        raise SystemExit(1)
    config = inputs.config
    conv = convert_export_file(export, config=config, guidelines_version=guidelines_version, tool_version=tool_version,
                               forced_pass=forced_pass)
    if strict:
        conv.documents = [d for i, d in enumerate(conv.documents) if i not in conv.warned]
        conv.problems += conv.warnings
        conv.counts["errors"], conv.counts["documents"] = len(conv.problems), len(conv.documents)
        conv.counts["annotations_with_errors"] += len(conv.warned)
    lines = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in conv.documents)
    if out is None:
        click.echo(lines, nl=False)
    else:
        write_text(out, lines)
    if predictions_out:
        write_text(predictions_out, "".join(json.dumps(dataclasses.asdict(p), ensure_ascii=False) + "\n" for p in conv.predictions))
    summary = conv.summary()
    if as_json:
        emit_json({"counts": summary, "problems": [p.as_dict() for p in conv.problems], "repairs": [r.as_dict() for r in conv.repairs],
                   "ignored": dict(conv.ignored), "warnings": [] if strict else [w.as_dict() for w in conv.warnings]})
    else:
        for r in conv.repairs:
            click.echo(f"repaired: {r.render()}", err=True)
        for w in [] if strict else conv.warnings:
            click.echo(f"warning: {w.render()}", err=True)
        render_problems(conv.problems)
        width = max(map(len, summary))
        click.echo("\n".join(f"{k.ljust(width)}  {v:>8}" for k, v in summary.items()), err=True)
        for what, n in sorted(conv.ignored.items()):
            click.echo(f"ignored (mapping): {what}: {n}", err=True)
    if conv.problems:
        raise SystemExit(1)


def _register() -> None:
    """Commands kept in modules of their own (serve, users, lint, backend), added to the group."""
    from .ls_serve import serve
    from .ls_users import users
    from .lint_cmd import lint
    from .ls_backend_cmd import backend

    ls.add_command(serve)
    ls.add_command(users)
    ls.add_command(lint)
    ls.add_command(backend)


_register()
register(ls, _config, DEFAULT_TITLE)
