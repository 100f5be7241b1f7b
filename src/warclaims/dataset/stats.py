"""Label counts per split and the CARD.md sections between markers (pure functions).

Counted keys (exact): documents; entities.<type>; sources.<kind>; cues; claims.<quote>;
claims.<certainty>; claims.with_source; claims.with_cue; stances.<polarity>; stances.author_holder.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Mapping

from .. import schemas

STATS_BEGIN, STATS_END = "<!-- STATS:BEGIN -->", "<!-- STATS:END -->"
AGREEMENT_BEGIN, AGREEMENT_END = "<!-- AGREEMENT:BEGIN -->", "<!-- AGREEMENT:END -->"
OUTLETS_BEGIN, OUTLETS_END = "<!-- OUTLETS:BEGIN -->", "<!-- OUTLETS:END -->"


def doc_counts(doc: Mapping[str, Any]) -> Counter[str]:
    """Label counts of one Document dict."""
    c: Counter[str] = Counter(documents=1)
    for e in doc["entities"]:
        c[f"entities.{e['type']}"] += 1
    for s in doc["sources"]:
        c[f"sources.{s['kind']}"] += 1
    c["cues"] += len(doc["cues"])
    for cl in doc["claims"]:
        c[f"claims.{cl['quote']}"] += 1
        c[f"claims.{cl['certainty']}"] += 1
        c["claims.with_source"] += cl["source_id"] is not None
        c["claims.with_cue"] += cl["cue_id"] is not None
    for st in doc["stances"]:
        c[f"stances.{st['polarity']}"] += 1
        c["stances.author_holder"] += st["holder_id"] == schemas.AUTHOR
    return c


def all_keys() -> list[str]:
    """Every count key, in display order (label names from the schema)."""
    labels = schemas.labels()
    return (["documents"] + [f"entities.{t}" for t in labels["entity_type"]] + [f"sources.{k}" for k in labels["source_kind"]]
            + ["cues"] + [f"claims.{q}" for q in labels["quote"]] + [f"claims.{c}" for c in labels["certainty"]]
            + ["claims.with_source", "claims.with_cue"] + [f"stances.{p}" for p in labels["polarity"]] + ["stances.author_holder"])


def split_counts(docs: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Summed counts of documents, every key present (zeros included), in display order."""
    total: Counter[str] = Counter()
    for d in docs:
        total.update(doc_counts(d))
    return {k: total.get(k, 0) for k in all_keys()}


def table(per_split: Mapping[str, Mapping[str, int]]) -> str:
    """Markdown table: one row per count key, one column per split plus total."""
    names = list(per_split)
    lines = ["| label | " + " | ".join(names) + " | total |", "|---|" + "---:|" * (len(names) + 1)]
    for key in all_keys():
        vals = [per_split[s].get(key, 0) for s in names]
        lines.append(f"| {key} | " + " | ".join(map(str, vals)) + f" | {sum(vals)} |")
    return "\n".join(lines)


def replace_section(text: str, begin: str, end: str, body: str) -> str:
    """`text` with the part between the markers replaced by `body`; everything else byte-identical.

    Without the markers, the section is appended at the end (after one blank line).
    """
    block = f"{begin}\n{body.rstrip()}\n{end}"
    start = text.find(begin)
    stop = text.find(end, start + len(begin)) if start >= 0 else -1
    if start >= 0 and stop >= 0:
        return text[:start] + block + text[stop + len(end):]
    if start >= 0 or text.find(end) >= 0:
        raise ValueError(f"unbalanced markers: need both {begin} and {end} in that order")
    sep = "" if not text else ("\n" if text.endswith("\n") else "\n\n")
    return text + sep + block + "\n"


def stats_section(per_split: Mapping[str, Mapping[str, int]]) -> str:
    """The statistics section body for the card."""
    return "## Statistics\n\nPer split, per label (computed by `warclaims dataset stats`).\n\n" + table(per_split)


def agreement_section(report: Mapping[str, Any]) -> str:
    """The agreement section body for the card (micro F1 per measure, stance reliability)."""
    def fmt(x: Any) -> str:
        return "n/a" if x is None else f"{x:.3f}"

    lines = ["## Inter-annotator agreement", "",
             f"Over {report['documents']} tasks with two or more independent annotations "
             f"({report.get('adjudicated_excluded', 0)} adjudicated or reviewed annotation(s) excluded, as they saw the others). "
             "See agreement/agreement.md.", "",
             "| measure | F1 | tp | fp | fn | F1 without the seed |", "|---|---:|---:|---:|---:|---:|"]
    without = report.get("without") or {"measures": {}, "documents": []}
    for m, c in report["measures"].items():
        w = without["measures"].get(m) or {}
        lines.append(f"| {m} | {fmt(c['f1'])} | {c['tp']} | {c['fp']} | {c['fn']} | {fmt(w.get('f1'))} |")
    st = report["stance"]
    lines += ["", f"Stance: Cohen's kappa {fmt(st['cohen_kappa'])}, Krippendorff's alpha {fmt(st['krippendorff_alpha'])} "
              f"({st['items']} items, {st['annotators']} raters)."]
    if without.get("stance"):
        ws = without["stance"]
        lines.append(f"Without {', '.join(without['documents']) or 'no document'}: Krippendorff's alpha "
                     f"{fmt(ws['krippendorff_alpha'])}, Cohen's kappa {fmt(ws['cohen_kappa'])} ({ws['items']} items).")
    return "\n".join(lines)


def write_agreement_section(card_text: str, report: Mapping[str, Any]) -> str:
    """Card text with the AGREEMENT section rewritten from an agreement report."""
    return replace_section(card_text, AGREEMENT_BEGIN, AGREEMENT_END, agreement_section(report))


def write_stats_section(card_text: str, per_split: Mapping[str, Mapping[str, int]]) -> str:
    """Card text with the STATS section rewritten."""
    return replace_section(card_text, STATS_BEGIN, STATS_END, stats_section(per_split))


def provenance_counts(doc: Mapping[str, Any]) -> Counter[str]:
    """Where one gold record came from: outlet, pass, adjudication rule, origin (count keys
    `outlet.<source>`, `pass.<pass>`, `adjudication.<rule>`, `origin.<origin>`)."""
    ann = doc["meta"]["annotation"]
    return Counter({f"outlet.{doc['meta']['source']}": 1, f"pass.{ann['pass']}": 1,
                    f"adjudication.{ann['adjudication']}": 1, f"origin.{ann.get('origin') or 'unrecorded'}": 1})


def outlet_section(provenance: Mapping[str, Mapping[str, int]]) -> str:
    """The card's section on documents per outlet and per split, and how each gold record was made."""
    names = list(provenance)
    keys = sorted({k for counts in provenance.values() for k in counts})
    lines = ["## Documents per outlet and provenance of the gold records", "",
             "Per split (computed by `warclaims dataset build`): documents per outlet (`meta.source`), the "
             "pass the gold record comes from, the adjudication rule and how the annotation entered Label Studio "
             "(`meta.annotation`).", "",
             "| count | " + " | ".join(names) + " | total |", "|---|" + "---:|" * (len(names) + 1)]
    for key in keys:
        vals = [provenance[s].get(key, 0) for s in names]
        lines.append(f"| {key} | " + " | ".join(map(str, vals)) + f" | {sum(vals)} |")
    return "\n".join(lines)


def write_outlet_section(card_text: str, provenance: Mapping[str, Mapping[str, int]]) -> str:
    """Card text with the OUTLETS section rewritten."""
    return replace_section(card_text, OUTLETS_BEGIN, OUTLETS_END, outlet_section(provenance))
