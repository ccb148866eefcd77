"""Which files a command reads: named files as given, directories walked.

A directory is walked in sorted order; a file is taken when its name matches
an ``include`` glob of its settings and no ``exclude`` glob, and no
``.gitignore`` or ``.transfixignore`` file (gitignore syntax, at any level of
the walk) ignores it. Symbolic links are not followed out of the walked tree.
A file named on the command line is always taken, even if excluded. Only
regular files are taken from a walk: FIFOs, devices and sockets are skipped
(reading a FIFO would wait forever for a writer).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from transfix.config import Settings
from transfix.errors import InputError

if TYPE_CHECKING:
    import pathspec

IGNORE_FILES = (".gitignore", ".transfixignore")
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv"})


def _spec(directory: Path) -> pathspec.GitIgnoreSpec | None:
    lines: list[str] = []
    for name in IGNORE_FILES:
        f = directory / name
        if f.is_file():
            try:
                lines += f.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
    if not lines:
        return None
    import pathspec  # only when an ignore file is found: a single file never needs it

    return pathspec.GitIgnoreSpec.from_lines(lines)


def expand(paths: list[str], settings_for: Callable[[str], Settings]) -> Iterator[str | InputError]:
    """Files to process, in order; an :class:`InputError` for a path that does not exist."""
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        p = Path(raw)
        if p.is_dir():
            yield from _walk(p, settings_for)
        elif p.exists() or p.is_symlink():
            yield raw
        else:
            yield InputError("no such file or directory", raw)


def _ignored(specs: list[tuple[Path, pathspec.GitIgnoreSpec]], path: Path, is_dir: bool) -> bool:
    for base, spec in specs:
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(rel):
            return True
    return False


def _walk(root: Path, settings_for: Callable[[str], Settings]) -> Iterator[str]:
    real_root = root.resolve()
    specs: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        specs = [(d, s) for d, s in specs if here == d or d in here.parents]
        spec = _spec(here)
        if spec is not None:
            specs.append((here, spec))

        dirnames[:] = sorted(
            d for d in dirnames if d not in SKIP_DIRS and not _ignored(specs, here / d, True)
        )
        for name in sorted(filenames):
            f = here / name
            if _ignored(specs, f, False):
                continue
            if f.is_symlink():
                try:
                    f.resolve(strict=True).relative_to(real_root)
                except (ValueError, OSError):
                    continue  # a link out of the tree, or a broken one
            if settings_for(str(f)).included(f) and f.is_file():  # is_file: regular only
                yield str(f)
