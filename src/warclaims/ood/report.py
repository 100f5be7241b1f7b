"""The out-of-domain section of baselines/RESULTS.md, rendered from `warclaims.ood.evaluate` (pure).

One subsection per outside set: per view, a table with the in-domain and the outside figures of
every baseline side by side; for entity baselines, recall by kind of mention.
"""

from __future__ import annotations

from typing import Sequence

from .evaluate import BREAKDOWN, COMMAND, METRICS_OF_TASK, Evaluation, Row, Score

_COLUMNS = {
    "entities": ("F1", "P", "R", "partial F1"),
    "claims": ("attribution F1", "P", "R", "source exact F1", "cue F1", "claim F1"),
}


def _pct(score: Score, metric: str) -> str:
    value = score.metrics.get(metric)
    if value is None:
        return "n/a"
    iv = score.intervals.get(metric)
    return f"{100 * value:.1f}" + (f" [{100 * iv[0]:.1f}, {100 * iv[1]:.1f}]" if iv else "")


def _re3d_intro(ev: Evaluation, bootstrap: int, seed: int) -> list[str]:
    m = ev.gold_mentions
    return [
        "## Out-of-domain check (entities, re3d's own annotation)", "",
        f"Entity baselines fitted on the WarClaims {ev.dataset_version} train split ({ev.n_train} documents) with the "
        "parameters chosen on validation, scored on the release's `test` split (in-domain, "
        f"{ev.n_test} documents, {m['test']} mentions) and on {ev.outside_name} (outside, {ev.n_outside} documents, "
        f"{m['outside']} mentions as converted, {m['outside_aligned']} aligned): government and military press "
        "releases about Syria and Iraq, annotated by re3d's own annotators under re3d's entity schema "
        "(baselines/ood/README.md). Only the entity layer is annotated there, so only entity baselines are "
        f"scored. Strict micro-F1 / P / R and partial F1 in %, [95% interval] from {bootstrap} bootstrap "
        f"resamples of documents (seed {seed}).", "",
        "Views (warclaims.ood.align): *as converted*: types through the label mapping (re3d Organisation -> ORG, "
        "Location -> GPE); *aligned*: outside gold re-cut to our span rules (mentions with no capital letter and "
        "personal pronouns dropped, leading \"the\" and trailing possessive outside; "
        + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in ev.alignment.items())
        + ") and types collapsed on both sides to PERSON / ORG (+ARMED_GROUP, MEDIA) / GPE (+LOC, FAC); "
        "*aligned, untyped*: spans only. What the gap is made of, and what was tried: baselines/ood/README.md.", "",
    ]


def _own_intro(ev: Evaluation, bootstrap: int, seed: int) -> list[str]:
    m = ev.gold_mentions
    who = ev.about.get("annotation_by", "the project's AI-agent annotators")
    return [
        f"## Out-of-domain check (entities and attribution, {ev.outside_name})", "",
        f"The same {ev.n_outside} re3d texts (government and military press releases, not news reports), annotated "
        f"by {who} under the WarClaims guidelines (entities, sources, cues, claims; no stances): "
        f"{m['outside']} entity mentions, {m['outside_claims']} claims, {m['outside_pairs']} with a source "
        f"(in-domain test: {m['test']} mentions, {m['test_claims']} claims, {m['test_pairs']} with a source). "
        "How it was made, the agreement between its two independent passes, and what it cannot show: "
        f"baselines/ood/own/README.md. Baselines fitted on the WarClaims {ev.dataset_version} train split "
        f"({ev.n_train} documents) with the parameters chosen on validation. Figures in %, [95% interval] from "
        f"{bootstrap} bootstrap resamples of documents (seed {seed}); attribution F1 is the (claim, source) pair "
        "F1 with the source range exact, source exact F1 ignores the source kind (docs/METRICS.md).", "",
    ]


def _entity_table(rows: Sequence[Row], view: str, heading: str) -> list[str]:
    metrics = METRICS_OF_TASK["entities"]
    head = " | ".join(f"in-domain {c}" if i == 0 else c for i, c in enumerate(_COLUMNS["entities"]))
    head_out = " | ".join(f"outside {c}" if i == 0 else c for i, c in enumerate(_COLUMNS["entities"]))
    lines = [heading, "", f"| baseline | kind | {head} | {head_out} |", "|---|---|" + "---:|" * 2 * len(metrics)]
    for r in rows:
        lines.append(f"| {r.name} | {r.kind} | " + " | ".join(_pct(r.test[view], x) for x in metrics) + " | "
                     + " | ".join(_pct(r.outside[view], x) for x in metrics) + " |")
    return lines + [""]


def _claims_table(rows: Sequence[Row], view: str, heading: str) -> list[str]:
    metrics = METRICS_OF_TASK["claims"]
    lines = [heading, "", "| baseline | kind | data | " + " | ".join(_COLUMNS["claims"]) + " |",
             "|---|---|---|" + "---:|" * len(metrics)]
    for r in rows:
        for side, score in (("in-domain", r.test[view]), ("outside", r.outside[view])):
            lines.append(f"| {r.name} | {r.kind} | {side} | " + " | ".join(_pct(score, x) for x in metrics) + " |")
    return lines + [""]


def _recall_tables(ev: Evaluation) -> list[str]:
    lines = []
    for r in ev.rows:
        if not r.recall:
            continue
        lines += [f"### {r.name}: recall by kind of mention ({ev.views[-1]})", "",
                  "Seen: every word of the mention occurs in a train entity mention.", "",
                  "| mention | in-domain recall | mentions | outside recall | mentions |", "|---|---:|---:|---:|---:|"]
        for k in BREAKDOWN:
            cells = []
            for side in ("test", "outside"):
                found, total = r.recall[side][k]
                cells += [f"{100 * found / total:.0f}" if total else "n/a", str(total)]
            lines.append(f"| {k} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def markdown(ev: Evaluation, bootstrap: int, seed: int) -> str:
    """One outside set's subsection: per view, entity and claims tables; entity recall by kind."""
    own = ev.about.get("conventions") == "warclaims"
    lines = (_own_intro if own else _re3d_intro)(ev, bootstrap, seed)
    ents = [r for r in ev.rows if r.task == "entities"]
    claims = [r for r in ev.rows if r.task == "claims"]
    for v in ev.views:
        if ents:
            lines += _entity_table(ents, v, f"### {v}" if not own else "### entities (strict micro)")
        if claims:
            lines += _claims_table(claims, v, "### attributed claims")
    lines += _recall_tables(ev)
    return "\n".join(lines)


def section(evs: Sequence[Evaluation], bootstrap: int, seed: int) -> str:
    """Every outside set's subsection and the command that reproduces them."""
    return "\n".join(markdown(ev, bootstrap, seed) for ev in evs) + "\n" + \
        f"Reproduce: `{COMMAND}` (add `--write` to rewrite this section).\n"
