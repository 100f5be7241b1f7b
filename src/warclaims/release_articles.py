"""The articles of a release: selection, furniture cuts and stories in one pure step.

Release 0.2.0's articles come from the FA-KES rows by this order of operations, each recorded:

1. FA-KES's repeated ids are collapsed to their first row (`corpus.unique_by_id`);
2. of each pair of near-exact copies (word 5-gram Jaccard >= `corpus.NEAR_COPY` on the texts as
   distributed) one is left out (`corpus.near_copies`), so the release holds no article twice;
3. the seeded growth rule (`corpus.grow`) keeps the earlier release and tops every outlet up;
4. page furniture is cut by `furniture.find_furniture`; every cut is kept in
   `meta.extra.furniture` as {start, end, rule, text} in the distributed text's offsets, so
   `furniture.rebuild` gives the FA-KES text back exactly;
5. `meta.story` is filled by the near-duplicate rule of `stories` on the cut texts.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Mapping, Sequence

from . import corpus, furniture, stories


def cut_furniture(article: Mapping[str, Any]) -> dict[str, Any]:
    """The article with its furniture cut and the cuts recorded in meta.extra.furniture."""
    cuts = furniture.find_furniture(article["text"], article["meta"]["source"])
    extra = {**article["meta"]["extra"],
             "furniture": [{"start": c.start, "end": c.end, "rule": c.rule, "text": c.text} for c in cuts]}
    return {**article, "text": furniture.apply_cuts(article["text"], cuts), "meta": {**article["meta"], "extra": extra}}


def assign_stories(articles: Sequence[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[tuple[str, str, float]]]:
    """Articles with meta.story set (an existing story is kept), and the near-duplicate pairs."""
    pairs = stories.similar_pairs({a["id"]: a["text"] for a in articles})
    ids = stories.stories([a["id"] for a in articles], pairs)
    out = [{**a, "meta": {**a["meta"], "story": a["meta"].get("story") or ids[a["id"]]}} for a in articles]
    return out, pairs


def build(rows: Iterable[Mapping[str, Any]], keep: Sequence[str], rule: corpus.GrowthRule
          ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The release's FA-KES articles (sorted by id) and a summary of what each step did."""
    unique, repeated = corpus.unique_by_id(rows)
    articles = [corpus.fakes_article(r) for r in unique]
    copies = stories.similar_pairs({a["id"]: a["text"] for a in articles}, corpus.NEAR_COPY)
    exclude = corpus.near_copies(copies, keep)
    selected = corpus.grow(articles, keep, rule, exclude)
    cut = [cut_furniture(a) for a in selected]
    with_stories, pairs = assign_stories(cut)
    lengths = [len(a["text"]) for a in with_stories]
    sizes = Counter(a["meta"]["story"] for a in with_stories)
    return with_stories, {
        "repeated_ids_collapsed": len(repeated),
        "near_copies_left_out": len(exclude),
        "furniture_cuts": dict(sorted(Counter(c["rule"] for a in with_stories for c in a["meta"]["extra"]["furniture"]).items())),
        "length_chars_after_cuts": {"min": min(lengths), "max": max(lengths), "mean": round(sum(lengths) / len(lengths), 1)},
        "stories_with_several_articles": sum(1 for n in sizes.values() if n > 1),
        "near_duplicate_pairs": len(pairs),
    }
