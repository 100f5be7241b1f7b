"""The release card (dataset/README.md) and the agreement heatmap, written by the build.

One source: the card's body is kept from the previous release's dataset/README.md (the prose is
edited there); the build rewrites the YAML header (`layout.card_yaml`, Hub keys from `hub`) and
the marked sections (rules, statistics, outlets and provenance, agreement, fields, examples,
citation); `warclaims dataset build --card CARD.md` copies the whole text to CARD.md, and
`warclaims baselines run --card ...` rewrites only the RESULTS section.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from .. import safe_write
from . import adjudicate as adj
from . import agreement as agr
from . import cardtext, croissant, hub, layout, split, stats

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


RULES_BEGIN, RULES_END = "<!-- RULES:BEGIN -->", "<!-- RULES:END -->"


def rules_section(options: Options) -> str:
    """The adjudication and split rules the build applied, stated by the code that applied them."""
    return (f"Adjudication: {adj.RULE_TEXT}. The rule used per document is in `meta.annotation.adjudication`; "
            "items left for review are in agreement/adjudication.json.\n\n"
            f"Splits: {split.rule_text(options.group_by, options.ratios, options.seed, dict(options.pinned))}. "
            "A document never changes split as documents are added.")


def card_body(version: str, options: Options) -> str:
    """Default body of dataset/README.md for a first release (hand-editable afterwards; the
    shipped card's body is its own source, kept from release to release)."""
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
inputs = datasets.load_dataset("path/to/dataset", "inputs")    # gold-free: id, text, meta without annotation
```

In `documents`, `meta.extra` is a JSON string (free-form corpus fields); use
`warclaims.dataset.reader.read_documents(dir, split)` for typed records.

## How the gold standard was made

{RULES_BEGIN}
{RULES_END}

{stats.STATS_BEGIN}
{stats.STATS_END}

{stats.OUTLETS_BEGIN}
{stats.OUTLETS_END}

## Dataset structure

{cardtext.FIELDS_BEGIN}
{cardtext.FIELDS_END}

{cardtext.EXAMPLE_BEGIN}
{cardtext.EXAMPLE_END}

{stats.AGREEMENT_BEGIN}
{stats.AGREEMENT_END}

<!-- RESULTS:BEGIN -->
<!-- RESULTS:END -->

## Citation

{cardtext.CITATION_BEGIN}
{cardtext.CITATION_END}
"""


def render_card(previous: Path | None, version: str, options: Options, files: list[dict[str, Any]], per_split: dict[str, Any],
                report: dict[str, Any], provenance: Mapping[str, Mapping[str, int]],
                examples: Mapping[str, Mapping[str, Any]], example_split: str, date: str) -> str:
    """The card text: YAML header for `files`, then the previous body (or `card_body`) with its
    marked sections rewritten; the RESULTS section is kept as it is (baselines write it, on request)."""
    from .reader import CONFIGS

    body = card_body(version, options)
    if previous is not None and previous.is_file():
        from ..readers import read_text_file

        text = read_text_file(previous)
        if text.startswith("---\n") and "\n---\n" in text[4:]:
            body = text[4:].split("\n---\n", 1)[1]
    present = [c for c in CONFIGS if any(f.get("config") == c for f in files)]
    body = stats.replace_section(body, RULES_BEGIN, RULES_END, rules_section(options))
    body = stats.write_stats_section(body, per_split)
    body = stats.write_outlet_section(body, provenance)
    body = stats.write_agreement_section(body, report)
    body = stats.replace_section(body, cardtext.FIELDS_BEGIN, cardtext.FIELDS_END,
                                 cardtext.fields_section({c: layout.config_features(c) for c in present}))
    body = stats.replace_section(body, cardtext.EXAMPLE_BEGIN, cardtext.EXAMPLE_END, cardtext.example_section(examples, example_split))
    body = stats.replace_section(body, cardtext.CITATION_BEGIN, cardtext.CITATION_END, cardtext.citation_section(version, date[:4]))
    return layout.card_yaml(files, version) + body


def describe(data_dir: Path, previous: Path, options: Options, files: list[dict[str, Any]], per_split: dict[str, Any],
             report: dict[str, Any], provenance: Mapping[str, Mapping[str, int]], date: str) -> tuple[str, dict[str, Any]]:
    """The card text and the croissant.json dict of a release whose data files are in `data_dir`
    (example records are read from there: the first row of each config of the first split)."""
    from .reader import CONFIGS, iter_rows

    example_split = next((f["split"] for f in files if f["config"] == "documents"), "train")
    examples = {f["config"]: next(iter_rows(data_dir, f["config"], f["split"], batch_size=1))
                for f in files if f["split"] == example_split}
    text = render_card(previous, options.version, options, files, per_split, report, provenance, examples, example_split, date)
    cro = croissant.metadata(options.version, hub.LICENSE_LINK if options.license == hub.LICENSE else options.license, files,
                             {c: layout.config_features(c) for c in CONFIGS}, hub.DESCRIPTION, date,
                             hub.bibtex(options.version, date[:4]), hub.URL)
    return text, cro
