import joblib
import pytest

from warclaims.baselines import persist, registry


@pytest.mark.parametrize("name", ["entities-crf", "claims-linear", "stance-linear"])
def test_save_load_round_trip(name, tmp_path, train_docs, test_docs):
    est = registry.get(name).make(seed=0).fit(train_docs)
    path = persist.save(est, tmp_path / "m" / "model.joblib", name=name)
    loaded = persist.load(path, name=name)
    assert loaded.predict(test_docs) == est.predict(test_docs)
    assert loaded.get_params() == est.get_params()


def test_load_refuses_other_versions_and_names(tmp_path, train_docs):
    est = registry.get("entities-floor-frequent").make().fit(train_docs)
    path = persist.save(est, tmp_path / "model.joblib", name="entities-floor-frequent")
    with pytest.raises(persist.ModelVersionError, match="name 'entities-floor-frequent' \\(expected 'x'\\)"):
        persist.load(path, name="x")
    envelope = joblib.load(path)
    joblib.dump({**envelope, "sklearn": "0.1"}, path)
    with pytest.raises(persist.ModelVersionError, match="sklearn '0.1'"):
        persist.load(path)
    joblib.dump(["not", "a", "model"], path)
    with pytest.raises(persist.ModelVersionError, match="not a warclaims model file"):
        persist.load(path)
