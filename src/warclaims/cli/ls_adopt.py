"""Inputs of `warclaims ls convert` read with located problems: config, mapping file, --meta file.

Kept apart from ls_cmd.py so that `convert --json` can report a bad config, mapping or meta file
as JSON problems (file, JSON path or XML element, message) instead of a bare message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import Problem


@dataclass
class ConvertInputs:
    """The parsed config (None: the converter's default) carrying the --meta object, and every problem found."""

    config: Any = None
    problems: list[Problem] = field(default_factory=list)


def _read_json(path: Path, problems: list[Problem]) -> Any:
    from ..readers import JSONError, parse_json

    try:
        return parse_json(path.read_bytes())
    except JSONError as e:
        problems.append(Problem(str(path), e.line, "$", str(e), None))
    except OSError as e:
        problems.append(Problem(str(path), 0, "$", f"cannot read: {e.strerror}", None))
    return None


def load_convert_inputs(export: Path, config_path: Path | None, mapping_path: Path | None, meta_path: Path | None) -> ConvertInputs:
    """Read and check the labeling config (option, else the pull manifest), mapping and meta files."""
    from dataclasses import replace

    from ..labelstudio.config import ConfigError, parse_config
    from ..labelstudio.convert import MANIFEST, read_manifest_entry
    from ..labelstudio.mapping import check_meta, located
    from ..paths import labeling_config_path
    from ..readers import read_text_file

    out = ConvertInputs()
    meta = None
    if meta_path is not None:
        meta = _read_json(meta_path, out.problems)
        out.problems += located(check_meta(meta), str(meta_path)) if meta is not None or not out.problems else []
    mapping = _read_json(mapping_path, out.problems) if mapping_path else None
    entry = read_manifest_entry(export) or {}
    xml = None if config_path else entry.get("label_config")
    config_name = str(config_path) if config_path else f"{export.parent / MANIFEST} label_config" if xml else str(labeling_config_path())
    if out.problems or not (config_path or mapping_path or meta_path or xml):
        return out
    try:
        config = parse_config(xml if xml is not None else read_text_file(config_path or labeling_config_path()), mapping)
    except ConfigError as e:
        out.problems += [Problem(str(mapping_path) if where == "mapping" else config_name, 0, path, message, value)
                         for where, path, message, value in e.problems]
        return out
    out.config = replace(config, adopt=replace(config.adopt, meta=meta)) if meta is not None else config
    return out
