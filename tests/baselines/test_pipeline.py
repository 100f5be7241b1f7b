"""The composed baseline pipeline (warclaims.baselines.pipeline): fitted or loaded from saved
models, it predicts the same valid submissions under one model_version (synthetic documents)."""

from __future__ import annotations

from pathlib import Path

import pytest

from warclaims.baselines import persist, pipeline
from warclaims.baselines.run import PIPELINE, compose, submission_lines
from warclaims.validate import check_submission


@pytest.fixture(scope="module")
def fitted(train_docs):
    return pipeline.fit(train_docs, "0.1.0", PIPELINE, {"claims-linear": {"cue_threshold": 0.3}})


def articles(docs):
    return [{"id": d.id, "text": d.text, "meta": d.meta} for d in docs]


def test_fit_names_the_chain_and_predicts_valid_submissions(fitted, test_docs) -> None:
    assert fitted.model_version == "entities-crf+claims-linear+stance-linear-e2e@0.1.0"
    assert fitted.params["claims-linear"] == {"cue_threshold": 0.3} and fitted.params["entities-crf"] == {}
    assert fitted.fitted[1][1].get_params()["cue_threshold"] == 0.3
    lines = fitted.predict(articles(test_docs[:4]))
    assert [x["id"] for x in lines] == [d.id for d in test_docs[:4]]
    assert all(check_submission(x, d.text) == [] for x, d in zip(lines, test_docs))
    assert sum(len(x["entities"]) for x in lines) > 0 and sum(len(x["stances"]) for x in lines) > 0
    bare = [d.__class__(id=d.id, text=d.text, meta=d.meta, layers=d.layers.__class__()) for d in test_docs[:4]]
    assert lines == submission_lines(bare, compose(fitted.fitted, bare))


def save_all(root: Path, fitted, version: str, names=PIPELINE) -> None:
    for spec, est in fitted.fitted:
        if spec.name in names:
            persist.save(est, root / "runs" / spec.name / version / "model.joblib", name=spec.name)


def test_load_runs_takes_the_newest_version_every_model_has(fitted, test_docs, tmp_path) -> None:
    save_all(tmp_path, fitted, "0.1.0")
    save_all(tmp_path, fitted, "0.2.0", names=PIPELINE[:2])  # 0.2.0 lacks the stance model
    (tmp_path / "runs" / PIPELINE[0] / "notes").mkdir()  # not a version: ignored
    loaded = pipeline.load_runs(tmp_path, PIPELINE)
    assert loaded.model_version == fitted.model_version
    assert loaded.predict(articles(test_docs[:3])) == fitted.predict(articles(test_docs[:3]))
    save_all(tmp_path, fitted, "0.2.0")
    assert pipeline.load_runs(tmp_path, PIPELINE).dataset_version == "0.2.0"
    assert pipeline.load_runs(tmp_path, PIPELINE, "0.1.0").dataset_version == "0.1.0"


def test_load_runs_says_what_is_missing(fitted, tmp_path) -> None:
    with pytest.raises(pipeline.ModelDirError, match="--save-models"):
        pipeline.load_runs(tmp_path, PIPELINE)
    save_all(tmp_path, fitted, "0.1.0", names=PIPELINE[:1])
    with pytest.raises(pipeline.ModelDirError, match="no release version"):
        pipeline.load_runs(tmp_path, PIPELINE)
    with pytest.raises(pipeline.ModelDirError, match=r"claims-linear/0\.1\.0/model\.joblib"):
        pipeline.load_runs(tmp_path, PIPELINE, "0.1.0")
