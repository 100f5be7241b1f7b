"""Facts about the dataset that the card's YAML header, the Croissant metadata and the citation
share (one place, so the Hub card, croissant.json and CITATION.cff cannot drift apart).

Keys follow the Hugging Face dataset card metadata (`huggingface_hub.DatasetCardData`); values
state what the dataset is: English news texts written by journalists (`found`), annotations made
by AI agents (`machine-generated`), texts from FA-KES (`extended|other`, named in the card).
"""

from __future__ import annotations

from typing import Any

PRETTY_NAME = "WarClaims: entities, attributed claims and stances in Syrian-war reporting"
LICENSE = "other"
LICENSE_NAME = "warclaims-mixed"
LICENSE_LINK = "README.md#licensing-information"
"""Repository-relative: the card's licensing section (annotations CC BY 4.0, texts: outlets' copyright)."""
URL = "README.md"
"""Repository-relative URL of the dataset (the card next to croissant.json); no public host yet."""
DESCRIPTION = "WarClaims: entities, attributed claims (claim, source, cue) and stances in conflict reporting."


def size_category(documents: int) -> str:
    """The Hub's size bucket for a number of records."""
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")):
        if documents < limit:
            return name
    return "n>100K"


def header_keys(documents: int) -> dict[str, Any]:
    """The Hub metadata keys of the card's YAML header (besides `configs` and `dataset_info`)."""
    return {
        "pretty_name": PRETTY_NAME,
        "license": LICENSE,
        "license_name": LICENSE_NAME,
        "license_link": LICENSE_LINK,
        "language": ["en"],
        "annotations_creators": ["machine-generated"],
        "language_creators": ["found"],
        "multilinguality": ["monolingual"],
        "source_datasets": ["extended|other"],
        "size_categories": [size_category(documents)],
        "task_categories": ["token-classification", "text-classification"],
        "task_ids": ["named-entity-recognition"],
        "tags": ["attribution", "claim-detection", "stance-detection", "news", "conflict", "syria", "parc", "label-studio"],
    }


def bibtex(version: str, year: str) -> str:
    """The BibTeX entry of this dataset release."""
    return ("@misc{warclaims,\n"
            f"  title  = {{{PRETTY_NAME}}},\n"
            "  author = {{WarClaims maintainers}},\n"
            f"  year   = {{{year}}},\n"
            f"  note   = {{Dataset and benchmark, version {version}; annotated by AI agents; CITATION.cff}},\n"
            "}")
