"""The hostile-input catalogue of issue 14: bad files and paths a careless or hostile user gives
every command (validate, score, score compare, dataset build/verify/stats, baselines run/predict,
ls convert, ls import, corpus select/anchor).

Each case is a row: how to lay out its workspace (`setup(ws)`), the command line (paths are
relative to the workspace, which is the current directory), the exit code, the fragments the
message must hold (file, line or record, JSON path where one applies), and the paths the
command may write (everything else must hash the same before and after). The one test that
runs them is tests/test_hostile_catalogue.py. All text here is synthetic (the document
schema's own example and warclaims.dataset.synthetic), never real news.
"""

from __future__ import annotations

import copy
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from invalid_catalogue import base, jsonl

TOKEN = "hostile-catalogue-secret-token-0123456789abcdef"
"""Set as LABEL_STUDIO_API_KEY for every case: it must never appear in any output."""
NO_SERVER = "http://127.0.0.1:9"
"""A URL where nothing listens: `ls import` must reject bad files before it connects."""

SMALL_EXPORT = Path(__file__).parent / "labelstudio" / "data" / "small_export.json"


class Workspace:
    """The case's folder (the current directory while the command runs) and a prebuilt release to copy."""

    def __init__(self, root: Path, release: Path) -> None:
        self.root = root
        self._release = release

    def write(self, name: str, data: bytes | str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def json(self, name: str, value: Any) -> Path:
        return self.write(name, json.dumps(value, ensure_ascii=False, indent=1))

    def gold(self, name: str = "gold.jsonl") -> Path:
        return self.write(name, jsonl(base()))

    def release(self, name: str = "ds") -> Path:
        shutil.copytree(self._release, self.root / name, symlinks=True)
        return self.root / name

    def export(self, name: str = "export.json", change: Callable[[list[dict[str, Any]]], Any] | None = None) -> Path:
        tasks = json.loads(SMALL_EXPORT.read_text(encoding="utf-8"))
        if change is not None:
            change(tasks)
        return self.json(name, tasks)


@dataclass(frozen=True)
class Hostile:
    name: str
    setup: Callable[[Workspace], Any]
    args: tuple[str, ...]
    code: int
    fragments: tuple[str, ...]
    writes: tuple[str, ...] = ()
    """Paths (relative to the workspace) the command may create or change."""


def doc(change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    d = base()
    change(d)
    return d


def _set(d: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node: Any = d
    for p in parents:
        node = node[int(p)] if p.isdigit() else node[p]
    node[int(last) if last.isdigit() else last] = value


def changed(path: str, value: Any) -> bytes:
    """One JSONL line: the schema example with `path` (dots, digits for indices) set to `value`."""
    return jsonl(doc(lambda d: _set(d, path, value)))


NON_UTF8 = jsonl(base()).replace(b"Reuters said", b"Reuters\xff said", 1)
DUPLICATE_CLAIMS = jsonl(base())[:-2] + b', "claims": []}\n'
GOLD = "gold.jsonl"


def gold_and(name: str, data: bytes) -> Callable[[Workspace], Any]:
    def setup(ws: Workspace) -> None:
        ws.gold()
        ws.write(name, data)
    return setup


def release_and(change: Callable[[Path], Any]) -> Callable[[Workspace], Any]:
    def setup(ws: Workspace) -> None:
        change(ws.release())
    return setup


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _wrong_columns(path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": ["x"], "unexpected": [1]}), path)


def _release_json(value: Any) -> Callable[[Path], Any]:
    def change(ds: Path) -> None:
        (ds / "RELEASE.json").write_bytes(value if isinstance(value, bytes) else json.dumps(value).encode())
    return change


def _edit_release(fn: Callable[[dict[str, Any]], Any]) -> Callable[[Path], Any]:
    def change(ds: Path) -> None:
        rel = json.loads((ds / "RELEASE.json").read_text(encoding="utf-8"))
        fn(rel)
        (ds / "RELEASE.json").write_text(json.dumps(rel), encoding="utf-8")
    return change


def _history(value: bytes) -> Callable[[Path], Any]:
    def change(ds: Path) -> None:
        for p in (ds / "releases").glob("*.json"):
            p.write_bytes(value)
    return change


def _parquet(fn: Callable[[Path], Any], config: str = "documents", split: str = "train") -> Callable[[Path], Any]:
    return lambda ds: fn(ds / "data" / config / f"{split}.parquet")


def _to_dir(path: Path) -> None:
    path.unlink()
    path.mkdir()


CASES: list[Hostile] = []


def case(name: str, setup: Callable[[Workspace], Any], args: str | tuple[str, ...], code: int, *fragments: str,
         writes: tuple[str, ...] = ()) -> None:
    CASES.append(Hostile(name, setup, tuple(args.split()) if isinstance(args, str) else args, code, fragments, writes))


def nothing(ws: Workspace) -> None:
    """No files beyond what the command line names."""


# ---- validate ----------------------------------------------------------------------------------
case("validate/0xff-byte", gold_and("bad.jsonl", NON_UTF8), "validate bad.jsonl", 1,
     "bad.jsonl:1: $: invalid UTF-8 (byte 0xff)")
case("validate/offset-2**64", gold_and("bad.jsonl", changed("entities.0.end", 2**64)), "validate bad.jsonl", 1,
     "bad.jsonl:1: $.entities[0].end: integer out of range: 18446744073709551616")
case("validate/offset-2**53+1", gold_and("bad.jsonl", changed("entities.0.start", 2**53 + 1)), "validate bad.jsonl", 1,
     "bad.jsonl:1: $.entities[0].start: integer out of range")
case("validate/task-id-1e30", gold_and("bad.jsonl", jsonl(base()).replace(b'"task_id": 1', b'"task_id": 1e30')),
     "validate bad.jsonl", 1, "bad.jsonl:1: $.meta.annotation.task_id: integer out of range: 1e30")
case("validate/id-trailing-newline", gold_and("bad.jsonl", changed("id", "doc-1\n")), "validate bad.jsonl", 1,
     "bad.jsonl:1: $.id:")
case("validate/duplicate-claims-key", gold_and("bad.jsonl", DUPLICATE_CLAIMS), "validate bad.jsonl", 1,
     "bad.jsonl:1: $.claims: duplicate key 'claims'")
case("validate/json-empty-list", gold_and("bad.json", b"[]"), "validate bad.json", 1, "bad.json:1: $: no records")
case("validate/json-object", gold_and("bad.json", b'{"documents": []}'), "validate bad.json", 1, "bad.json:1: $: 'id' is required")
case("validate/directory-named-x.json", lambda ws: (ws.root / "x.json").mkdir(), "validate x.json", 2, "x.json")
case("validate/utf16", gold_and("bad.jsonl", jsonl(base()).decode().encode("utf-16")), "validate bad.jsonl", 1,
     "bad.jsonl:1: $: invalid UTF-8 (byte 0xff)")

# ---- score -----------------------------------------------------------------------------------
def submission(change: Callable[[dict[str, Any]], Any] | None = None) -> dict[str, Any]:
    """The submission line for the schema example: its id and layers, without text and meta."""
    line = {k: v for k, v in base().items() if k not in ("text", "meta")}
    if change is not None:
        change(line)
    return line


def scoring(name: str, data: bytes) -> Callable[[Workspace], Any]:
    """gold.jsonl, a valid sub.jsonl, and the bad file `name`."""
    def setup(ws: Workspace) -> None:
        ws.gold()
        ws.write("sub.jsonl", jsonl(submission()))
        ws.write(name, data)
    return setup


SUB_NON_UTF8 = jsonl(submission()).replace(b"Hezbollah", b"Hezbollah\xff", 1)
SUB_FAULTS: list[tuple[str, bytes, str]] = [
    ("0xff-byte", SUB_NON_UTF8, "$: invalid UTF-8 (byte 0xff)"),
    ("offset-2**64", jsonl(submission(lambda d: _set(d, "entities.0.end", 2**64))), "$.entities[0].end: integer out of range"),
    ("duplicate-claims-key", jsonl(submission())[:-2] + b', "claims": []}\n', "$.claims: duplicate key 'claims'"),
    ("id-trailing-newline", jsonl(submission(lambda d: _set(d, "id", "example-1\n"))), "$.id:"),
    ("nul-in-id", jsonl(submission(lambda d: _set(d, "id", "example\u00001"))), "$.id:"),
    ("entities-not-a-list", jsonl(submission(lambda d: _set(d, "entities", {"0": 1}))), "$.entities:"),
]
for what, data, frag in SUB_FAULTS:
    case(f"score/submission-{what}", scoring("pred.jsonl", data), "score pred.jsonl --gold gold.jsonl --bootstrap 0", 1,
         f"pred.jsonl:1: {frag}")
    case(f"score-compare/a-{what}", scoring("a.jsonl", data), "score compare a.jsonl sub.jsonl --gold gold.jsonl --bootstrap 0", 1,
         f"a.jsonl:1: {frag}")
    case(f"score-compare/b-{what}", scoring("b.jsonl", data), "score compare sub.jsonl b.jsonl --gold gold.jsonl --bootstrap 0", 1,
         f"b.jsonl:1: {frag}")
for what, data, frag in [("0xff-byte", NON_UTF8, "$: invalid UTF-8 (byte 0xff)"),
                         ("offset-2**64", changed("entities.0.end", 2**64), "$.entities[0].end: integer out of range"),
                         ("duplicate-claims-key", DUPLICATE_CLAIMS, "$.claims: duplicate key 'claims'"),
                         ("id-trailing-newline", changed("id", "example-1\n"), "$.id:")]:
    case(f"score/gold-{what}", scoring("g2.jsonl", data), "score sub.jsonl --gold g2.jsonl --bootstrap 0", 1, f"g2.jsonl:1: {frag}")
case("score/plots-into-missing-folder", scoring("x", b""), "score sub.jsonl --gold gold.jsonl --bootstrap 0 --plots missing/deeper",
     0, "missing/deeper", writes=("missing",))  # --plots names a folder to make: made, with its parents
case("score/plots-onto-a-file", scoring("plots", b"a file\n"), "score sub.jsonl --gold gold.jsonl --bootstrap 0 --plots plots",
     2, "plots")
case("score/gold-directory-named-x.json", lambda ws: (scoring("x", b"")(ws), (ws.root / "x.json").mkdir()),
     "score sub.jsonl --gold x.json --bootstrap 0", 2, "x.json")
case("score/gold-json-empty-list", scoring("g.json", b"[]"), "score sub.jsonl --gold g.json --bootstrap 0", 1, "g.json:1: $: no records")
case("score/submission-json-array-with-a-number", scoring("p.json", b'[{"id": "example-1"},\n 5]'),
     "score p.json --gold gold.jsonl --bootstrap 0", 1, "p.json:2: $[1]")
case("score/dataset-missing-split", lambda ws: (scoring("x", b"")(ws), ws.release()),
     "score sub.jsonl --dataset ds --split nosuch --bootstrap 0", 1,
     "ds/data/documents/nosuch.parquet: no split 'nosuch'")

RELEASE_FAULTS: list[tuple[str, Callable[[Path], Any], tuple[str, ...]]] = [
    ("release-json-corrupt", _release_json(b'{"version": '), ("RELEASE.json:1:",)),
    ("release-json-a-list", _release_json([1, 2]), ("RELEASE.json", "$")),
    ("release-json-non-utf8", _release_json(b'{"version": "0.1.0\xff"}'), ("RELEASE.json:1: $: invalid UTF-8 (byte 0xff)",)),
    ("release-json-duplicate-key", _release_json(b'{"version": "0.1.0", "version": "0.1.0"}'), ("RELEASE.json:1: $.version: duplicate key 'version'",)),
    ("release-json-ratios-wrong-type", _edit_release(lambda r: r["split"].update(ratios="train")), ("RELEASE.json", "ratios")),
    ("parquet-truncated", _parquet(_truncate), ("data/documents/train.parquet",)),
    ("parquet-wrong-columns", _parquet(_wrong_columns), ("data/documents/train.parquet",)),
    ("parquet-is-a-directory", _parquet(_to_dir), ("data/documents/train.parquet",)),
]
for what, change, frags in RELEASE_FAULTS:
    if what.startswith("parquet"):  # score reads the Parquet files, not RELEASE.json
        case(f"score/dataset-{what}", lambda ws, c=change: (scoring("x", b"")(ws), c(ws.release())),
             "score sub.jsonl --dataset ds --split train --bootstrap 0", 1, *frags)
        case(f"score-compare/dataset-{what}", lambda ws, c=change: (scoring("x", b"")(ws), c(ws.release())),
             "score compare sub.jsonl sub.jsonl --dataset ds --split train --bootstrap 0", 1, *frags)
    case(f"dataset-verify/{what}", release_and(change), "dataset verify ds", 1, *frags)
    case(f"dataset-stats/{what}", release_and(change), "dataset stats ds --no-write", 1, *frags)
    case(f"baselines-run/{what}", release_and(change), "baselines run --dataset ds --out out --no-card --bootstrap 0 --only entities-floor-frequent",
         1, *frags)
    case(f"baselines-predict/{what}", lambda ws, c=change: (ws.write("articles.jsonl", '{"id": "a-1", "text": "Reuters said so."}\n'), c(ws.release())),
         "baselines predict articles.jsonl --dataset ds --runs runs --out pre.jsonl --only entities-floor-frequent", 1, *frags)

# ---- dataset build ---------------------------------------------------------------------------
BUILD = "dataset build --exports exports --version 0.2.0 --out ds --allow-synthetic"


def exports_and(change: Callable[[Workspace], Any] | None = None, release: bool = True) -> Callable[[Workspace], Any]:
    """exports/ with the small synthetic export, the release ds/ (unless not wanted), then `change`."""
    def setup(ws: Workspace) -> None:
        ws.export("exports/20240101T000000Z.json")
        if release:
            ws.release()
        if change is not None:
            change(ws)
    return setup


def _annotation(i: int) -> Callable[[list[dict[str, Any]]], Any]:
    def change(tasks: list[dict[str, Any]]) -> None:
        tasks[0]["annotations"][i]["completed_by"] = {}
    return change


def _to_name(tasks: list[dict[str, Any]]) -> None:
    tasks[0]["annotations"][1]["result"][0]["to_name"] = "title"


def _huge_offset(tasks: list[dict[str, Any]]) -> None:
    tasks[0]["annotations"][1]["result"][0]["value"]["end"] = 2**64


MANIFEST_CASES: list[tuple[str, bytes, str]] = [
    ("manifest-corrupt", b'{"exports": [', "MANIFEST.json:1: $: invalid JSON"),
    ("manifest-a-list", b"[]", "MANIFEST.json:1: $: must be an object, got array"),
    ("manifest-exports-an-object", b'{"exports": {"file": "x"}}', "MANIFEST.json:1: $.exports: must be a list"),
    ("manifest-entry-a-string", b'{"exports": ["20240101T000000Z.json"]}', "MANIFEST.json:1: $.exports[0]: must be an object"),
    ("manifest-label-config-an-integer", b'{"exports": [{"file": "20240101T000000Z.json", "label_config": 5}]}',
     "MANIFEST.json:1: $.exports[0].label_config: must be a string"),
    ("manifest-non-utf8", b'{"exports": [{"file": "\xff"}]}', "MANIFEST.json:1: $: invalid UTF-8 (byte 0xff)"),
    ("manifest-bad-label-config", b'{"exports": [{"file": "20240101T000000Z.json", "label_config": "<View><nope"}]}',
     "labeling config is not well-formed XML: unclosed token: line 1, column 6"),
]
for what, data, frag in MANIFEST_CASES:
    case(f"dataset-build/{what}", exports_and(lambda ws, d=data: ws.write("exports/MANIFEST.json", d)), BUILD, 1, frag)
    case(f"ls-convert/{what}", lambda ws, d=data: (ws.export("exports/20240101T000000Z.json"), ws.write("exports/MANIFEST.json", d)),
         "ls convert exports/20240101T000000Z.json --out docs.jsonl", 1, frag)
case("dataset-build/directory-named-x.json-in-exports", exports_and(lambda ws: (ws.root / "exports" / "x.json").mkdir()), BUILD, 1,
     "exports/x.json")
case("dataset-build/export-non-utf8", exports_and(lambda ws: ws.write("exports/b.json", b'[{"id": 1, "data": {"text": "\xff"}}]')),
     BUILD, 1, "exports/b.json:1: $: invalid UTF-8 (byte 0xff)")
case("dataset-build/export-an-object", exports_and(lambda ws: ws.write("exports/b.json", b'{"tasks": []}')), BUILD, 1,
     "exports/b.json:0: $: a Label Studio JSON export must be a list of tasks")
case("dataset-build/export-completed-by-empty-object", exports_and(lambda ws: ws.export("exports/20240101T000000Z.json", _annotation(1))),
     BUILD, 1, "20240101T000000Z.json:0: $[0].annotations[1].completed_by: task 11: names no annotator")
case("dataset-build/export-to-name-unknown", exports_and(lambda ws: ws.export("exports/20240101T000000Z.json", _to_name)),
     BUILD, 1, "20240101T000000Z.json:0: $[0].annotations[1].result[0].to_name: task 11: to_name 'title'")
case("dataset-build/export-offset-2**64", exports_and(lambda ws: ws.export("exports/20240101T000000Z.json", _huge_offset)),
     BUILD, 1, "20240101T000000Z.json:1: $[0].annotations[1].result[0].value.end: integer out of range")
case("dataset-build/history-corrupt", exports_and(lambda ws: _history(b'{"release": ')(ws.root / "ds")), BUILD, 1,
     "ds/releases/0.1.0.json:1: $: invalid JSON")
case("dataset-build/history-a-list", exports_and(lambda ws: _history(b"[]")(ws.root / "ds")), BUILD, 1,
     "ds/releases/0.1.0.json:1: $: must be an object, got array")
case("dataset-build/history-release-wrong-type", exports_and(lambda ws: _history(b'{"release": 5, "documents": {}}')(ws.root / "ds")),
     BUILD, 1, "ds/releases/0.1.0.json: $.release")
case("dataset-build/history-non-utf8", exports_and(lambda ws: _history(b'{"release": "\xff"}')(ws.root / "ds")), BUILD, 1,
     "ds/releases/0.1.0.json:1: $: invalid UTF-8 (byte 0xff)")
case("dataset-build/history-bad-name", exports_and(lambda ws: ws.write("ds/releases/latest.json", b"{}")), BUILD, 1,
     "ds/releases/latest.json: not a release manifest name")
case("dataset-build/changelog-non-utf8", exports_and(lambda ws: ws.write("ds/CHANGELOG.md", b"# Changes\n\xff\n")), BUILD, 1,
     "ds/CHANGELOG.md:2: invalid UTF-8 (byte 0xff)")
case("dataset-build/readme-non-utf8", exports_and(lambda ws: ws.write("ds/README.md", b"---\n---\n\xfe\n")), BUILD, 1,
     "ds/README.md:3: invalid UTF-8 (byte 0xfe)")
case("dataset-build/notes-non-utf8", exports_and(lambda ws: ws.write("notes.md", b"\xff")), BUILD + " --notes notes.md", 1,
     "notes.md:1: invalid UTF-8 (byte 0xff)")
case("dataset-build/pin-a-list", exports_and(lambda ws: ws.write("pin.json", b"[]")), BUILD + " --pin pin.json", 1,
     "pin.json:1: $: must be an object, got array")
case("dataset-build/pin-duplicate-key", exports_and(lambda ws: ws.write("pin.json", b'{"a": "train", "a": "test"}')),
     BUILD + " --pin pin.json", 1, "pin.json:1: $.a: duplicate key 'a'")
case("dataset-build/pin-non-utf8", exports_and(lambda ws: ws.write("pin.json", b'{"\xff": "train"}')), BUILD + " --pin pin.json", 1,
     "pin.json:1: $: invalid UTF-8 (byte 0xff)")
case("dataset-build/pin-unknown-split", exports_and(lambda ws: ws.write("pin.json", b'{"a": "dev"}')), BUILD + " --pin pin.json", 1,
     "pin.json: $: must be an object mapping group keys to one of the splits")
case("dataset-build/card-into-missing-folder", exports_and(), BUILD + " --card missing/CARD.md", 1, "missing: no such directory",
     writes=("ds",))
case("dataset-build/card-a-directory", exports_and(lambda ws: (ws.root / "card").mkdir()), BUILD + " --card card", 2, "card")
case("dataset-build/documents-non-utf8", lambda ws: ws.write("docs.jsonl", NON_UTF8),
     "dataset build --documents docs.jsonl --version 0.1.0 --out ds", 1, "docs.jsonl:1: $: invalid UTF-8 (byte 0xff)")
case("dataset-build/documents-id-trailing-newline", lambda ws: ws.write("docs.jsonl", changed("id", "example-1\n")),
     "dataset build --documents docs.jsonl --version 0.1.0 --out ds", 1, "docs.jsonl:1: $.id:")
case("dataset-build/documents-json-empty-list", lambda ws: ws.write("docs.json", b"[]"),
     "dataset build --documents docs.json --version 0.1.0 --out ds", 1, "docs.json:1: $: no records")

# ---- ls convert ------------------------------------------------------------------------------
CONVERT = "ls convert export.json --out docs.jsonl"
DOCS = ("docs.jsonl",)
"""`ls convert` writes the records without problems even when others have some (documented)."""
case("ls-convert/non-utf8", lambda ws: ws.write("export.json", b'[{"id": 1, "data": {"text": "a\xffb"}}]'), CONVERT, 1,
     "export.json:1: $: invalid UTF-8 (byte 0xff)", writes=DOCS)
case("ls-convert/an-object", lambda ws: ws.write("export.json", b'{"tasks": []}'), CONVERT, 1,
     "export.json:0: $: a Label Studio JSON export must be a list of tasks", writes=DOCS)
case("ls-convert/duplicate-key", lambda ws: ws.write("export.json", b'[{"id": 1, "id": 2}]'), CONVERT, 1,
     "export.json:1: $[0].id: duplicate key 'id'", writes=DOCS)
case("ls-convert/completed-by-empty-object", lambda ws: ws.export(change=_annotation(1)), CONVERT, 1,
     "export.json:0: $[0].annotations[1].completed_by: task 11: names no annotator", writes=DOCS)
case("ls-convert/to-name-unknown", lambda ws: ws.export(change=_to_name), CONVERT, 1,
     "export.json:0: $[0].annotations[1].result[0].to_name: task 11: to_name 'title'", writes=DOCS)
case("ls-convert/offset-2**64", lambda ws: ws.export(change=_huge_offset), CONVERT, 1,
     "export.json:1: $[0].annotations[1].result[0].value.end: integer out of range", writes=DOCS)
case("ls-convert/mapping-a-list", lambda ws: (ws.export(), ws.write("map.json", b"[]")), CONVERT + " --mapping map.json", 1,
     "map.json:0: $: a mapping file must be a JSON object")
case("ls-convert/mapping-label-to-integer", lambda ws: (ws.export(), ws.write("map.json", b'{"labels": {"entity:MEDIA": 5}}')),
     CONVERT + " --mapping map.json", 1, 'map.json:0: $.labels["entity:MEDIA"]: must be a non-empty string')
case("ls-convert/mapping-non-utf8", lambda ws: (ws.export(), ws.write("map.json", b'{"\xff": 1}')), CONVERT + " --mapping map.json", 1,
     "map.json:1: $: invalid UTF-8 (byte 0xff)")
case("ls-convert/config-non-utf8", lambda ws: (ws.export(), ws.write("config.xml", b"<View>\xff</View>")),
     CONVERT + " --config config.xml", 1, "config.xml:1: invalid UTF-8 (byte 0xff)")
case("ls-convert/out-into-missing-folder", lambda ws: ws.export(), "ls convert export.json --out missing/docs.jsonl", 1,
     "missing: no such directory")
case("ls-convert/predictions-out-into-missing-folder", lambda ws: ws.export(),
     "ls convert export.json --out docs.jsonl --predictions-out missing/p.jsonl", 1, "missing: no such directory")
case("ls-convert/out-a-directory", lambda ws: (ws.export(), (ws.root / "docs.jsonl").mkdir()), CONVERT, 2, "docs.jsonl")
case("ls-convert/task-text-missing", lambda ws: ws.export(change=lambda t: t[0]["data"].pop("text")), CONVERT, 1,
     "export.json:0: $[0].data: task 11: task data needs 'text'", writes=DOCS)

# ---- ls import (checked before any connection: LABEL_STUDIO_URL points where nothing listens) --
ARTICLE = {"id": "example-1", "text": base()["text"], "meta": {k: v for k, v in base()["meta"].items() if k != "annotation"}}


def articles(*lines: bytes) -> Callable[[Workspace], Any]:
    def setup(ws: Workspace) -> None:
        ws.write("articles.jsonl", b"".join(lines) if lines else jsonl(ARTICLE))
        ws.write("sub.jsonl", jsonl(submission()))
        ws.gold()
    return setup


def article(change: Callable[[dict[str, Any]], Any]) -> bytes:
    a = copy.deepcopy(ARTICLE)
    change(a)
    return jsonl(a)


IMPORT = "ls import articles.jsonl"
for what, data, frag in [("0xff-byte", jsonl(ARTICLE).replace(b"Reuters", b"Reuters\xff", 1), "$: invalid UTF-8 (byte 0xff)"),
                         ("id-trailing-newline", article(lambda a: _set(a, "id", "example-1\n")), "$.id:"),
                         ("meta-annotation", article(lambda a: _set(a, "meta.annotation", {})), "$.meta.annotation:"),
                         ("unknown-field", article(lambda a: _set(a, "entities", [])), "$.entities: unknown field"),
                         ("duplicate-key", jsonl(ARTICLE)[:-2] + b', "id": "x"}\n', "$.id: duplicate key 'id'")]:
    case(f"ls-import/articles-{what}", articles(data), IMPORT, 1, f"articles.jsonl:1: {frag}")
for what, data, frag in SUB_FAULTS[:4]:
    case(f"ls-import/predictions-{what}", lambda ws, d=data: (articles()(ws), ws.write("pred.jsonl", d)),
         IMPORT + " --predictions pred.jsonl", 1, f"pred.jsonl:1: {frag}")
case("ls-import/predictions-offset-beyond-text", lambda ws: (articles()(ws), ws.write("pred.jsonl", jsonl(submission(
    lambda d: _set(d, "entities.0.end", 999))))), IMPORT + " --predictions pred.jsonl", 1, "pred.jsonl:1: $.entities[0]")
case("ls-import/annotations-0xff-byte", lambda ws: (articles()(ws), ws.write("ann.jsonl", NON_UTF8)),
     IMPORT + " --annotations ann.jsonl", 1, "ann.jsonl:1: $: invalid UTF-8 (byte 0xff)")
case("ls-import/annotations-duplicate-claims-key", lambda ws: (articles()(ws), ws.write("ann.jsonl", DUPLICATE_CLAIMS)),
     IMPORT + " --annotations ann.jsonl", 1, "ann.jsonl:1: $.claims: duplicate key 'claims'")

# ---- baselines predict: a bad article line is the articles file's fault ------------------------
PREDICT = "baselines predict articles.jsonl --dataset ds --runs runs --out pre.jsonl --only entities-floor-frequent"
for what, data, frag in [("id-with-space", b'{"id": "a 1", "text": "Reuters said so."}\n', "$.id:"),
                         ("id-trailing-newline", b'{"id": "a-1\\n", "text": "Reuters said so."}\n', "$.id:"),
                         ("id-an-integer", b'{"id": 7, "text": "Reuters said so."}\n', "$.id: expected string"),
                         ("text-empty", b'{"id": "a-1", "text": ""}\n', "$.text:"),
                         ("0xff-byte", b'{"id": "a-1", "text": "Reuters\xff said so."}\n', "$: invalid UTF-8 (byte 0xff)")]:
    case(f"baselines-predict/articles-{what}", lambda ws, d=data: (ws.write("articles.jsonl", d), ws.release()), PREDICT, 1,
         f"articles.jsonl:1: {frag}")
case("baselines-predict/out-a-directory", lambda ws: (ws.write("articles.jsonl", b'{"id": "a-1", "text": "Reuters said so."}\n'),
                                                      ws.release(), (ws.root / "pre.jsonl").mkdir()), PREDICT, 2, "pre.jsonl")
case("baselines-predict/runs-meta-corrupt", lambda ws: (ws.write("articles.jsonl", b'{"id": "a-1", "text": "Reuters said so."}\n'),
                                                        ws.release(), ws.write("runs/runs/entities-floor-frequent/0.1.0/meta.json", b"{")),
     PREDICT, 1, "runs/runs/entities-floor-frequent/0.1.0/meta.json:1: $: invalid JSON")
case("baselines-run/out-a-file", lambda ws: (ws.release(), ws.write("out", b"a file\n")),
     "baselines run --dataset ds --out out --no-card --bootstrap 0 --only entities-floor-frequent", 2, "out")
case("baselines-run/card-non-utf8", lambda ws: (ws.release(), ws.write("card.md", b"\xff")),
     "baselines run --dataset ds --out out --card card.md --bootstrap 0", 1, "card.md:1: invalid UTF-8 (byte 0xff)",
     writes=("out",))
case("baselines-run/unknown-split", lambda ws: ws.release(),
     "baselines run --dataset ds --out out --no-card --bootstrap 0 --split nosuch --only entities-floor-frequent", 1,
     "ds: the release has no (or an empty) 'nosuch' split")

# ---- corpus select / anchor ------------------------------------------------------------------
FAKE = {"id": "fakes-1", "text": "Synthetic test text: a convoy moved on.", "outlet": "outlet-a", "title": "t", "date": "1/2/2016",
        "fakes_label": 1}
SELECT = "corpus select --fakes fakes.jsonl --out picked.jsonl --n 1 --per-outlet 0"
for what, data, frag in [("missing-text", jsonl({k: v for k, v in FAKE.items() if k != "text"}), "$.text: required field"),
                         ("id-an-integer", jsonl({**FAKE, "id": 5}), "$.id: must be a non-empty string"),
                         ("outlet-a-list", jsonl({**FAKE, "outlet": ["a"]}), "$.outlet: must be a non-empty string"),
                         ("0xff-byte", jsonl(FAKE).replace(b"convoy", b"convoy\xff"), "$: invalid UTF-8 (byte 0xff)"),
                         ("duplicate-key", jsonl(FAKE)[:-2] + b', "text": "x"}\n', "$.text: duplicate key 'text'")]:
    case(f"corpus-select/fakes-{what}", lambda ws, d=data: ws.write("fakes.jsonl", d), SELECT, 1, f"fakes.jsonl:1: {frag}")
case("corpus-select/seed-article-non-utf8", lambda ws: (ws.write("fakes.jsonl", jsonl(FAKE)), ws.write("seed.txt", b"Title\n\xff")),
     SELECT + " --seed-article seed.txt", 1, "seed.txt:2: invalid UTF-8 (byte 0xff)")
case("corpus-select/keep-id-an-object", lambda ws: (ws.write("fakes.jsonl", jsonl(FAKE)), ws.write("keep.jsonl", b'{"id": {}}\n')),
     SELECT + " --keep keep.jsonl", 1, "keep.jsonl:1: $.id: expected string")
case("corpus-select/out-a-directory", lambda ws: (ws.write("fakes.jsonl", jsonl(FAKE)), (ws.root / "picked.jsonl").mkdir()),
     SELECT, 2, "picked.jsonl")

DRAFT = {"id": "example-1", "annotator": "agent@example.org", "pass": "first", "entities": [{"id": "e1", "text": "Reuters", "type": "MEDIA"}]}
ANCHOR = "corpus anchor draft.json --articles articles.jsonl --out docs.jsonl"


def drafting(draft: bytes, arts: bytes | None = None) -> Callable[[Workspace], Any]:
    def setup(ws: Workspace) -> None:
        ws.write("articles.jsonl", jsonl(ARTICLE) if arts is None else arts)
        ws.write("draft.json", draft)
    return setup


case("corpus-anchor/articles-id-missing", drafting(json.dumps(DRAFT).encode(), b'{"text": "x"}\n'), ANCHOR, 1,
     "articles.jsonl:1: $.id:")
case("corpus-anchor/articles-id-a-list", drafting(json.dumps(DRAFT).encode(), b'{"id": ["a"], "text": "x"}\n'), ANCHOR, 1,
     "articles.jsonl:1: $.id: expected string")
case("corpus-anchor/articles-0xff-byte", drafting(json.dumps(DRAFT).encode(), b'{"id": "a", "text": "\xff"}\n'), ANCHOR, 1,
     "articles.jsonl:1: $: invalid UTF-8 (byte 0xff)")
case("corpus-anchor/draft-non-utf8", drafting(json.dumps(DRAFT).encode().replace(b"Reuters", b"Reut\xffers")), ANCHOR, 1,
     "draft.json:1: $: invalid UTF-8 (byte 0xff)")
case("corpus-anchor/draft-a-string", drafting(b'"example-1"'), ANCHOR, 1, "draft.json:1: $:")
case("corpus-anchor/draft-duplicate-key", drafting(json.dumps(DRAFT).encode()[:-1] + b', "id": "x"}'), ANCHOR, 1,
     "draft.json:1: $.id: duplicate key 'id'")
case("corpus-anchor/draft-unknown-article", drafting(json.dumps({**DRAFT, "id": "nope"}).encode()), ANCHOR, 1,
     "draft.json:1: $.id: no article with id 'nope'")
case("corpus-anchor/draft-entities-an-object", drafting(json.dumps({**DRAFT, "entities": {"e1": 1}}).encode()), ANCHOR, 1,
     "draft.json:1: $.entities")
case("corpus-anchor/out-a-directory", lambda ws: (drafting(json.dumps(DRAFT).encode())(ws), (ws.root / "docs.jsonl").mkdir()),
     ANCHOR, 2, "docs.jsonl")

# ---- dataset stats / verify: cards and history ---------------------------------------------
case("dataset-stats/card-into-missing-folder", lambda ws: ws.release(), "dataset stats ds --card missing/CARD.md", 1,
     "missing: no such directory")
case("dataset-stats/readme-non-utf8", release_and(lambda ds: (ds / "README.md").write_bytes(b"# Card\n\xff\n")), "dataset stats ds", 1,
     "ds/README.md:2: invalid UTF-8 (byte 0xff)")
case("dataset-stats/card-a-directory", lambda ws: (ws.release(), (ws.root / "card").mkdir()), "dataset stats ds --card card", 2, "card")
case("dataset-stats/not-a-release", lambda ws: (ws.root / "ds").mkdir(), "dataset stats ds", 1, "ds: not a release")
case("dataset-verify/history-corrupt", release_and(_history(b'{"release": ')), "dataset verify ds", 1,
     "ds/releases/0.1.0.json:1: $: invalid JSON")
case("dataset-verify/history-a-list", release_and(_history(b"[]")), "dataset verify ds", 1,
     "ds/releases/0.1.0.json:1: $: must be an object, got array")
case("dataset-verify/history-release-wrong-type", release_and(_history(b'{"release": [], "documents": {}}')), "dataset verify ds", 1,
     "releases/0.1.0.json: $.release: does not match RELEASE.json")
case("dataset-verify/file-path-escaping", release_and(_edit_release(lambda r: r["files"][0].update(path="../../victim.parquet"))),
     "dataset verify ds", 1, "$.files[0].path")
case("dataset-verify/not-a-release", lambda ws: (ws.root / "ds").mkdir(), "dataset verify ds", 1, "ds/RELEASE.json: missing")
