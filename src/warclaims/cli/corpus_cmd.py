"""`warclaims corpus`: select pilot articles and turn annotation drafts into Documents."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..safe_write import open_atomic
from .common import ARTICLES, SEED, InvalidInput, emit_json, render_problems


@click.group("corpus")
def corpus() -> None:
    """Articles for annotation: seeded selection and text-anchored annotation drafts.

    \b
    Example:
      warclaims corpus select --fakes ../shared/corpus/fakes.jsonl \\
          --seed-article ../shared/seed/homs-2024-article.txt --out annotation/articles/pilot.jsonl
      warclaims corpus anchor annotation/drafts/0.2.0/first/*.json --articles annotation/articles/release-0.2.0.jsonl
    """


@corpus.command("select")
@click.option("--fakes", "fakes_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="FA-KES corpus as JSONL (shared/corpus/fakes.jsonl).")
@click.option("--seed-article", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The user's seed article (plain text); always included.")
@click.option("--n", type=ARTICLES, default=60, show_default=True, help="Number of FA-KES articles.")
@click.option("--per-outlet", type=ARTICLES, default=3, show_default=True, help="Articles guaranteed from every outlet.")
@click.option("--seed", type=SEED, default=20261126, show_default=True, help="Random seed of the selection.")
@click.option("--keep", "keep_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Articles JSONL of an earlier release: its articles stay in and the selection grows "
                   "(warclaims.corpus.grow); texts are then cut of page furniture and stories assigned.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Articles JSONL to write.")
@click.option("--json", "as_json", is_flag=True, help="Print the selection summary as JSON.")
def select_cmd(fakes_path: Path, seed_article: Path | None, n: int, per_outlet: int, seed: int, keep_path: Path | None,
               out: Path, as_json: bool) -> None:
    """Select articles to annotate (seeded, documented; see warclaims.corpus.select and .grow).

    Without --keep: the 0.1.0 pilot rule (texts as distributed). With --keep: release 0.2.0's
    rule: the kept articles plus a seeded top-up per outlet, FA-KES's repeated ids and near-exact
    copies left out (counted in the summary), furniture cut and recorded in meta.extra.furniture,
    meta.story filled by the near-duplicate rule (warclaims.stories).

    \b
    Example:
      warclaims corpus select --fakes ../shared/corpus/fakes.jsonl --out annotation/articles/pilot.jsonl
      warclaims corpus select --fakes ../shared/corpus/fakes.jsonl \\
          --seed-article ../shared/seed/homs-2024-article.txt --keep annotation/articles/pilot.jsonl \\
          --n 299 --per-outlet 15 --seed 20261205 --out annotation/articles/release-0.2.0.jsonl
    """
    from .. import corpus as c
    from ..readers import iter_jsonl
    from ..problems import Problem

    from ..articles import check_fakes_row
    from ..problems import with_location

    rows, problems = [], []
    for item in iter_jsonl(fakes_path):
        found = [item] if isinstance(item, Problem) else with_location(check_fakes_row(item.value), str(fakes_path), item.line)
        (problems.extend(found) if found else rows.append(item))
    if problems:
        render_problems(problems)
        raise SystemExit(1)
    extra: dict = {}
    if keep_path is None:
        rule = c.SelectionRule(n=n, per_outlet=per_outlet, seed=seed)
        selected = c.select([c.fakes_article(r.value) for r in rows], rule)
    else:
        from .. import release_articles

        kept_ids = []
        from ..articles import check_article_text

        for item in iter_jsonl(keep_path):
            found = [item] if isinstance(item, Problem) else with_location(check_article_text(item.value), str(keep_path), item.line)
            (problems.extend(found) if found else kept_ids.append(item.value["id"]))
        if problems:
            render_problems(problems)
            raise SystemExit(1)
        rule = c.GrowthRule(n=n, per_outlet=per_outlet, seed=seed)
        selected, extra = release_articles.build([r.value for r in rows], [i for i in kept_ids if i != c.SEED_ID], rule)
    if seed_article:
        from ..readers import read_text_file

        selected.insert(0, c.seed_article(read_text_file(seed_article)))
    with open_atomic(out, text=True, make_parent=True) as f:
        for a in selected:
            f.write(json.dumps(a, ensure_ascii=False, sort_keys=True) + "\n")
    summary = {"rule": rule.__dict__, **c.selection_summary(selected), **extra, "out": str(out)}
    if as_json:
        emit_json(summary)
    else:
        click.echo(f"{summary['articles']} articles ({summary['chars']:,} characters) -> {out}")
        click.echo("by outlet: " + ", ".join(f"{k} {v}" for k, v in summary["by_outlet"].items()))
        click.echo("by FA-KES label (1 credible, 0 fake): " + ", ".join(f"{k}: {v}" for k, v in summary["by_label"].items()))
        for key, value in extra.items():
            click.echo(f"{key.replace('_', ' ')}: {value}")


@corpus.command("anchor")
@click.argument("drafts", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--articles", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Articles JSONL the drafts refer to (by id).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the resolved Document records (JSONL) here; nothing is written if any draft has a problem.")
@click.option("--review", is_flag=True, help="Print every resolved span with its context for checking.")
@click.option("--json", "as_json", is_flag=True, help="Print problems and counts as JSON.")
def anchor_cmd(drafts: tuple[Path, ...], articles: Path, out: Path | None, review: bool, as_json: bool) -> None:
    """Resolve text-anchored annotation drafts (one JSON file per article) to Documents.

    A draft names spans by their text (plus "n" or "prefix" when the text recurs); every
    problem is reported as FILE:LINE: PATH: MESSAGE and nothing is written unless all pass.

    \b
    Example:
      warclaims corpus anchor annotation/drafts/0.2.0/first/*.json --articles annotation/articles/release-0.2.0.jsonl --review
    """
    from .. import __version__
    from ..anchoring import draft_to_document, spans_for_review
    from ..paths import guidelines_version
    from ..problems import Problem, with_location
    from ..readers import iter_json, iter_jsonl

    from ..articles import check_article_text

    by_id, bad = {}, []
    for item in iter_jsonl(articles):
        found = [item] if isinstance(item, Problem) else with_location(check_article_text(item.value), str(articles), item.line)
        bad += found
        if not found:
            by_id[item.value["id"]] = item.value
    if bad:
        render_problems(bad)
        raise InvalidInput(f"{len(bad)} problem(s) in {articles}; no draft was resolved")
    version = guidelines_version()
    docs, problems = [], []
    for path in drafts:
        for item in iter_json(path):
            if isinstance(item, Problem):
                problems.append(item)
                continue
            article = by_id.get(item.value.get("id"))
            if article is None:
                problems.append(Problem(str(path), item.line, "$.id", f"no article with id {item.value.get('id')!r} in {articles}"))
                continue
            doc, found = draft_to_document(item.value, article, guidelines_version=version,
                                           tool_version=f"warclaims {__version__} text-anchored draft")
            problems += with_location(found, str(path), item.line)
            docs.append(doc)
            if review and not found:
                click.echo(f"== {path} ({doc['id']})")
                for line in spans_for_review(doc):
                    click.echo("  " + line)
    if out and not problems:
        with open_atomic(out, text=True) as f:
            for doc in docs:
                f.write(json.dumps(doc, ensure_ascii=False, sort_keys=True) + "\n")
    if as_json:
        emit_json({"drafts": len(drafts), "documents": len(docs), "problems": [p.as_dict() for p in problems]})
    else:
        render_problems(problems)
        click.echo(f"{len(docs)} draft(s), {len(problems)} problem(s)" + (f" -> {out}" if out and not problems else ""),
                   err=bool(problems))
    if problems:
        raise SystemExit(1)
