"""The CLI's last resort: an unexpected exception becomes one line on stderr and a crash file.

Every expected failure has its own message and exit code (click usage errors 2, InvalidInput 1);
anything else is a bug. A traceback on the terminal helps nobody who only ran a command and can
leak the Label Studio token, so the entry point hands the exception to `report`, which writes the
full traceback (scrubbed of tokens) to a file and returns one scrubbed line naming the command,
the exception and that file. The file goes to $WARCLAIMS_CRASH_DIR, else
$XDG_STATE_HOME/warclaims, else the system temp dir; the test suite points WARCLAIMS_CRASH_DIR at
a directory it checks stays empty, so no known bad input may reach this guard.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Mapping, Sequence

import click

CRASH_DIR_ENV = "WARCLAIMS_CRASH_DIR"
MARKER = "warclaims: internal error"
"""Start of the guard's line; tests look for it."""
TOKEN_ENV = "LABEL_STUDIO_API_KEY"
MASK = "***"
MIN_SECRET = 4
"""Shorter --token values are no real token (Label Studio's are 40 hex digits or a JWT); masking
every 't' would garble the report."""
_PATTERNS = [
    re.compile(r"(?i)\b(token|bearer)(\s+)[^\s'\",;)}\]]+"),
    re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)[^'\"\n,}]+"),
    re.compile(r"(?i)((?:api[_-]?key|access[_-]?token|--token|token)['\"]?\s*[:= ]\s*['\"]?)[^\s'\",}&]+"),
]


def secrets(args: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    """Token values that must never be printed: $LABEL_STUDIO_API_KEY and every --token value in `args`."""
    found = [environ.get(TOKEN_ENV, "")]
    for i, arg in enumerate(args):
        if arg == "--token" and i + 1 < len(args):
            found.append(args[i + 1])
        elif arg.startswith("--token="):
            found.append(arg.removeprefix("--token="))
    found += [s.encode("unicode_escape").decode("ascii") for s in found]  # as repr() shows it
    return sorted({s for s in found if len(s) >= MIN_SECRET}, key=len, reverse=True)


def scrub(text: str, known: Sequence[str] = ()) -> str:
    """`text` with every known secret and anything shaped like a token or Authorization header masked."""
    for secret in known:
        text = text.replace(secret, MASK)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + (m.group(2) if m.lastindex and m.lastindex > 1 else "") + MASK, text)
    return text


def crash_dir(environ: Mapping[str, str]) -> Path:
    """Where crash files go: $WARCLAIMS_CRASH_DIR, else $XDG_STATE_HOME/warclaims, else the temp dir."""
    if environ.get(CRASH_DIR_ENV):
        return Path(environ[CRASH_DIR_ENV])
    if environ.get("XDG_STATE_HOME"):
        return Path(environ["XDG_STATE_HOME"]) / "warclaims"
    return Path(tempfile.gettempdir())


def command_words(group: click.Group, args: Sequence[str]) -> list[str]:
    """The leading subcommand names of `args` that `group` resolves, e.g. ['ls', 'import']."""
    words: list[str] = []
    command: click.Command | None = group
    ctx = click.Context(group, info_name="warclaims")
    for arg in args:
        if not isinstance(command, click.Group):
            break
        try:
            command = command.get_command(ctx, arg)
        except Exception:  # a subcommand that cannot even be imported: the report says so
            break
        if command is None:
            break
        words.append(arg)
    return words


def report(exc: BaseException, group: click.Group, args: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """Write the scrubbed traceback of `exc` to a new crash file and return the one scrubbed line to print."""
    from .. import __version__

    environ = os.environ if environ is None else environ
    known = secrets(args, environ)
    command = scrub(" ".join(["warclaims", *command_words(group, args)]), known)
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    body = (f"{command} {__version__} crashed at {datetime.now(timezone.utc).isoformat(timespec='seconds')}\n"
            f"python {sys.version.split()[0]} on {sys.platform}\n"
            f"arguments: {' '.join(args)}\n\n{trace}")
    try:
        directory = crash_dir(environ)
        directory.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix="warclaims-crash-", suffix=".txt", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(scrub(body, known))
        where = f"full traceback in {name}"
    except OSError as e:
        where = f"the traceback could not be written ({type(e).__name__}: {e.strerror or e})"
    message = " ".join(str(exc).split())
    message = message if len(message) <= 200 else message[:199] + "…"
    what = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return f"{MARKER} in `{command}`: {scrub(what, known)} ({where}; please report it)"
