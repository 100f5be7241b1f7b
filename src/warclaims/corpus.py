"""Articles and their provenance: reading the FA-KES corpus and the user's seed, and the
seeded selection of the pilot corpus.

An *article* is what `warclaims ls import` takes: {"id", "text", "meta"} with `meta` as in
the Document schema minus `annotation`. Texts are kept exactly as distributed (FA-KES lost
most commas in its own preprocessing; we do not repair them, or offsets stop meaning anything).
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

FAKES_LICENCE = (
    "FA-KES dataset CC BY 4.0 (doi:10.5281/zenodo.2607278); the article text remains the copyright "
    "of the publishing outlet"
)
FAKES_PROVENANCE = "FA-KES (Abu Salem et al., ICWSM 2019), fakenewssyria/fake_news_detection@878865e input/fakes.csv"
SEED_ID = "seed-homs-2024"

_CUE_RE = re.compile(
    r"\b(said|says|say|told|tells|according to|reported|reports|stated|announced|claimed|claims|"
    r"added|noted|confirmed|denied|accused|warned|quoted|cited|described)\b|\"",
    re.IGNORECASE,
)


def fakes_article(row: Mapping[str, Any]) -> dict[str, Any]:
    """An article record from one line of the FA-KES JSONL (shared/corpus/fakes.jsonl)."""
    return {
        "id": row["id"],
        "text": row["text"],
        "meta": {
            "title": row.get("title"),
            "source": row["outlet"],
            "url": None,
            "published": _iso_date(row.get("date")),
            "language": "en",
            "licence": FAKES_LICENCE,
            "corpus": "FA-KES",
            "synthetic": False,
            "story": None,
            "extra": {
                "fakes_label": row.get("fakes_label"),
                "crowd_fields": row.get("crowd_fields"),
                "provenance": FAKES_PROVENANCE,
            },
        },
    }


def unique_by_id(rows: Iterable[Mapping[str, Any]]) -> tuple[list[Mapping[str, Any]], list[str]]:
    """The rows with the first of each id kept, and the ids of the later rows left out.

    FA-KES repeats 9 ids (12 extra rows; the same article, at most a few characters apart), so
    one id must mean one article before any selection counts outlets or labels.
    """
    seen: set[str] = set()
    kept, repeated = [], []
    for row in rows:
        if row["id"] in seen:
            repeated.append(row["id"])
            continue
        seen.add(row["id"])
        kept.append(row)
    return kept, repeated


def seed_article(text: str) -> dict[str, Any]:
    """The user's seed document (December 2024, the advance on Homs)."""
    return {
        "id": SEED_ID,
        "text": text,
        "meta": {
            "title": "Syria Conflict: Jihadist Forces Gain Ground in Homs",
            "source": "unknown outlet (user-supplied)",
            "url": None,
            "published": "2024-12",
            "language": "en",
            "licence": "copyright of the original publisher; supplied by the project's user as its first document",
            "corpus": "user-seed",
            "synthetic": False,
            "story": "homs-2024-12",
            "extra": {"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()},
        },
    }


def _iso_date(value: str | None) -> str | None:
    """FA-KES dates are M/D/YY; return YYYY-MM-DD, or None when absent or unreadable."""
    if not value:
        return None
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2})", value.strip())
    if not m:
        return None
    month, day, year = map(int, m.groups())
    return f"{2000 + year:04d}-{month:02d}-{day:02d}"


def attribution_density(text: str) -> float:
    """Attribution cues ('said', 'according to', quotation marks, ...) per 1,000 characters."""
    return 1000.0 * len(_CUE_RE.findall(text)) / max(len(text), 1)


def _keys(articles: Sequence[Mapping[str, Any]], seed: int) -> dict[str, float]:
    """Efraimidis-Spirakis keys u**(1/weight), weight 1 + attribution density, u from a seeded RNG
    drawn in the articles' order."""
    rng = random.Random(seed)
    return {a["id"]: rng.random() ** (1.0 / (1.0 + attribution_density(a["text"]))) for a in articles}


def _fill_balanced(chosen: dict[str, Mapping[str, Any]], labels: Counter, candidates: Iterable[Mapping[str, Any]],
                   keys: Mapping[str, float], n: int) -> None:
    """Add candidates by descending key until `chosen` holds n articles, neither FA-KES label
    taking more than ceil(n / 2) places (updates `chosen` and `labels` in place)."""
    for a in sorted(candidates, key=lambda a: -keys[a["id"]]):
        if len(chosen) >= n:
            break
        label = a["meta"]["extra"]["fakes_label"]
        if labels[label] >= math.ceil(n / 2):
            continue
        chosen[a["id"]] = a
        labels[label] += 1


@dataclass(frozen=True)
class SelectionRule:
    """Parameters of the pilot selection; recorded next to the selected articles."""

    n: int = 60
    per_outlet: int = 3
    seed: int = 20261126
    min_chars: int = 400
    max_chars: int = 2600


