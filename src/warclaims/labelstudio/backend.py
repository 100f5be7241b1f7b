"""Label Studio's ML backend protocol, as Label Studio 1.23.2 speaks it, over a fitted baseline Pipeline (pure).

What the server sends (label_studio/ml/api_connector.py, ml/models.py in 1.23.2) and what it
expects back; every route answers JSON:

- `GET /health` -> `{"status": "UP", "model_class", "model_version"}` (1 s timeout on its side).
- `POST /setup` with `{"project": "<id>.<created unix time>", "schema": <labeling config XML>,
  "hostname", "access_token", "extra_params"}` -> `{"model_version"}`. The server stores that
  version on the backend and skips tasks that already hold a prediction of it. A config whose
  text field or labels we cannot read is refused here (HTTP 400), so connecting fails loudly.
  The access token is never kept or logged.
- `POST /predict` with `{"tasks": [{"id", "data": {...}, ...}], "project", "label_config",
  "params"}` -> `{"results": [{"result": [...], "score": null, "model_version"}]}`, one item per
  task in task order (the server pairs them by position). Regions are the baselines' layers made
  into results by `inverse.layers_to_results`, so offsets are code points of the task's text and
  `value.text == text[start:end]`, exactly as `ls import --predictions` writes them.
- `GET /versions` -> `{"versions": [model_version]}`.
- `POST /webhook`: annotation events. Answered 200 with what was received and that no training
  happens (see `webhook_response` for why), so a project webhook pointed here does not error.

Layers the project's config cannot show (an entity type without a label, stances without
relation labels, a per-region choice without its control) are left out of the result and
counted per task in the `Predicted` record the server logs; nothing is dropped silently.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from .. import schemas
from .config import ConfigError, ProjectConfig, parse_config
from .inverse import layers_to_results

Predict = Callable[[Sequence[Mapping[str, Any]]], list[dict[str, Any]]]
"""Article lines {id, text, meta} -> Submission lines, in order (Pipeline.predict)."""

CLAIM_FIELDS = (("claims", "quote"), ("claims", "certainty"), ("sources", "kind"))


class ProtocolError(ValueError):
    """A request the protocol does not allow; answered HTTP 400 with `{"error": message}`."""


def text_key(xml: str) -> str:
    """The task-data key the config's one <Text> reads (`value="$text"` -> `text`); ConfigError otherwise."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as e:
        raise ConfigError(f"labeling config is not well-formed XML: {e}") from None
    values = [el.get("value", "") for el in root.iter("Text")]
    if len(values) != 1 or not values[0].startswith("$") or len(values[0]) < 2:
        raise ConfigError(f"labeling config must have exactly one <Text value=\"$field\">, found {values!r}")
    return values[0][1:]


def showable(sub: Mapping[str, Any], config: ProjectConfig) -> tuple[dict[str, Any], Counter[str]]:
    """The part of a Submission line the config can show, and what was left out, counted by kind.

    Entities whose type has no label, span layers without a label, per-region fields without
    their Choices control and stances without a way to draw them are left out; links and
    stances that point at a left-out span go with it."""
    dropped: Counter[str] = Counter()
    layers = {(t.layer, t.type) for t in config.spans.values()}
    fields = set(config.choices.values())
    out: dict[str, Any] = {"id": sub.get("id")}
    kept: set[str] = set()
    for layer in schemas.SPAN_LAYERS:
        items = []
        for item in sub.get(layer) or []:
            type_ = item.get("type") if layer == "entities" else None
            if (layer, type_) not in layers:
                dropped[f"{layer}:{type_}" if type_ else layer] += 1
                continue
            item = dict(item)
            for lay, fld in CLAIM_FIELDS:
                if lay == layer and item.get(fld) is not None and (lay, fld) not in fields:
                    dropped[f"{lay}.{fld}"] += 1
                    item[fld] = None
            items.append(item)
            kept.add(item["id"])
        out[layer] = items
    for claim in out["claims"]:
        for ref in ("source_id", "cue_id"):
            if claim.get(ref) is not None and claim[ref] not in kept:
                dropped[f"claims.{ref}"] += 1
                claim[ref] = None
    polarities = set(config.relations.values())
    out["stances"] = []
    for st in sub.get("stances") or []:
        author = st["holder_id"] == schemas.AUTHOR
        drawable = ("entities", "author_stance") in fields if author else st["polarity"] in polarities
        if not drawable or st["target_id"] not in kept or not (author or st["holder_id"] in kept):
            dropped["stances"] += 1
            continue
        out["stances"].append(st)
    return out, dropped


