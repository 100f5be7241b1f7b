"""`warclaims dataset`: build, verify and describe versioned Hugging Face dataset releases."""

from __future__ import annotations

from pathlib import Path

import click

from .common import InvalidInput, emit_json, render_problems, stderr_is_tty


def _default_dir() -> Path:
    from ..paths import repo_root

    root = repo_root()
    return (root / "dataset") if root else Path("dataset")


@click.group("dataset")
def dataset() -> None:
    """Build, verify and describe versioned dataset releases (Hugging Face layout).

    \b
    Example:
      warclaims dataset build --exports annotation/exports/ --version 9.9.9 --out .scratch/ds
      warclaims dataset verify dataset/
      warclaims dataset stats dataset/ --no-write
    """


def _read_notes(path: Path | None) -> str:
    """The release notes file's text (UTF-8), or "" without one."""
    from ..readers import read_text_file

    return "" if path is None else read_text_file(path)


@dataset.command("build")
@click.option("--exports", "exports_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Directory of raw Label Studio export snapshots (*.json; MANIFEST.json is skipped).")
@click.option("--documents", "documents", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Converted Document records (JSONL, one per annotation). Repeatable.")
@click.option("--version", "version", required=True, help="Release version X.Y.Z (releases are immutable).")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Release directory [default: dataset/ of the checkout].")
@click.option("--reviewer", "reviewers", multiple=True, help="Reviewer e-mail whose newest annotation wins (repeatable).")
@click.option("--strict", is_flag=True, help="Fail when adjudication leaves ties or conflicts for review.")
@click.option("--group-by", type=click.Choice(["id", "outlet", "story"]), default="id", show_default=True,
              help="Split group key: near-duplicates sharing it never straddle splits.")
@click.option("--ratios", default="train=0.6,validation=0.2,test=0.2", show_default=True, help="Split ratios.")
@click.option("--notes", "notes_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Markdown paragraph(s) the maintainers state about this release (who annotated, what changed); "
                   "placed first in its CHANGELOG entry, before the computed facts.")
@click.option("--split-seed", default="warclaims-split-v1", show_default=True,
              help="Prefix hashed with each group key (release 0.2.0: warclaims-split-v2).")
@click.option("--pin", "pin_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="JSON object {group key: split} pinning groups to a previous release's split "
                   "(annotation/articles/splits-0.2.0.json).")
@click.option("--license", "license_id", default="other", show_default=True, help="Licence id for the card and Croissant.")
@click.option("--allow-synthetic", is_flag=True, help="Accept synthetic documents (tests and benchmarks only).")
@click.option("--card", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the built card (the release's README.md, whole) to this file (e.g. CARD.md).")
@click.option("--date", "release_date", default="", metavar="YYYY-MM-DD",
              help="Release date for croissant.json and the card's citation [default: today, UTC].")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def build_cmd(exports_dir: Path | None, documents: tuple[Path, ...], version: str, out: Path | None,
              reviewers: tuple[str, ...], strict: bool, group_by: str, ratios: str, notes_path: Path | None, split_seed: str, pin_path: Path | None, license_id: str,
              allow_synthetic: bool, card: Path | None, release_date: str, as_json: bool) -> None:
    """Build release VERSION from annotations: agreement, adjudication, splits, Parquet, card.

    Any converter or validation problem fails the build (exit 1) and leaves the previous release
    untouched; rebuilding an existing version with the same inputs is a no-op, with different
    content an error.

    \b
    Example:
      python scripts/release.py 0.2.2                  # the shipped release, rebuilt (same bytes)
      warclaims dataset build --exports annotation/exports/ --version 9.9.9 --out .scratch/ds --date 2026-12-06
    """
    import datetime

    from ..dataset import build, split

    if release_date:
        try:
            datetime.date.fromisoformat(release_date)
        except ValueError:
            raise click.BadParameter(f"{release_date!r}: expected YYYY-MM-DD", param_hint="--date") from None
    if exports_dir is None and not documents:
        raise click.UsageError("give --exports DIR and/or --documents FILE")
    try:
        parsed = split.parse_ratios(ratios)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--ratios") from None
    exports = build.export_files(exports_dir) if exports_dir else []
    if exports_dir is not None and not exports:
        raise InvalidInput(f"{exports_dir}: no export files (*.json)")
    pinned: tuple[tuple[str, str], ...] = ()
    if pin_path is not None:
        from ..readers import read_json_file

        pins = read_json_file(pin_path, dict)
        names = {n for n, _ in parsed}
        if not isinstance(pins, dict) or not all(isinstance(k, str) and v in names for k, v in pins.items()):
            raise InvalidInput(f"{pin_path}: $: must be an object mapping group keys to one of the splits {sorted(names)}")
        pinned = tuple(sorted(pins.items()))
    options = build.Options(version=version, reviewers=reviewers, strict=strict, group_by=group_by, ratios=parsed, seed=split_seed, pinned=pinned,
                            notes=_read_notes(notes_path),
                            license=license_id, allow_synthetic=allow_synthetic, progress=stderr_is_tty(), date=release_date)
    target = out or _default_dir()
    from ..dataset import target as release_target

    try:
        release_target.check_named(target)  # an --out that cannot work is a usage error (exit 2)
    except release_target.TargetError as e:
        raise click.UsageError(f"--out {e}") from None
    if card is not None:
        from ..safe_write import check_target

        check_target(card)  # a card into a missing folder is refused before anything is built
    try:
        result = build.build(target, options, exports=exports, documents=list(documents))
    except build.BuildError as e:
        if as_json:
            emit_json({"status": "failed", "message": str(e), "problems": [p.as_dict() for p in e.problems]})
        else:
            render_problems(e.problems, limit=50)
            click.echo(f"FAILED: {e}", err=True)
        raise SystemExit(1) from None
    for line in result.recovered:
        click.echo(line, err=True)
    counts = result.release["counts"]
    if card is not None:
        from ..safe_write import write_bytes

        write_bytes(card, (target / "README.md").read_bytes())
    if as_json:
        emit_json({"status": result.status, "target": str(result.target), "version": result.version,
                   "documents": {s: c["documents"] for s, c in counts["splits"].items()},
                   "ties": len(result.ties), "skipped": result.skipped, "agreement": result.agreement["measures"],
                   "stance": result.agreement["stance"]})
        return
    if result.status == "unchanged":
        click.echo(f"release {version} already in {target} with identical content; nothing to do (data files untouched, card kept current)")
        return
    per = ", ".join(f"{s} {c['documents']}" for s, c in counts["splits"].items())
    click.echo(f"built release {version} in {target}: {per} documents; "
               f"{len(result.ties)} item(s) left for review (agreement/adjudication.json)")
    for reason, n in result.skipped.items():
        click.echo(f"skipped {n}: {reason}")


@dataset.command("verify")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
def verify_cmd(directory: Path | None, as_json: bool) -> None:
    """Re-check a release: RELEASE.json schema, file checksums, sizes, row counts, records and splits.

    \b
    Example:
      warclaims dataset verify dataset/
    """
    from ..dataset import build

    directory = directory or _default_dir()
    problems = build.verify(directory)
    if as_json:
        emit_json({"directory": str(directory), "ok": not problems, "problems": problems})
    else:
        for p in problems:
            click.echo(p, err=True)
        click.echo(f"{'OK' if not problems else 'INVALID'}: {directory} ({len(problems)} problem(s))", err=bool(problems))
    if problems:
        raise SystemExit(1)


@dataset.command("stats")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--card", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Card whose STATS section to rewrite [default: DIRECTORY/README.md].")
@click.option("--no-write", is_flag=True, help="Only print; do not touch the card.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats_cmd(directory: Path | None, card: Path | None, no_write: bool, as_json: bool) -> None:
    """Print per-split, per-label counts and rewrite the card's section between
    <!-- STATS:BEGIN --> and <!-- STATS:END --> (everything else stays byte-identical).

    \b
    Example:
      warclaims dataset stats dataset/ --no-write
      warclaims dataset stats dataset/ --card CARD.md --json
    """
    from ..dataset import build, stats

    directory = directory or _default_dir()
    if not (directory / "data" / "documents").is_dir():
        raise InvalidInput(f"{directory}: not a release (no data/documents/)")
    per_split = build.release_stats(directory)
    changed = False
    card = card or directory / "README.md"
    if not no_write:
        try:
            changed = build.write_card_section(card, stats.write_stats_section, per_split)
        except ValueError as e:
            raise InvalidInput(f"{card}: {e}") from None
    if as_json:
        emit_json({"splits": per_split, "card": None if no_write else str(card), "card_changed": changed})
        return
    click.echo(stats.table(per_split))
    if not no_write:
        click.echo(f"{card}: statistics section {'updated' if changed else 'unchanged'}", err=True)
