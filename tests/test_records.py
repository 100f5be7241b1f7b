"""The fast record builders of warclaims.records equal the dataclass constructors."""

from __future__ import annotations

from dataclasses import fields

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warclaims import records
from warclaims.records import _BUILDERS, _LAYER_TYPES, _build

_values = st.one_of(st.none(), st.integers(-5, 50), st.text(max_size=5))


def _items(layer: str) -> st.SearchStrategy[dict]:
    names = [f.name for f in fields(_LAYER_TYPES[layer])]
    return st.dictionaries(st.sampled_from(names + ["extra", "kind", "type"]), _values, max_size=len(names) + 2)


@pytest.mark.parametrize("layer", list(_LAYER_TYPES))
@given(data=st.data())
def test_builder_equals_constructor(layer: str, data: st.DataObject) -> None:
    item = data.draw(_items(layer))
    cls = _LAYER_TYPES[layer]
    try:
        expected = _build(cls, item)
    except TypeError as e:
        with pytest.raises(TypeError) as got:
            _BUILDERS[layer](item)
        assert str(got.value) == str(e)
        return
    built = _BUILDERS[layer](item)
    assert type(built) is cls
    assert repr(built) == repr(expected) and built == expected and hash(built) == hash(expected)


def test_layers_from_dict_keeps_present_layers_and_text() -> None:
    d = {"id": "d", "entities": [{"id": "e1", "start": 0, "end": 3, "type": "ORG"}],
         "stances": [{"id": "t1", "holder_id": "AUTHOR", "target_id": "e1", "polarity": "oppose"}]}
    layers = records.Layers.from_dict(d)
    assert layers.present == frozenset({"entities", "stances"})
    assert layers.entities == (records.Entity(0, 3, "ORG", "e1"),) and layers.entities[0].text is None
    assert layers.to_dict() == {k: v for k, v in d.items() if k != "id"}
