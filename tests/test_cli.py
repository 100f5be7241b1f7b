"""The `warclaims` command line as a whole: every command documented, exit codes, lazy imports.

The walk is generic: it follows the click group (and its lazily loaded subgroups) recursively,
so a command added later is checked without touching this file.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from warclaims.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
HEAVY = ("datasets", "sklearn", "pandas", "matplotlib", "label_studio_sdk", "pyarrow", "torch")


def _walk(group: click.Group, ctx: click.Context, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
    out = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, f"`warclaims {' '.join(prefix + (name,))}` is listed but cannot be loaded"
        path = prefix + (name,)
        out.append(path)
        if isinstance(command, click.Group):
            out += _walk(command, click.Context(command, parent=ctx, info_name=name), path)
    return out


def all_commands() -> list[tuple[str, ...]]:
    """Every command and subcommand path, e.g. ('ls', 'serve')."""
    return _walk(cli, click.Context(cli, info_name="warclaims"), ())


COMMAND_PATHS = all_commands()


def _readme_mentions(path: tuple[str, ...], readme: str) -> bool:
    """`warclaims a b` appears verbatim, or `b` appears in backticks within the `warclaims a` section."""
    full = "warclaims " + " ".join(path)
    if re.search(re.escape(full) + r"(?![\w-])", readme):
        return True
    if len(path) < 2:
        return False
    parent = "warclaims " + " ".join(path[:-1])
    for section in re.split(r"\n(?=#{1,4} )", readme):
        heading = section.split("\n", 1)[0]
        if section.startswith("#") and parent in heading and re.search(rf"`{re.escape(path[-1])}(?:`| )", section):
            return True
    return False


def test_the_walk_finds_the_reserved_commands() -> None:
    for name in ("validate", "score", "ls", "dataset", "baselines"):
        assert (name,) in COMMAND_PATHS


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="warclaims")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: warclaims " + " ".join(path))
    body = result.output.split("Options:")[0]
    assert re.search(r"^\s*Examples?:\s*$", body, re.M), f"`warclaims {' '.join(path)} --help` has no Example: block"
    example = body[re.search(r"^\s*Examples?:\s*$", body, re.M).end():]
    assert "warclaims " + path[0] in example, "the example should show the command in use"


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=" ".join)
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    assert _readme_mentions(path, README.read_text(encoding="utf-8")), f"README.md does not mention `warclaims {' '.join(path)}`"


def test_readme_mention_rule() -> None:
    readme = "### `warclaims ls`\nSubcommands `serve` and `pull --out DIR`.\n### Other\n`convert`\nwarclaims dataset build.\n"
    assert _readme_mentions(("ls", "serve"), readme) and _readme_mentions(("ls", "pull"), readme)
    assert _readme_mentions(("dataset", "build"), readme)
    assert not _readme_mentions(("ls", "convert"), readme)
    assert not _readme_mentions(("dataset",), "warclaims dataset-tools")


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"warclaims, version {version('warclaims')}\n"


@pytest.mark.parametrize("args", [["no-such-command"], ["validate"], ["validate", "--no-such-option", "x"], ["--bogus"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr and "Traceback" not in result.output


def _heavy_modules_after(argv: list[str]) -> list[str]:
    code = (
        "import sys\n"
        "from warclaims.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('HEAVY:' + ','.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    marker = [line for line in proc.stdout.splitlines() if line.startswith("HEAVY:")]
    assert len(marker) == 1, proc.stdout
    return [m for m in marker[0].removeprefix("HEAVY:").split(",") if m]


def test_top_level_help_imports_no_heavy_library() -> None:
    assert _heavy_modules_after(["--help"]) == []


@pytest.mark.parametrize("path", [p for p in COMMAND_PATHS if len(p) == 1], ids=" ".join)
def test_command_help_imports_no_heavy_library(path: tuple[str, ...]) -> None:
    """Heavy libraries belong inside the command functions, not at module import."""
    assert _heavy_modules_after([*path, "--help"]) == []


def test_console_script_runs_in_a_real_process() -> None:
    exe = Path(sys.executable).with_name("warclaims")
    proc = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "Example:" in proc.stdout
    proc = subprocess.run([str(exe), "no-such-command"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
