"""The app's private temporary folder: one per server process, mode 0700, removed at exit.

Uploaded profiles and the run-cancel flags live here. A fixed path under the system
temporary folder (``/tmp/carescape-ui``) is world-readable and another local user can
create it first; ``tempfile.mkdtemp`` makes a fresh folder with an unguessable name
that only this user can open, so nobody else reads the uploads or plants files there.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

_ROOT: Path | None = None
_OWNER = 0  # the process that made the folder (a forked child must not remove it)
_LOCK = threading.Lock()
_SAFE = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


def private_folder() -> Path:
    """The private folder of this process (made on first use, mode 0700, removed at exit)."""
    global _ROOT, _OWNER
    with _LOCK:
        if _ROOT is None or not _ROOT.is_dir():
            _ROOT = Path(tempfile.mkdtemp(prefix="carescape-ui-"))
            _OWNER = os.getpid()
        return _ROOT


def subfolder(kind: str, name: str = "") -> Path:
    """A folder inside the private folder, e.g. ``uploads/<session>`` (made if missing)."""
    parts = [p for p in (kind, name) if p]
    for part in parts:
        if not _SAFE.match(part):
            raise ValueError(f"folder name = {part!r} is not allowed; use letters, digits, - or _")
    folder = private_folder().joinpath(*parts)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def remove(folder: Path) -> None:
    """Remove a folder inside the private folder (anything else is left alone)."""
    if _ROOT is not None and folder.resolve().is_relative_to(_ROOT.resolve()):
        shutil.rmtree(folder, ignore_errors=True)


@atexit.register
def cleanup() -> None:
    """Remove the private folder when the process that made it exits."""
    if _ROOT is not None and os.getpid() == _OWNER:
        shutil.rmtree(_ROOT, ignore_errors=True)