def select(articles: Sequence[Mapping[str, Any]], rule: SelectionRule) -> list[dict[str, Any]]:
    """Seeded, documented selection of `rule.n` FA-KES articles.

    1. Eligible: min_chars <= len(text) <= max_chars (long articles cost too much to annotate
       in full in the pilot; this is a recorded bias).
    2. Each article gets a weight 1 + attribution_density(text), so articles with quotes and
       reported speech are preferred, and a key u**(1/weight) with u drawn from a seeded RNG
       in corpus order (weighted sampling without replacement, Efraimidis-Spirakis).
    3. Every outlet contributes `per_outlet` articles, highest keys first, alternating credible
       (fakes_label 1) and fake (0) so each outlet is as balanced as it can be.
    4. The rest is filled by highest key, keeping credible and fake counts equal.
    Returns the articles sorted by id.
    """
    eligible = [a for a in articles if rule.min_chars <= len(a["text"]) <= rule.max_chars]
    keys = _keys(eligible, rule.seed)
    by_outlet_label: dict[tuple[str, int], list[Mapping[str, Any]]] = defaultdict(list)
    for a in sorted(eligible, key=lambda a: -keys[a["id"]]):
        by_outlet_label[(a["meta"]["source"], a["meta"]["extra"]["fakes_label"])].append(a)
    chosen: dict[str, Mapping[str, Any]] = {}
    labels = Counter()
    for i, outlet in enumerate(sorted({o for o, _ in by_outlet_label})):
        order = (1, 0) if i % 2 == 0 else (0, 1)
        for k in range(rule.per_outlet):
            pool = by_outlet_label[(outlet, order[k % 2])] or by_outlet_label[(outlet, order[(k + 1) % 2])]
            if pool:
                a = pool.pop(0)
                chosen[a["id"]] = a
                labels[a["meta"]["extra"]["fakes_label"]] += 1
    _fill_balanced(chosen, labels, (a for a in eligible if a["id"] not in chosen), keys, rule.n)
    return [dict(chosen[k]) for k in sorted(chosen)]


def selection_summary(selected: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Counts per outlet and per FA-KES label, for the selection report."""
    selected = list(selected)
    return {
        "articles": len(selected),
        "by_outlet": dict(sorted(Counter(a["meta"]["source"] for a in selected).items())),
        "by_label": {str(k): v for k, v in sorted(Counter(str(a["meta"]["extra"].get("fakes_label", "seed")) for a in selected).items())},
        "chars": sum(len(a["text"]) for a in selected),
    }


@dataclass(frozen=True)
class GrowthRule(SelectionRule):
    """Parameters of a release's growth from an earlier selection; recorded with the articles
    (the length window is the pilot's)."""

    n: int = 299
    per_outlet: int = 15
    seed: int = 20261205


def grow(articles: Sequence[Mapping[str, Any]], keep: Iterable[str], rule: GrowthRule,
         exclude: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Seeded, documented growth of a selection to `rule.n` FA-KES articles, keeping `keep`.

    1. Every article whose id is in `keep` (the earlier release) stays in; no article in
       `exclude` (near-exact copies of another article, see `near_copies`) comes in.
    2. Keys as in `select`: u**(1/(1 + attribution_density)) from a seeded RNG in corpus order.
    3. Every outlet is topped up to `per_outlet` articles (or all it has): first from articles
       within [min_chars, max_chars] by descending key, alternating credible and fake, then, when
       the window has too few, from the outlet's shortest remaining articles (small outlets such
       as nna, asharqalawsat and tass thus contribute every article; the long ones are a recorded
       cost, not a filter).
    4. The rest is filled by descending key within the window, keeping credible and fake counts
       as equal as the kept articles allow.
    Returns the articles sorted by id.
    """
    keys = _keys(articles, rule.seed)
    keep = set(keep)
    excluded = set(exclude) - keep
    articles = [a for a in articles if a["id"] not in excluded]
    chosen: dict[str, Mapping[str, Any]] = {a["id"]: a for a in articles if a["id"] in keep}
    missing = keep - set(chosen)
    if missing:
        raise ValueError(f"{len(missing)} kept article(s) are not in the corpus: {', '.join(sorted(missing)[:5])}")
    labels = Counter(a["meta"]["extra"]["fakes_label"] for a in chosen.values())

    def in_window(a: Mapping[str, Any]) -> bool:
        return rule.min_chars <= len(a["text"]) <= rule.max_chars

    by_outlet: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for a in articles:
        by_outlet[a["meta"]["source"]].append(a)
    for outlet in sorted(by_outlet):
        have = sum(1 for a in chosen.values() if a["meta"]["source"] == outlet)
        pool = sorted((a for a in by_outlet[outlet] if a["id"] not in chosen and in_window(a)), key=lambda a: -keys[a["id"]])
        while have < rule.per_outlet and pool:
            want = 1 if labels[1] <= labels[0] else 0
            pick = next((a for a in pool if a["meta"]["extra"]["fakes_label"] == want), pool[0])
            pool.remove(pick)
            chosen[pick["id"]] = pick
            labels[pick["meta"]["extra"]["fakes_label"]] += 1
            have += 1
        longer = sorted((a for a in by_outlet[outlet] if a["id"] not in chosen), key=lambda a: (len(a["text"]), a["id"]))
        for a in longer[:max(0, rule.per_outlet - have)]:
            chosen[a["id"]] = a
            labels[a["meta"]["extra"]["fakes_label"]] += 1
    _fill_balanced(chosen, labels, (a for a in articles if a["id"] not in chosen and in_window(a)), keys, rule.n)
    return [dict(chosen[k]) for k in sorted(chosen)]


def near_copies(pairs: Iterable[tuple[str, str, float]], keep: Iterable[str]) -> set[str]:
    """Ids to leave out so that no two near-exact copies both enter a selection: of each pair
    (from `stories.similar_pairs` at `NEAR_COPY`), the one not kept, else the larger id."""
    keep = set(keep)
    out: set[str] = set()
    for a, b, _ in pairs:
        if a in out or b in out:
            continue
        out.add(a if b in keep and a not in keep else b)
    return out


NEAR_COPY = 0.9
