"""The release card (dataset/README.md) and the agreement heatmap, written by the build.

The card's body is kept from the previous release (it is hand-editable); only the YAML header and
the marked sections (statistics, outlets and provenance, agreement) are rewritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from .. import safe_write
from . import adjudicate as adj
from . import agreement as agr
from . import layout, split, stats

if TYPE_CHECKING:
    from .build import Options


def heatmap(report: dict[str, Any], path: Path) -> None:
    """Annotator x annotator F1 heatmaps for four measures, as one PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    measures = ["entities_strict", "claims_strict", "attribution", "stances"]
    fig, axes = plt.subplots(1, len(measures), figsize=(4 * len(measures), 4), squeeze=False)
    for ax, measure in zip(axes[0], measures):
        names, matrix = agr.heatmap_matrix(report, measure)
        if not names:  # no annotator pairs: an empty panel says so (an empty image is undefined)
            ax.set_title(f"{measure} F1")
            ax.text(0.5, 0.5, "no annotator pairs", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            continue
        data = np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float).reshape(len(names), len(names))
        ax.imshow(data, vmin=0, vmax=1, cmap="viridis")
        ax.set_title(f"{measure} F1")
        ax.set_xticks(range(len(names)), names, rotation=90, fontsize=7)
        ax.set_yticks(range(len(names)), names, fontsize=7)
        for i in range(len(names)):
            for j in range(len(names)):
                if not np.isnan(data[i, j]):
                    ax.text(j, i, f"{data[i, j]:.2f}", ha="center", va="center", fontsize=7,
                            color="k" if data[i, j] > 0.6 else "w")
    fig.tight_layout()
    safe_write.write_with(path, lambda tmp: fig.savefig(tmp, format="png", dpi=80, metadata={"Software": None},
                                                       bbox_inches="tight"))
    plt.close(fig)


def card_body(version: str, options: Options) -> str:
    """Default body of dataset/README.md for a first release (hand-editable afterwards)."""
    return f"""
# WarClaims

Entities, attributed claims (claim, source, cue) and stances in conflict reporting.
Release {version}; see RELEASE.json for checksums and CHANGELOG.md for what changed.

## Loading

```python
import datasets
docs = datasets.load_dataset("path/to/dataset", "documents")   # full records
ner = datasets.load_dataset("path/to/dataset", "entities")     # tokens + IOB2 ner_tags
claims = datasets.load_dataset("path/to/dataset", "claims")    # one row per claim, source/cue resolved
stances = datasets.load_dataset("path/to/dataset", "stances")  # one row per stance, polarity ClassLabel
```

In `documents`, `meta.extra` is a JSON string (free-form corpus fields); use
`warclaims.dataset.reader.read_documents(dir, split)` for typed records.

## How the gold standard was made

Adjudication: {adj.RULE_TEXT}. The rule used per document is in `meta.annotation.adjudication`;
items left for review are in agreement/adjudication.json.

Splits: {split.rule_text(options.group_by, options.ratios, options.seed, dict(options.pinned))}. A document never changes split as
documents are added.

<!-- STATS:BEGIN -->
<!-- STATS:END -->

<!-- AGREEMENT:BEGIN -->
<!-- AGREEMENT:END -->
"""


def render_card(previous: Path | None, version: str, options: Options, files: list[dict[str, Any]], per_split: dict[str, Any],
          report: dict[str, Any], provenance: Mapping[str, Mapping[str, int]]) -> str:
    """The card text: YAML header for `files`, then the previous body (or `card_body`) with its
    marked sections rewritten."""
    body = card_body(version, options)
    if previous is not None and previous.is_file():
        from ..readers import read_text_file

        text = read_text_file(previous)
        if text.startswith("---\n") and "\n---\n" in text[4:]:
            body = text[4:].split("\n---\n", 1)[1]
    body = stats.write_stats_section(body, per_split)
    body = stats.write_outlet_section(body, provenance)
    body = stats.write_agreement_section(body, report)
    return layout.card_yaml(files, version) + body
