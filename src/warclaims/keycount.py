"""Proof that a JSONL line msgspec decoded into Structs repeated no object key.

msgspec, like orjson, keeps the last value of a repeated key, so the fast paths must not vouch
for such a line: the ordinary path (`strictjson`) names the duplicate. Every key in the text is
followed by exactly one colon outside strings, so when the line holds no more colons than the
decoded Structs hold keys, no key was repeated (and no string holds a colon). That count is
cheap: a counter generated per Struct type multiplies item counts by field counts and only
looks at the optional fields. A line with colons inside strings (a time, a URL) gets the exact
test instead: msgspec's re-encoding of the Structs has one colon per key plus the colons of the
strings (msgspec never escapes a colon; a raw field is copied as it is), so with no escaped
colon in the line, equal colon counts prove that no key was repeated.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Annotated, Any, Callable, Union, get_args, get_origin

import msgspec

Counter = Callable[[Any], int]

_UNSET = msgspec.UNSET
_UNKNOWN = -(1 << 40)
"""The count of a raw (free-form) field: unknown, so the cheap test fails and the exact one runs."""


def _flat(typ: Any) -> list[Any]:
    """The member types of a (possibly Annotated, Union or Optional) field type."""
    if get_origin(typ) is Annotated:
        return _flat(get_args(typ)[0])
    if get_origin(typ) is Union:
        return [t for arg in get_args(typ) for t in _flat(arg)]
    return [typ]


def _is_struct(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, msgspec.Struct)


def _value_counter(typ: Any) -> tuple[Counter | None, int | None]:
    """(counter, constant) for values of a field type: keys below the field itself. `constant` is
    set when every value holds the same number of keys; (None, 0) when it holds none."""
    members = [t for t in _flat(typ) if t is not type(None) and t is not msgspec.UnsetType]
    if any(t is msgspec.Raw for t in members):
        return (lambda value: _UNKNOWN), None
    structs = [t for t in members if _is_struct(t)]
    arrays = [t for t in members if get_origin(t) is tuple]
    if len(structs) + len(arrays) > 1:
        raise ValueError(f"cannot count the keys of {typ!r}")
    if structs:
        return struct_counter(structs[0]), None
    if arrays:
        item = get_args(arrays[0])[0]
        if _is_struct(item):
            return _items_counter(item), None
        inner, constant = _value_counter(item)
        if inner is None:
            return None, 0
        return (lambda items: sum(map(inner, items))), None
    return None, 0


def _items_counter(item: type[msgspec.Struct]) -> Counter:
    """Keys in a tuple of `item` Structs: required fields x items, plus the optional fields set."""
    fields = msgspec.structs.fields(item)
    if any(_value_counter(f.type)[0] is not None for f in fields):
        count = struct_counter(item)
        return lambda items: sum(map(count, items))
    required = sum(f.required for f in fields)
    optional = [attrgetter(f.name) for f in fields if not f.required]
    if not optional:
        return lambda items: required * len(items)

    def count(items: Any) -> int:
        n = len(items)
        return required * n + sum(n - list(map(get, items)).count(_UNSET) for get in optional)
    return count


def struct_counter(typ: type[msgspec.Struct]) -> Counter:
    """A function Struct -> the number of keys the Struct and everything under it were decoded from."""
    required = 0
    optional: list[str] = []
    nested: list[tuple[str, Counter]] = []
    for field in msgspec.structs.fields(typ):
        if field.required:
            required += 1
        else:
            optional.append(field.name)
        sub, _ = _value_counter(field.type)
        if sub is not None:
            nested.append((field.name, sub))

    def count(obj: Any) -> int:
        n = required
        for name in optional:
            if getattr(obj, name) is not _UNSET:
                n += 1
        for name, sub in nested:
            value = getattr(obj, name)
            if value is not None and value is not _UNSET:
                n += sub(value)
        return n
    return count


_encode = msgspec.json.encode


def no_repeated_key(line: bytes | memoryview, obj: Any, keys: int) -> bool:
    """True only when the JSON object `line`, decoded into `obj` that holds `keys` keys (from a
    counter of this module or a caller that counted them), certainly repeated no key (see the
    module doc); False means: let the ordinary path look."""
    data = line if type(line) is bytes else bytes(line)
    colons = data.count(b":")
    if colons == keys:
        return True
    return b"\\u003" not in data and colons == _encode(obj).count(b":")
