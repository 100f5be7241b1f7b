"""The computed changelog entry of a release against the previous one (pure functions)."""

from __future__ import annotations

from typing import Mapping, Sequence

from .stats import all_keys

_LIST_LIMIT = 50


def diff(previous: Mapping[str, list[str]], current: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Documents added, removed, changed (content hash differs) and moved (split differs).

    Both arguments map document id -> [split, sha256].
    """
    prev, cur = set(previous), set(current)
    both = sorted(prev & cur)
    return {"added": sorted(cur - prev), "removed": sorted(prev - cur),
            "changed": [i for i in both if previous[i][1] != current[i][1]],
            "moved": [f"{i} ({previous[i][0]} -> {current[i][0]})" for i in both if previous[i][0] != current[i][0]]}


def _ids(ids: list[str]) -> str:
    shown = ", ".join(f"`{i}`" for i in ids[:_LIST_LIMIT])
    return shown + (f", ... ({len(ids) - _LIST_LIMIT} more)" if len(ids) > _LIST_LIMIT else "")


def entry(version: str, previous_version: str | None, changes: Mapping[str, list[str]],
          before: Mapping[str, int] | None, after: Mapping[str, int], notes: Sequence[str] = ()) -> str:
    """Markdown entry for CHANGELOG.md: document changes and label counts before/after (all splits),
    after the `notes` (facts the build knows about why documents moved or changed)."""
    lines = [f"## {version}", ""]
    for note in notes:
        lines += [note, ""]
    if previous_version is None:
        lines.append(f"First release: {after.get('documents', 0)} documents.")
    else:
        lines.append(f"Compared with {previous_version}: {len(changes['added'])} added, {len(changes['removed'])} removed, "
                     f"{len(changes['changed'])} changed, {len(changes['moved'])} moved between splits.")
        for kind in ("added", "removed", "changed", "moved"):
            if changes[kind]:
                lines.append(f"- {kind}: {_ids(changes[kind])}")
    lines += ["", "| label | before | after |", "|---|---:|---:|"]
    for key in all_keys():
        b = "-" if before is None else str(before.get(key, 0))
        lines.append(f"| {key} | {b} | {after.get(key, 0)} |")
    return "\n".join(lines) + "\n"


_PROVENANCE_PARTS = (("pass", "Gold records by pass"), ("adjudication", "by adjudication rule"), ("origin", "by origin"))


def provenance_note(totals: Mapping[str, int], agreement_documents: int) -> str:
    """One sentence on how the gold records were made, from `stats.provenance_counts` summed
    over the release (keys `pass.*`, `adjudication.*`, `origin.*`)."""
    parts = []
    for prefix, label in _PROVENANCE_PARTS:
        values = ", ".join(f"{k.split('.', 1)[1]} {v}" for k, v in sorted(totals.items()) if k.startswith(prefix + "."))
        parts.append(f"{label}: {values}")
    return "; ".join(parts) + (f". Agreement between independent passes over {agreement_documents} document(s): "
                               "agreement/agreement.md.")


HEADER = "# Changelog\n\nOne entry per release, computed by `warclaims dataset build`; newest first.\n"


def prepend(existing: str | None, new_entry: str) -> str:
    """CHANGELOG.md text with `new_entry` placed first (below the header)."""
    body = ""
    if existing:
        body = existing[len(HEADER):] if existing.startswith(HEADER) else existing
    return HEADER + "\n" + new_entry + (body if body.startswith("\n") or not body else "\n" + body)
