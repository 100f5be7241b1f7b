"""Runnable docs: every `--help` example and every README command names files a clone has, and
the cheap ones run in a fresh clone without dirtying it.

Commands are collected from click's command tree (the "Example:" block of every command's help)
and from README.md (```bash blocks and inline `warclaims ...` spans). Each is *resolved*: every
input path it names exists in a temporary `git clone` of the repository (outputs, i.e. values of
--out/--plots/..., and anything under the git-ignored .scratch/ are not inputs; placeholders in
capitals such as ARTICLES.jsonl and a few documented external inputs are named below). The
commands in RUN (no server, no model fitting) are also *run* in the clone, in document order, and
`git status --porcelain` must stay empty: a command documented as writing writes under .scratch/
or rewrites a committed file byte for byte.
"""

from __future__ import annotations

import glob
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest

from warclaims.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

OUTPUT_OPTIONS = {"--out", "--plots", "--workdir", "--data-dir", "--export-path", "--predictions-out", "--out-dir", "--passwords-file"}
"""Options whose value the command writes (not an input the clone must have)."""

EXTERNAL = {
    "../shared/": "the FA-KES corpus and the seed article, kept outside the repository (README, corpus select)",
    "/work/annot": "the annotators' workspaces of release 0.2.0 (README, 'as it was made'; independence report)",
}
"""Inputs the docs name on purpose that a clone cannot have, with the reason."""

RUN = (("validate",), ("submission", "skeleton"), ("score",), ("dataset", "verify"), ("dataset", "stats"),
       ("baselines", "list"), ("ls", "convert"), ("corpus", "anchor"))
"""Command paths that are run (quick, local); the rest (servers, builds, model fitting) are resolved only."""

_EXT = (".json", ".jsonl", ".md", ".py", ".txt", ".xml", ".cff", ".parquet", ".png")


def _help_examples() -> list[tuple[str, str]]:
    """(where, command line) for every line of every command's "Example:" block."""
    ctx = click.Context(cli)
    out: list[tuple[str, str]] = []

    def walk(cmd: click.Command, path: tuple[str, ...]) -> None:
        text = cmd.help or ""
        if "Example:" in text:
            block = text.split("Example:", 1)[1]
            lines = [line.strip() for line in block.split('"""')[0].splitlines() if line.strip()]
            for line in _join_continuations(lines):
                out.append(("warclaims " + " ".join(path) + " --help", line))
        if isinstance(cmd, click.Group):
            for name in cmd.list_commands(ctx):
                walk(cmd.get_command(ctx, name), path + (name,))

    walk(cli, ())
    return out


def _join_continuations(lines: list[str]) -> list[str]:
    joined: list[str] = []
    pending = ""
    for line in lines:
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        joined.append(pending + line)
        pending = ""
    return joined


def _readme_commands() -> list[tuple[str, str]]:
    """(where, command line) for README's bash blocks and inline `warclaims ...` spans."""
    text = README.read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        lines = [line.strip() for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]
        variables: dict[str, str] = {}
        for line in _join_continuations(lines):
            assign = re.fullmatch(r"([A-Z]+)=(\S+)(\s+#.*)?", line)
            if assign:
                variables[assign.group(1)] = assign.group(2)
                continue
            for name, value in variables.items():
                line = line.replace("$" + name, value)
            out.append(("README.md bash block", line))
    out += [("README.md inline", span) for span in re.findall(r"`(warclaims [^`]+)`", text)]
    return out


def _segments(line: str) -> list[list[str]]:
    """The commands of a line (split on &&, |), comments dropped, each as argv."""
    line = line.split("  #")[0].split(" # ")[0]
    parts = re.split(r"\s*(?:&&|\|)\s*", line)
    return [shlex.split(p) for p in parts if p.strip()]


def _is_placeholder(token: str) -> bool:
    stem = Path(token).name.split(".")[0]
    return bool(re.fullmatch(r"[A-Z][A-Z0-9_]*", stem)) or "X.Y.Z" in token or token.startswith("~") or "<" in token