@dataclass
class Predicted:
    """What one /predict call returned: regions and left-out items per task id (for the log)."""

    model_version: str
    regions: dict[Any, int] = field(default_factory=dict)
    dropped: dict[Any, dict[str, int]] = field(default_factory=dict)
    no_text: list[Any] = field(default_factory=list)


class Backend:
    """The protocol's routes over one fitted pipeline; parsed configs are cached by their XML."""

    def __init__(self, predict: Predict, model_version: str, model_class: str = "warclaims-baselines") -> None:
        self.predict = predict
        self.model_version = model_version
        self.model_class = model_class
        self._configs: dict[str, tuple[ProjectConfig, str]] = {}

    def config(self, xml: Any) -> tuple[ProjectConfig, str]:
        """The parsed config and its text key; ProtocolError naming what is wrong."""
        if not isinstance(xml, str) or not xml.strip():
            raise ProtocolError("no labeling config in the request")
        if xml not in self._configs:
            try:
                parsed = (parse_config(xml), text_key(xml))
            except ConfigError as e:
                raise ProtocolError(f"labeling config not usable: {e}") from None
            if len(self._configs) >= 32:  # one config per project; bound the cache all the same
                self._configs.clear()
            self._configs[xml] = parsed
        return self._configs[xml]

    def health(self) -> dict[str, Any]:
        """GET /health."""
        return {"status": "UP", "model_class": self.model_class, "model_version": self.model_version}

    def versions(self) -> dict[str, Any]:
        """GET /versions."""
        return {"versions": [self.model_version]}

    def setup(self, body: Any) -> dict[str, Any]:
        """POST /setup: check the project's config can be served; answer the model_version."""
        if not isinstance(body, dict):
            raise ProtocolError("setup: the body must be a JSON object")
        self.config(body.get("schema"))
        return {"model_version": self.model_version}

    def predict_tasks(self, body: Any) -> tuple[dict[str, Any], Predicted]:
        """POST /predict: one prediction per task, in task order, and the record of what was done."""
        if not isinstance(body, dict) or not isinstance(body.get("tasks"), list):
            raise ProtocolError("predict: the body must be a JSON object with a \"tasks\" list")
        config, key = self.config(body.get("label_config"))
        record = Predicted(self.model_version)
        articles, where = [], []
        for k, task in enumerate(body["tasks"]):
            if not isinstance(task, dict):
                raise ProtocolError(f"predict: tasks[{k}] is not an object")
            data = task.get("data")
            text = data.get(key) if isinstance(data, dict) else None
            if not isinstance(text, str) or not text:
                record.no_text.append(task.get("id"))
                continue
            meta = data.get("meta")  # the outlet is a stance feature: pass the article's provenance on
            articles.append({"id": f"ls-task-{task.get('id')}", "text": text, "meta": meta if isinstance(meta, dict) else {}})
            where.append(k)
        results: list[dict[str, Any]] = [{"result": [], "score": None, "model_version": self.model_version}
                                         for _ in body["tasks"]]
        for k, sub in zip(where, self.predict(articles) if articles else []):
            task_id = body["tasks"][k].get("id")
            shown, dropped = showable(sub, config)
            result = layers_to_results(shown, config)
            results[k]["result"] = result
            record.regions[task_id] = sum(1 for r in result if r.get("type") == "labels")
            if dropped:
                record.dropped[task_id] = dict(sorted(dropped.items()))
        return {"results": results}, record

    def webhook(self, body: Any) -> dict[str, Any]:
        """POST /webhook: acknowledged, not trained on.

        Training on each annotation does not fit cleanly: the baselines are fitted on a released,
        adjudicated train split (about 20 s for the whole chain), and a single first-pass
        annotation is neither adjudicated nor released. Retraining belongs to a new release
        (`warclaims dataset build`, then `baselines run --save-models` and a backend restart)."""
        action = body.get("action") if isinstance(body, dict) else None
        return {"status": "received", "action": action, "trained": False,
                "reason": "the baselines are retrained from a release, not from single annotations"}
