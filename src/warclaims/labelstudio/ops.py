"""Server operations behind `warclaims ls setup / import / pull`: each returns a summary dict.

Idempotence: `setup_project` finds the project by title; `import_articles` skips articles whose
doc id is already a task; `import_annotations` skips an annotation whose result, annotator and
cancel flag equal one already on the task.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from ..safe_write import open_atomic, write_text
from .api import Api, ApiError
from .config import ProjectConfig, guidelines_version_of
from .inverse import layers_to_results

MANIFEST = "MANIFEST.json"


def setup_project(api: Api, title: str, label_config: str) -> dict[str, Any]:
    """Create the project titled `title`, or update its labeling config if it differs."""
    project = api.find_project(title)
    if project is None:
        created = api.json("POST", "/api/projects", json={"title": title, "label_config": label_config})
        return {"project_id": created["id"], "action": "created"}
    if api.json("GET", f"/api/projects/{project['id']}").get("label_config", "").strip() == label_config.strip():  # the server strips the XML
        return {"project_id": project["id"], "action": "unchanged"}
    api.json("PATCH", f"/api/projects/{project['id']}", json={"label_config": label_config})
    return {"project_id": project["id"], "action": "updated"}


def project_id(api: Api, title: str) -> int:
    """The id of the project titled `title`; ApiError when there is none."""
    project = api.find_project(title)
    if project is None:
        raise ApiError(f"no project titled {title!r} (run `warclaims ls setup` first)")
    return int(project["id"])


def tasks_by_doc_id(api: Api, pid: int) -> dict[str, dict[str, Any]]:
    """Existing tasks of the project keyed by `data.doc_id`."""
    return {t["data"]["doc_id"]: t for t in api.iter_tasks(pid) if isinstance(t.get("data"), dict) and "doc_id" in t["data"]}


def article_task(article: dict[str, Any]) -> dict[str, Any]:
    """Task data for one article line {"id", "text", "meta"} (see convert.py for the layout)."""
    return {"data": {"text": article["text"], "doc_id": article["id"], "meta": article["meta"]}}


def import_articles(api: Api, pid: int, articles: Iterable[dict[str, Any]], batch: int = 500) -> dict[str, int]:
    """Import articles as tasks, skipping doc ids already present (and repeats within the input)."""
    seen = set(tasks_by_doc_id(api, pid))
    new: list[dict[str, Any]] = []
    skipped = 0
    for a in articles:
        if a["id"] in seen:
            skipped += 1
            continue
        seen.add(a["id"])
        new.append(article_task(a))
    for i in range(0, len(new), batch):
        api.json("POST", f"/api/projects/{pid}/import", json=new[i:i + batch], timeout=max(api.timeout, 600))
    return {"imported": len(new), "skipped_existing": skipped}


def import_predictions(api: Api, pid: int, submissions: Iterable[dict[str, Any]], config: ProjectConfig,
                       model_version: str, score: float | None = None) -> dict[str, int]:
    """Attach Submission lines as predictions (by doc id); skips identical ones already present."""
    tasks = tasks_by_doc_id(api, pid)
    out = {"imported": 0, "skipped_existing": 0, "unknown_doc_id": 0}
    for sub in submissions:
        task = tasks.get(sub["id"])
        if task is None:
            out["unknown_doc_id"] += 1
            continue
        result = layers_to_results(sub, config, (task.get("data") or {}).get("text"))
        existing = api.json("GET", "/api/predictions", params={"task": task["id"]}) or []
        if any(p.get("model_version") == model_version and p.get("result") == result for p in existing):
            out["skipped_existing"] += 1
            continue
        body: dict[str, Any] = {"task": task["id"], "result": result, "model_version": model_version}
        if score is not None:
            body["score"] = score
        api.json("POST", "/api/predictions", json=body)
        out["imported"] += 1
    return out


def import_annotations(api: Api, pid: int, documents: Iterable[dict[str, Any]], config: ProjectConfig) -> dict[str, int]:
    """Add Document records as annotations of their task, completed by meta.annotation.annotators[0].

    The user is created when missing. The record's pass is stored in task data `passes` so the
    converter gives it back. An identical annotation already present is skipped.
    """
    tasks = tasks_by_doc_id(api, pid)
    out = {"imported": 0, "skipped_existing": 0, "unknown_doc_id": 0}
    for doc in documents:
        task = tasks.get(doc["id"])
        if task is None:
            out["unknown_doc_id"] += 1
            continue
        ann_meta = doc["meta"]["annotation"]
        email = ann_meta["annotators"][0]
        uid = api.user_id(email)
        result = layers_to_results(doc, config)
        existing = api.json("GET", f"/api/tasks/{task['id']}/annotations") or []
        if any(_user_id(a.get("completed_by")) == uid and a.get("result") == result and not a.get("was_cancelled") for a in existing):
            out["skipped_existing"] += 1
            continue
        body = {"result": result, "completed_by": uid, "ground_truth": bool(ann_meta.get("ground_truth")),
                "lead_time": ann_meta.get("lead_time")}
        api.json("POST", f"/api/tasks/{task['id']}/annotations", json=body)
        passes = dict(task["data"].get("passes") or {})
        origins = dict(task["data"].get("origins") or {})
        origin = ann_meta.get("origin") or "label-studio"
        if passes.get(email) != ann_meta["pass"] or origins.get(email) != origin:
            passes[email] = ann_meta["pass"]
            origins[email] = origin
            task["data"] = {**task["data"], "passes": passes, "origins": origins}
            api.json("PATCH", f"/api/tasks/{task['id']}", json={"data": task["data"]})
        out["imported"] += 1
    return out


def _user_id(completed_by: Any) -> Any:
    return completed_by.get("id") if isinstance(completed_by, dict) else completed_by


def create_snapshot(api: Api, pid: int) -> int:
    """Create a full-JSON snapshot export (drafts, predictions, annotators as objects) via the SDK."""
    from label_studio_sdk.client import LabelStudio

    ls = LabelStudio(base_url=api.url, api_key=api.session.headers["Authorization"].split(" ", 1)[1], timeout=max(api.timeout, 600))
    export = ls.projects.exports.create(pid, title=f"warclaims pull {utc_stamp()}", serialization_options={
        "predictions": {"only_id": False}, "drafts": {"only_id": False}, "annotations__completed_by": {"only_id": False}})
    return int(export.id)


def utc_stamp() -> str:
    """The current UTC time as a file-name-safe timestamp, e.g. 20241208T153012Z."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def download_to(api: Api, path: str, dest: Path) -> str:
    """Stream GET `path` into `dest` via a temp file + rename, with retries; returns the sha256.

    A failed or interrupted download leaves no file behind; an existing `dest` is never replaced.
    """
    last = ""
    for attempt in range(api.retries + 1):
        if attempt:
            import time
            time.sleep(api.backoff * 2 ** (attempt - 1))
        try:
            digest = hashlib.sha256()
            with open_atomic(dest, exclusive=True) as f:  # exclusive: never overwrite
                resp = api.session.get(api.url + path, stream=True, timeout=api.timeout)
                if resp.status_code >= 400:
                    if resp.status_code < 500:
                        raise ApiError(f"GET {path}: HTTP {resp.status_code}: {resp.text[:300]}")
                    raise _Retry(f"HTTP {resp.status_code}")
                for chunk in resp.iter_content(1 << 20):
                    f.write(chunk)
                    digest.update(chunk)
                expected = resp.headers.get("Content-Length")
                if expected is not None and int(expected) != f.tell():
                    raise _Retry(f"incomplete body ({f.tell()} of {expected} bytes)")
            return digest.hexdigest()
        except FileExistsError:
            raise ApiError(f"{dest} already exists; not overwritten") from None
        except _Retry as e:
            last = str(e)
        except (requests_errors()) as e:
            last = type(e).__name__
    raise ApiError(f"GET {path}: failed after {api.retries + 1} attempts ({last}); nothing written")