def _inputs(argv: list[str]) -> list[str]:
    """Path-like arguments a command reads (the program itself, e.g. .venv/bin/warclaims made by
    `make setup`, is not one)."""
    found = []
    skip_next = False
    for token in argv[1:]:
        if skip_next:
            skip_next = False
            continue
        option = token.split("=", 1)[0]
        if option in OUTPUT_OPTIONS:
            skip_next = "=" not in token
            continue
        value = token.split("=", 1)[1] if token.startswith("-") and "=" in token else token
        if value.startswith("-") or "://" in value or value.startswith("$"):
            continue
        if ("/" in value or value.endswith(_EXT)) and not re.fullmatch(r"[\w.+-]+@[\w.]+", value):
            found.append(value)
    return found


def _argv_of_warclaims(argv: list[str]) -> list[str] | None:
    """The arguments after `warclaims` (bare, .venv/bin/ or `python -m`), else None."""
    while argv and re.fullmatch(r"[A-Z_]+=\S*", argv[0]):
        argv = argv[1:]
    if argv and Path(argv[0]).name == "warclaims":
        return argv[1:]
    return None


COMMANDS = _help_examples() + _readme_commands()


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of the committed repository (what a user gets)."""
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True).returncode != 0:
        pytest.skip("not a git checkout")
    target = tmp_path_factory.mktemp("clone") / "warclaims"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True)
    return target


def test_commands_were_collected() -> None:
    where = {w for w, _ in COMMANDS}
    assert len(COMMANDS) > 40 and {"README.md bash block", "README.md inline"} <= where
    assert any(w == "warclaims submission skeleton --help" for w in where)


def test_every_documented_command_names_files_a_clone_has(clone: Path) -> None:
    missing = []
    for where, line in COMMANDS:
        for argv in _segments(line):
            if argv and argv[0] in ("make", "label-studio", "import", "from"):
                argv = argv[1:] if argv[0] == "make" else []
            for token in _inputs(argv):
                if token.startswith(".scratch/") or _is_placeholder(token) or any(token.startswith(e) for e in EXTERNAL):
                    continue
                if not glob.glob(str(clone / token.rstrip("/"))):
                    missing.append(f"{where}: {line!r} names {token!r}, which a clone does not have")
    assert not missing, "\n".join(missing)


def _runnable(argv: list[str] | None) -> bool:
    return argv is not None and any(tuple(argv[:len(p)]) == p for p in RUN) and not any(_is_placeholder(t) for t in argv)


def test_quick_commands_run_in_a_clean_clone_and_leave_it_clean(clone: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(clone / "src"), "WARCLAIMS_CRASH_DIR": str(clone / ".scratch" / "crash")}
    ran, seen = [], set()
    for where, line in COMMANDS:
        if where == "README.md inline":  # names in prose (`warclaims score`), resolved above, not run
            continue
        for argv in _segments(line):
            args = _argv_of_warclaims(argv)
            if not _runnable(args) or tuple(args) in seen:
                continue
            seen.add(tuple(args))
            args = [x for t in args for x in (sorted(str(Path(g).relative_to(clone)) for g in glob.glob(str(clone / t)))
                                              if "*" in t else [t])]  # the shell's glob expansion
            if "--bootstrap" not in args and args[0] == "score":
                args = [*args, "--bootstrap", "50"]  # intervals do not change what the command reads or writes
            done = subprocess.run([sys.executable, "-m", "warclaims", *args], cwd=clone, env=env,
                                  capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, f"{where}: {line!r} exited {done.returncode}: {done.stderr[-2000:]}"
            ran.append(" ".join(args))
    status = subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True, check=True).stdout
    assert status == "", f"after {len(ran)} documented command(s) the clone is dirty:\n{status}"
    assert len(ran) >= 15, ran
