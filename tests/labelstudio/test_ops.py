"""warclaims.labelstudio.ops on a real Label Studio: project setup and task import go through the
SDK (labelstudio/sdk.py) and keep their idempotence. Task texts are synthetic."""

from __future__ import annotations

from typing import Any

import pytest

from warclaims.labelstudio import ops
from warclaims.labelstudio.api import Api
from warclaims.labelstudio.deadline import Deadline

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]

CONFIG = '<View><Text name="text" value="$text"/><Labels name="label" toName="text"><Label value="A"/></Labels></View>'


def test_setup_creates_updates_and_leaves_unchanged(label_studio: Any) -> None:
    api = Api(label_studio.url, label_studio.token, deadline=Deadline(120))
    title = "ops setup through the SDK"
    created = ops.setup_project(api, title, CONFIG, "first description")
    assert created["action"] == "created"
    changed = CONFIG.replace('value="A"', 'value="B"')
    assert ops.setup_project(api, title, changed, "second description") == {"project_id": created["project_id"], "action": "updated"}
    stored = label_studio.api.json("GET", f"/api/projects/{created['project_id']}")
    assert (stored["label_config"].strip(), stored["description"]) == (changed, "second description")
    assert ops.setup_project(api, title, changed) == {"project_id": created["project_id"], "action": "unchanged"}


def test_import_articles_in_batches_skips_what_is_there(label_studio: Any) -> None:
    api = Api(label_studio.url, label_studio.token, deadline=Deadline(120))
    pid = ops.setup_project(api, "ops import through the SDK", CONFIG)["project_id"]
    articles = [{"id": f"synthetic-ops-{i}", "text": f"Synthetic text {i}.", "meta": {"synthetic": True}} for i in range(5)]
    assert ops.import_articles(api, pid, articles[:3], batch=2) == {"imported": 3, "skipped_existing": 0}
    assert ops.import_articles(api, pid, articles, batch=2) == {"imported": 2, "skipped_existing": 3}
    assert sorted(ops.tasks_by_doc_id(api, pid)) == sorted(a["id"] for a in articles)