class _Retry(Exception):
    """A failed download attempt worth repeating (5xx, short body); its message says why."""


def requests_errors() -> tuple[type[BaseException], ...]:
    """Transport errors worth a retry."""
    import requests

    return (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


def record_export(out_dir: Path, entry: dict[str, Any]) -> None:
    """Append `entry` to out_dir/MANIFEST.json (written via temp file + rename)."""
    manifest = out_dir / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {"exports": []}
    data["exports"].append(entry)
    write_text(manifest, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def pull(api: Api, pid: int, out_dir: Path) -> dict[str, Any]:
    """Snapshot-export the project and save it byte for byte as out_dir/<UTC stamp>.json, recorded in the manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    project = api.json("GET", f"/api/projects/{pid}")
    export_id = create_snapshot(api, pid)
    dest = out_dir / f"{utc_stamp()}.json"
    sha = download_to(api, f"/api/projects/{pid}/exports/{export_id}/download?exportType=JSON", dest)
    entry = {"file": dest.name, "sha256": sha, "bytes": dest.stat().st_size, "project_id": pid,
             "project_title": project.get("title"), "label_studio_version": api.version(),
             "guidelines_version": guidelines_version_of(project.get("label_config") or ""),
             "label_config": project.get("label_config"), "pulled_at": datetime.now(timezone.utc).isoformat(), "source": "server"}
    record_export(out_dir, entry)
    return entry


def pull_from_file(src: Path, out_dir: Path, *, label_config: str, label_studio_version: str) -> dict[str, Any]:
    """Store a file written by `label-studio export` like a pulled snapshot (copy, sha256, manifest)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    dest = out_dir / f"{utc_stamp()}.json"
    digest = hashlib.sha256()
    with open_atomic(dest, exclusive=True) as f, open(src, "rb") as s:
        while chunk := s.read(1 << 20):
            f.write(chunk)
            digest.update(chunk)
    entry = {"file": dest.name, "sha256": digest.hexdigest(), "bytes": dest.stat().st_size, "project_id": None,
             "project_title": None, "label_studio_version": label_studio_version,
             "guidelines_version": guidelines_version_of(label_config), "label_config": label_config,
             "pulled_at": datetime.now(timezone.utc).isoformat(), "source": f"file:{src.name}"}
    record_export(out_dir, entry)
    return entry
