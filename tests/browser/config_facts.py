"""Facts read from the labeling config and from the installed Label Studio editor (pure helpers).

Used by the browser tests (which key to press for a label or choice) and by the config hygiene
tests (every label and choice has a unique hotkey that the editor does not already use).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

ITEM_TAGS = {"Labels": "Label", "Choices": "Choice"}

BUILTIN_TEXT_HOTKEYS: dict[str, str] = {
    "annotation:submit": "ctrl+enter", "annotation:skip": "ctrl+space", "annotation:undo": "ctrl+z",
    "annotation:redo": "ctrl+shift+z", "region:delete-all": "ctrl+backspace", "region:focus": "enter",
    "region:relation": "alt+r", "region:visibility": "alt+h", "region:visibility-all": "ctrl+h", "region:lock": "alt+l",
    "region:meta": "alt+m", "region:unselect": "u", "region:exit": "escape", "region:delete": "backspace",
    "region:cycle": "alt+.", "region:duplicate": "ctrl+d", "segment:delete": "delete",
}
"""The editor's own hotkeys that act on a text task, as shipped in Label Studio 1.23.2
(web/dist/apps/labelstudio/358.js). `builtin_hotkeys()` reads the installed bundle instead when
it can, so an upgrade that adds a hotkey is checked too."""

_KEYMAP_RE = re.compile(r'"((?:annotation|region|regions|segment):[a-z-]+)":\{"key":"([^"]+)"')


def hotkeys(xml: str) -> dict[tuple[str, str], str | None]:
    """(control name, value) -> hotkey (None when missing) for every Label and Choice."""
    root = ET.fromstring(xml)
    out: dict[tuple[str, str], str | None] = {}
    for tag, item in ITEM_TAGS.items():
        for control in root.iter(tag):
            for el in control.iter(item):
                out[(control.get("name", ""), el.get("value", ""))] = el.get("hotkey")
    return out


def normalise_key(key: str) -> str:
    """A hotkey in one spelling: lower case, modifiers sorted ('Shift+Ctrl+A' -> 'ctrl+shift+a')."""
    parts = [p.strip().lower() for p in key.split("+")]
    return "+".join(sorted(parts[:-1]) + parts[-1:])


def builtin_hotkeys(ls_site_packages: Path | None) -> dict[str, str]:
    """The editor's text/region/annotation hotkeys: from the installed bundle when found, else the
    list measured on 1.23.2. Values may hold several keys separated by commas."""
    if ls_site_packages is not None:
        for bundle in sorted((ls_site_packages / "web" / "dist" / "apps" / "labelstudio").glob("*.js")):
            found = dict(_KEYMAP_RE.findall(bundle.read_text(encoding="utf-8", errors="replace")))
            if "region:relation" in found:
                return found
    return dict(BUILTIN_TEXT_HOTKEYS)


def visibility_conditions(xml: str) -> dict[str, dict[str, str]]:
    """Choices control name -> the visibleWhen attributes of its nearest enclosing <View>."""
    root = ET.fromstring(xml)
    parents = {child: parent for parent in root.iter() for child in parent}
    out: dict[str, dict[str, str]] = {}
    for control in root.iter("Choices"):
        node = control
        attrs: dict[str, str] = {}
        while node in parents:
            node = parents[node]
            if node.tag == "View" and node.get("visibleWhen"):
                attrs = {k: v for k, v in node.attrib.items() if k.startswith(("visibleWhen", "when"))}
                break
        out[control.get("name", "")] = attrs
    return out
