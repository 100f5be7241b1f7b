"""A baseline submission is Label Studio pre-annotation input: the inverse converter used by
`warclaims ls import --predictions` turns it into results that convert back to the same layers."""

import pytest

from warclaims.baselines import registry


@pytest.mark.parametrize("name", list(registry.BASELINES))
def test_submission_round_trips_through_label_studio_results(name, train_docs, test_docs):
    from warclaims.labelstudio.config import parse_config
    from warclaims.labelstudio.inverse import layers_to_results
    from warclaims.labelstudio.results import results_to_layers
    from warclaims.paths import labeling_config_path

    config = parse_config(labeling_config_path().read_text(encoding="utf-8"))
    est = registry.get(name).make(seed=0).fit(train_docs)
    for doc, layers in zip(test_docs[:5], est.predict(test_docs[:5])):
        sub = {"id": doc.id, **layers.to_dict()}
        back = results_to_layers(layers_to_results(sub, config), doc.text, config)
        assert back.problems == [] and back.repairs == []
        for layer in ("entities", "sources", "cues", "claims"):
            want = sorted((x["start"], x["end"], x.get("type"), x.get("kind")) for x in sub.get(layer, []))
            got = sorted((x["start"], x["end"], x.get("type"), x.get("kind")) for x in back.layers[layer])
            assert got == want, layer
        assert len(back.layers["stances"]) == len(sub.get("stances", []))
