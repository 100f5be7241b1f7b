"""Changelog diff between releases."""

from __future__ import annotations

from warclaims.dataset import changelog


def test_diff_added_removed_changed_moved() -> None:
    prev = {"a": ["train", "h1"], "b": ["test", "h2"], "c": ["train", "h3"]}
    cur = {"a": ["train", "h1"], "b": ["test", "h9"], "d": ["train", "h4"]}
    assert changelog.diff(prev, cur) == {"added": ["d"], "removed": ["c"], "changed": ["b"], "moved": []}


def test_entry_and_prepend() -> None:
    first = changelog.entry("0.1.0", None, changelog.diff({}, {}), None, {"documents": 3})
    assert "First release: 3 documents." in first and "| documents | - | 3 |" in first
    text = changelog.prepend(None, first)
    second = changelog.entry("0.2.0", "0.1.0", {"added": ["d"], "removed": [], "changed": [], "moved": []},
                             {"documents": 3}, {"documents": 4})
    text2 = changelog.prepend(text, second)
    assert text2.index("## 0.2.0") < text2.index("## 0.1.0") and text2.startswith(changelog.HEADER)
    assert "| documents | 3 | 4 |" in text2 and "- added: `d`" in text2


def test_moves_name_both_splits_and_notes_come_first() -> None:
    from warclaims.dataset import changelog

    changes = changelog.diff({"a": ["train", "1"], "b": ["test", "2"]}, {"a": ["test", "1"], "b": ["test", "3"], "c": ["train", "4"]})
    assert changes == {"added": ["c"], "removed": [], "changed": ["b"], "moved": ["a (train -> test)"]}
    text = changelog.entry("0.2.0", "0.1.0", changes, {"documents": 2}, {"documents": 3}, ["Splits: pinned."])
    assert text.index("Splits: pinned.") < text.index("1 added") and "`a (train -> test)`" in text


def test_provenance_note_names_each_count() -> None:
    from warclaims.dataset import changelog

    note = changelog.provenance_note({"pass.first": 2, "pass.adjudicated": 1, "adjudication.single": 2,
                                      "adjudication.ground_truth": 1, "origin.draft-import": 3, "outlet.sana": 3}, 1)
    assert note == ("Gold records by pass: adjudicated 1, first 2; by adjudication rule: ground_truth 1, single 2; "
                    "by origin: draft-import 3. Agreement between independent passes over 1 document(s): agreement/agreement.md.")
