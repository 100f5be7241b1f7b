"""`warclaims ls pull`: snapshot exports of a project and its pass projects, checked before they are kept.

Order, so that nothing unchecked is kept and nothing kept is unrecorded (issue 14):
1. read OUT/MANIFEST.json (a corrupt one stops the pull before any network work);
2. for every project: create a full-JSON snapshot export and download it into a temp file in
   OUT, checking status, content type, Content-Length and the body (received.py); all through
   label-studio-sdk (sdk.py: deadline, retries and messages as with api.py);
3. only when every download passed: move each temp file to its final name (never overwriting),
   then write the manifest once; if that write fails, the files just kept are removed again.
A failure or the deadline at any step removes every temp file: OUT is as before.

Projects (labelstudio.passes): without `passes`, the project titled BASE and every pass project
of BASE that exists (`BASE (first pass)`, ...); with `passes`, exactly those pass projects. Each
export gets its own file, `<UTC stamp>.json` or `<UTC stamp>-<pass>.json`, and its own manifest
entry with project id, title and "pass" (from the project's description; null when none).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Sequence

from label_studio_sdk import LabelStudio
from label_studio_sdk.core.request_options import RequestOptions

from ..flock import held
from ..readers import JSONError, parse_json
from ..safe_write import Pending, UnsafeTarget, write_text
from . import passes as P
from . import sdk as S
from .api import Api, ApiError
from .config import guidelines_version_of
from .deadline import enforce
from .received import NotAnExport, check_body, check_headers, check_length

MANIFEST = "MANIFEST.json"
SERIALIZATION = {"predictions": {"only_id": False}, "drafts": {"only_id": False}, "annotations__completed_by": {"only_id": False}}
"""Snapshot options: predictions, drafts and annotators as objects, not ids."""


class PullError(RuntimeError):
    """A pull that kept nothing; the message names the project, the request or file, and why."""


@dataclass
class Fetched:
    """One export downloaded and checked, still in its temp file."""

    project: dict[str, Any]
    pass_: str | None
    pending: Pending
    sha256: str
    size: int
    tasks: int


def utc_stamp() -> str:
    """The current UTC time as a file-name-safe timestamp, e.g. 20241208T153012123456Z."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """OUT/MANIFEST.json ({"exports": [...]}, empty when missing); PullError when it is unreadable."""
    path = out_dir / MANIFEST
    if not path.exists():
        return {"exports": []}
    try:
        data = parse_json(path.read_bytes())
    except (OSError, JSONError) as e:
        raise PullError(f"{path}: cannot be read ({e})") from None
    if not isinstance(data, dict) or not isinstance(data.get("exports"), list):
        raise PullError(f"{path}: $.exports: expected an object with an exports list")
    return data


def make_folder(out_dir: Path) -> bool:
    """Create `out_dir` (and its parents) when missing; whether it was created. PullError when it cannot be."""
    if out_dir.is_dir():
        return False
    try:
        out_dir.mkdir(parents=True)
    except OSError as e:
        raise PullError(f"{out_dir}: cannot create the folder ({e.strerror or e})") from None
    return True


def projects_to_pull(api: Api, ls: LabelStudio, base: str, passes: Sequence[str] | None) -> list[tuple[dict[str, Any], str | None]]:
    """(project, its pass) for every project to pull; ApiError when a wanted project is missing."""
    if passes:
        wanted = [P.project_title(base, p) for p in dict.fromkeys(passes)]
    else:
        wanted = [base] + [P.project_title(base, p) for p in P.PASSES]
    found = []
    for title in wanted:
        project = S.find_project(api, ls, title)
        if project is None and passes:
            raise ApiError(f"no project titled {title!r} (run `warclaims ls setup --pass ...` first)")
        if project is not None:
            found.append((project, P.pass_of_project(project)))
    if not found:
        raise ApiError(f"no project titled {base!r} and no pass project of it (run `warclaims ls setup` first)")
    return found


def download(api: Api, ls: LabelStudio, pid: int, export_id: int, target: Path) -> tuple[Pending, str, int, int]:
    """Download export `export_id` of project `pid` (full JSON, through the SDK) into a temp file
    next to `target`, with retries; (pending file, sha256, bytes, tasks) once the response and the
    body pass the checks. The caller commits (never overwriting `target`) or aborts the temp file."""
    what = f"GET /api/projects/{pid}/exports/{export_id}/download?exportType=JSON"

    def attempt(options: RequestOptions) -> tuple[Pending, str, int, int]:
        pending = Pending(target, exclusive=True)
        try:
            return (pending, *_fetch_once(ls, pid, export_id, options, pending.temp))
        except BaseException:
            pending.abort()
            raise

    try:
        return S.call(api, what, attempt)
    except NotAnExport as e:
        raise ApiError(f"{what}: {e}") from None


def _fetch_once(ls: LabelStudio, pid: int, export_id: int, options: RequestOptions, temp: Path) -> tuple[str, int, int]:
    """One streamed download into `temp`: status and content type checked before the body is read,
    the byte count against Content-Length after (a short body is worth a retry), then the body."""
    digest = hashlib.sha256()
    with ls.projects.exports.with_raw_response.download(pid, export_id, export_type="JSON",
                                                        request_options={**options, "chunk_size": 1 << 16}) as resp, \
            open(temp, "wb") as f:
        check_headers(resp.status_code, resp.response.headers.get("Content-Type"))
        for chunk in resp.data:
            f.write(chunk)
            digest.update(chunk)
        size = f.tell()
        on_wire = resp.response.num_bytes_downloaded  # before any Content-Encoding is undone, as Content-Length counts
        announced = resp.response.headers.get("Content-Length")
    try:
        check_length(on_wire, announced)
    except NotAnExport as e:
        raise S.Retry(str(e)) from None
    return digest.hexdigest(), size, check_body(temp.read_bytes())


def fetch_project(api: Api, ls: LabelStudio, project: dict[str, Any], pass_: str | None, target: Path) -> Fetched:
    """Snapshot-export one project and download it, checked, into a temp file next to `target`."""
    pid = int(project["id"])
    try:
        export_id = S.create_export(api, ls, pid, f"warclaims pull {utc_stamp()}", SERIALIZATION)
        pending, sha, size, tasks = download(api, ls, pid, export_id, target)
    except ApiError as e:
        raise ApiError(f"project {project.get('title')!r} (id {pid}): {e}") from None
    return Fetched(project, pass_, pending, sha, size, tasks)


def file_names(projects: Sequence[tuple[dict[str, Any], str | None]], stamp: str) -> list[str]:
    """`<stamp>.json` for a project without a pass, `<stamp>-<pass>.json` for a pass project;
    `-p<id>` is added when two projects of one pull would get the same name."""
    names = [f"{stamp}.json" if pass_ is None else f"{stamp}-{pass_}.json" for _, pass_ in projects]
    return [n if names.count(n) == 1 else n.replace(".json", f"-p{int(p['id'])}.json") for n, (p, _) in zip(names, projects)]


@contextlib.contextmanager
def manifest_lock(out_dir: Path) -> Iterator[None]:
    """Hold OUT/.MANIFEST.json.lock (warclaims.flock, waiting its turn) while the manifest is read
    and rewritten, so that two pulls into one folder never lose each other's entries."""
    with held(out_dir / f".{MANIFEST}.lock", wait=True):
        yield


