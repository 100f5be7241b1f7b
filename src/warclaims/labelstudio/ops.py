"""Server operations behind `warclaims ls setup / import`: each returns a summary dict (pull: pull.py).

Idempotence: `setup_project` finds the project by title; `import_articles` skips articles whose
doc id is already a task; `import_annotations` skips an annotation whose result, annotator and
cancel flag equal one already on the task.

Clients (sdk.py says why): project setup and task import go through label-studio-sdk (`sdk.call`:
the deadline, retries and messages of api.py); listing tasks, predictions, annotations, task data
and users still use api.py (requests), bounded by the same deadline.
"""

from __future__ import annotations

from typing import Any, Iterable

from . import sdk as S
from .api import Api, ApiError
from .config import ProjectConfig
from .inverse import layers_to_results


def setup_project(api: Api, title: str, label_config: str, description: str | None = None) -> dict[str, Any]:
    """Create the project titled `title`, or update its labeling config (and `description`, when given)
    if they differ; through the SDK (`projects.create` / `projects.update`)."""
    with S.client(api) as ls:
        current = S.find_project(api, ls, title)
        if current is None:
            extra = {"description": description} if description is not None else {}
            created = S.json_of("POST /api/projects", S.call(api, "POST /api/projects", lambda o: ls.projects.with_raw_response.create(
                title=title, label_config=label_config, request_options=o, **extra)))
            if not isinstance(created, dict) or not isinstance(created.get("id"), int):
                raise ApiError("POST /api/projects: the answer names no project id")
            return {"project_id": created["id"], "action": "created"}
        pid = int(current["id"])
        change: dict[str, str] = {}
        if (current.get("label_config") or "").strip() != label_config.strip():  # the server strips the XML
            change["label_config"] = label_config
        if description is not None and (current.get("description") or "") != description:
            change["description"] = description
        if not change:
            return {"project_id": pid, "action": "unchanged"}
        S.call(api, f"PATCH /api/projects/{pid}", lambda o: ls.projects.with_raw_response.update(pid, request_options=o, **change))
    return {"project_id": pid, "action": "updated"}


BACKEND_TITLE = "warclaims-baselines"
"""Title of the ML backend `connect_backend` adds (Label Studio shows it under Settings > Model)."""


def connect_backend(api: Api, pid: int, url: str) -> dict[str, Any]:
    """Connect the ML backend at `url` to project `pid` (or re-check the one already there) and
    make it the project's source of predictions.

    Label Studio calls the backend's /health and /setup at once and keeps the model_version
    /setup answers; ApiError when it cannot reach or use the backend (message from the server)."""
    listed = api.json("GET", "/api/ml", params={"project": pid}) or []
    same = next((b for b in listed if b.get("url", "").rstrip("/") == url.rstrip("/")), None)
    try:
        if same is None:
            body = {"project": pid, "url": url, "title": BACKEND_TITLE, "is_interactive": False}
            backend, action = api.json("POST", "/api/ml", json=body), "connected"
        else:
            # GET re-runs /health and /setup on the server (a PATCH without "project" is a 500 in 1.23.2)
            backend, action = api.json("GET", f"/api/ml/{same['id']}"), "rechecked"
    except ApiError as e:
        hint = (" (Label Studio refuses a backend on a local address unless it was started with ML_BLOCK_LOCAL_IP=false "
                "and SSRF_PROTECTION_ENABLED=false, as `warclaims ls serve` does)") if "HTTP 400" in str(e) or "HTTP 403" in str(e) else ""
        raise ApiError(f"{e}{hint}") from None
    if backend.get("state") != "CO":
        raise ApiError(f"ML backend {url}: state {backend.get('readable_state') or backend.get('state')}: "
                       f"{backend.get('error_message') or 'no message'}")
    # The label stream (`/api/projects/<id>/next`) asks the backend live only when the project's
    # model_version names the backend's title; else it shows stored predictions of that version
    # (an earlier `ls import --predictions` sets it). Select the backend, as Settings > Model does.
    previous = api.json("GET", f"/api/projects/{pid}").get("model_version") or None
    if previous != BACKEND_TITLE:
        api.json("PATCH", f"/api/projects/{pid}", json={"model_version": BACKEND_TITLE})
    return {"backend_id": backend["id"], "action": action, "model_version": backend.get("model_version"),
            "project_model_version": {"was": previous, "now": BACKEND_TITLE}}


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
    what = f"POST /api/projects/{pid}/import"
    with S.client(api) as ls:
        for i in range(0, len(new), batch):
            chunk = new[i:i + batch]
            S.call(api, what, lambda o: ls.projects.with_raw_response.import_tasks(pid, request=chunk, request_options=o),  # type: ignore[arg-type]
                   per_request=max(api.timeout, 600))
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