def keep(fetched: Sequence[Fetched], out_dir: Path, entries: list[dict[str, Any]]) -> None:
    """Move every checked temp file to its final name (never overwriting), then record `entries`
    in the manifest; on any failure, remove what this call kept and abort the rest.

    The manifest is read under the manifest lock (a corrupt one already stopped the pull before
    its network work), so entries another pull kept meanwhile are kept too."""
    kept: list[Path] = []
    try:
        with manifest_lock(out_dir):
            current = read_manifest(out_dir)
            for f in fetched:
                f.pending.commit()
                kept.append(f.pending.target)
            write_text(out_dir / MANIFEST, json.dumps({**current, "exports": current["exports"] + entries},
                                                      indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    except BaseException as e:
        for path in kept:
            path.unlink(missing_ok=True)
        for f in fetched:
            f.pending.abort()
        if isinstance(e, FileExistsError):
            raise PullError(f"{e.filename2 or out_dir}: already exists; not overwritten") from None
        if isinstance(e, (OSError, UnsafeTarget)):
            raise PullError(f"{out_dir}: cannot keep the export ({e})") from None
        raise


def entry_of(f: Fetched, label_studio_version: str, pulled_at: str) -> dict[str, Any]:
    """The manifest entry of one export about to be kept."""
    label_config = f.project.get("label_config") or ""
    return {"file": f.pending.target.name, "sha256": f.sha256, "bytes": f.size, "tasks": f.tasks, "project_id": int(f.project["id"]),
            "project_title": f.project.get("title"), "pass": f.pass_, "label_studio_version": label_studio_version,
            "guidelines_version": guidelines_version_of(label_config), "label_config": label_config,
            "pulled_at": pulled_at, "source": "server"}


def pull(api: Api, base_title: str, out_dir: Path, passes: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Pull the project titled `base_title` and its pass projects (or only `passes`) into `out_dir`;
    the manifest entries written. Raises ApiError, PullError or DeadlineExceeded with nothing kept.
    The network work runs under `api.deadline` (enforced); keeping the files does not, so that a
    deadline never interrupts a half-written manifest."""
    read_manifest(out_dir)  # a corrupt manifest stops the pull before any network work
    created = make_folder(out_dir)
    fetched: list[Fetched] = []
    try:
        with enforce(api.deadline) if api.deadline else contextlib.nullcontext(), S.client(api) as ls:
            projects = projects_to_pull(api, ls, base_title, passes)
            for (project, pass_), name in zip(projects, file_names(projects, utc_stamp())):
                fetched.append(fetch_project(api, ls, project, pass_, out_dir / name))
            version = S.version(api, ls)
    except BaseException:
        for f in fetched:
            f.pending.abort()
        if created:
            with contextlib.suppress(OSError):
                out_dir.rmdir()
        raise
    pulled_at = datetime.now(timezone.utc).isoformat()
    entries = [entry_of(f, version, pulled_at) for f in fetched]
    keep(fetched, out_dir, entries)
    return entries


def pull_from_file(src: Path, out_dir: Path, *, label_config: str, label_studio_version: str,
                   pass_: str | None = None) -> dict[str, Any]:
    """Store a file written by `label-studio export ... JSON` like a pulled snapshot, after the same
    body checks (a text file, an HTML page or truncated JSON is refused); the manifest entry."""
    read_manifest(out_dir)  # a corrupt manifest stops here, before anything is written
    try:
        body = src.read_bytes()
    except OSError as e:
        raise PullError(f"{src}: cannot be read ({e.strerror})") from None
    try:
        tasks = check_body(body)
    except NotAnExport as e:
        raise PullError(f"{src}: {e}") from None
    make_folder(out_dir)
    (name,) = file_names([({"id": 0}, pass_)], utc_stamp())
    pending = Pending(out_dir / name, exclusive=True)
    try:
        pending.temp.write_bytes(body)
    except BaseException:
        pending.abort()
        raise
    f = Fetched({"id": 0, "title": None, "label_config": label_config}, pass_, pending, hashlib.sha256(body).hexdigest(), len(body), tasks)
    entry = {**entry_of(f, label_studio_version, datetime.now(timezone.utc).isoformat()), "project_id": None,
             "source": f"file:{src.name}"}
    keep([f], out_dir, [entry])
    return entry
