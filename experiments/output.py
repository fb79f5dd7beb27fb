"""The one way results reach the disk: whole sets or single files, never half of either.

A command that writes several files (``run``, ``compare``, ``validate``, ``analyze``)
writes them as one *result set*: into a fresh hidden sibling folder
``.<name>.tmp-XXXX`` (same parent, so renames are atomic), ending with
``manifest.json`` (every file's size and sha256, and the result's identity); then the
old folder is renamed away, the new one renamed into place, and the old one removed.
A reader therefore finds the previous complete result or the new complete one, never a
mixture, and no file of an earlier run survives (a ``compare --no-contributions`` does
not keep an older ``contributions.parquet``). Between the two renames the folder is
briefly absent; if the process dies exactly there, the next write into the same
``--out`` puts the previous result back first (``recover``). Two commands writing into
the same folder at the same time are not supported (one of them fails or the later wins).

Folders that accumulate (a sweep's runs, a calibration's journal) write single files
atomically instead (``atomic_write_bytes``: temporary file in the same folder, rename).

Every table carries the identity of its result (``provenance.identity``: command,
seeds, config fingerprint, code version) in its Parquet schema metadata under
``carescape_identity`` (JSON text), and every JSON file under the same key.

Files are created with the mode a plain ``open`` would give (0666 less the umask), not
the private 0600 of ``mkstemp``, so colleagues can read a shared results folder.

JSON outputs are strict JSON: a NaN or infinite float is written as ``null`` (JSON has
no NaN); readers treat ``null`` as "no value".
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import math
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from model.params import ConfigError

IDENTITY_KEY = "carescape_identity"
MANIFEST = "manifest.json"
NAME_LIMIT = 64  # characters of a name made safe for a folder


class OutputError(Exception):
    """Writing a result failed (full disk, lost permission); the message says what was kept."""


# -- modes ----------------------------------------------------------------------------------
def current_umask() -> int:
    """The process umask, read without changing it where the platform allows."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # elsewhere: the classic set-and-restore
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode ``open`` would give a new file: 0666 less the umask."""
    return 0o666 & ~current_umask()


def folder_mode() -> int:
    """The mode ``mkdir`` would give a new folder: 0777 less the umask."""
    return 0o777 & ~current_umask()


# -- JSON -----------------------------------------------------------------------------------
def json_ready(value: Any) -> Any:
    """``value`` with NaN and infinities as None and numpy scalars and arrays as Python."""
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.ndarray):
        return json_ready(value.tolist())
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    return value


def json_text(data: Any, indent: int | None = 2) -> str:
    """Strict JSON (NaN -> null, see the module docstring); other objects as ``str``."""
    return json.dumps(json_ready(data), indent=indent, default=str, allow_nan=False)


# -- single files ---------------------------------------------------------------------------
def atomic_write_bytes(path: Path, write: Callable[[str], None]) -> None:
    """Write via a temporary file in the same folder, then rename: never half-written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stamped(table: pa.Table, identity: Mapping[str, Any] | None) -> pa.Table:
    """``table`` with ``identity`` in its schema metadata (other metadata kept)."""
    if identity is None:
        return table
    metadata = dict(table.schema.metadata or {})
    metadata[IDENTITY_KEY.encode()] = json_text(identity, indent=None).encode()
    return table.replace_schema_metadata(metadata)


def write_parquet(table: pa.Table, path: Path, identity: Mapping[str, Any] | None = None) -> None:
    """The one Parquet writer; ``identity`` goes into the schema metadata."""
    table = stamped(table, identity)
    atomic_write_bytes(Path(path), lambda tmp: pq.write_table(table, tmp))


def write_json(data: Mapping[str, Any], path: Path, identity: Mapping[str, Any] | None = None):
    """Strict JSON, atomically; ``identity`` is added under ``carescape_identity``."""
    if identity is not None:
        data = {**data, IDENTITY_KEY: dict(identity)}
    text = json_text(data)
    atomic_write_bytes(Path(path), lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def read_identity(path: Path) -> dict[str, Any] | None:
    """The identity a Parquet file of ours carries (None for a file without one)."""
    metadata = pq.read_schema(path).metadata or {}
    raw = metadata.get(IDENTITY_KEY.encode())
    return json.loads(raw) if raw is not None else None


# -- names ----------------------------------------------------------------------------------
def safe_name(name: str, fallback: str = "result") -> str:
    """``name`` made safe as one folder name: [A-Za-z0-9._-], no leading dot, bounded.

    Names from files (a scenario's ``name``) end up in default folders such as
    ``results/compare-<name>``; ``x/../../elsewhere`` must stay one harmless component.
    Every other character, and every run of dots, becomes a single '-'.
    """
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", str(name))
    slug = re.sub(r"-*\.{2,}-*", "-", slug)
    slug = re.sub(r"-{2,}", "-", slug).strip(".-")[:NAME_LIMIT].strip(".-")
    return slug or fallback


# -- checking --out before any work ---------------------------------------------------------
def check_out(
    value: str | Path | None,
    default: str | Path,
    option: str = "--out",
    replaces: Collection[str] | None = None,
) -> Path:
    """The output folder, checked before any computing; ConfigError (exit 2) if unusable.

    Args:
        value: what the user gave (None: not given, use ``default``).
        default: the command's default folder.
        option: the option's name, for the message.
        replaces: for a result set, the names (glob patterns) of the command's files:
            an existing folder is replaced only if it is empty, holds a manifest.json
            (a result of ours) or only such files (a result written before manifests).
            None: the folder accumulates (sweep, calibrate); any folder is fine here.
    """
    if value is not None and str(value).strip() == "":
        raise ConfigError(
            f"{option} = '' is empty; give a folder path (a new folder, or an earlier result "
            "folder of this command)"
        )
    out = Path(value if value is not None else default)
    shown = f"{option} = {str(out)!r}"
    target = out.resolve()
    for above in (target, *target.parents):
        if above.exists():
            break
    if above.exists() and not above.is_dir():
        where = "is an existing file" if above == target else f"lies below the file {str(above)!r}"
        raise ConfigError(f"{shown} {where}; give a folder path")
    if target == above:  # the folder exists: renames happen in its parent
        above = target.parent
    if not os.access(above, os.W_OK | os.X_OK):
        raise ConfigError(f"{shown} cannot be written: no permission to create files in {above}")
    if replaces is not None:
        _check_replaceable(out, target, shown, replaces)
    return out


def _check_replaceable(out: Path, target: Path, shown: str, replaces: Collection[str]) -> None:
    cwd = Path.cwd().resolve()
    if target == cwd or target in cwd.parents or target.parent == target:
        raise ConfigError(
            f"{shown} is the current folder or one above it, which a result replaces as a "
            "whole; give a sub-folder"
        )
    if not target.is_dir():
        recover(target)  # a result lost between the two renames of an interrupted swap
    if not target.is_dir():
        return
    names = [p.name for p in target.iterdir()]
    if MANIFEST in names:
        return
    foreign = [
        n
        for n in names
        if not n.startswith(".") and not any(fnmatch.fnmatch(n, p) for p in replaces)
    ]
    if foreign:
        raise ConfigError(
            f"{shown} is a folder holding other files ({', '.join(sorted(foreign)[:3])}"
            f"{', ...' if len(foreign) > 3 else ''}); a result replaces its folder as a whole, "
            "so give a new or empty folder, or an earlier result folder of this command"
        )


# -- result sets ----------------------------------------------------------------------------
class ResultSet:
    """The files of one result, written into a hidden sibling folder until complete."""

    def __init__(self, folder: Path, identity: Mapping[str, Any]) -> None:
        self.folder = folder
        self.identity = dict(identity)

    def path(self, name: str) -> Path:
        """Where a file of the set is written (for writers of their own, e.g. plots)."""
        return self.folder / name

    def parquet(self, name: str, table: pa.Table) -> Path:
        """A table of the set, stamped with the set's identity."""
        write_parquet(table, self.path(name), self.identity)
        return self.path(name)

    def json(self, name: str, data: Mapping[str, Any]) -> Path:
        """A JSON file of the set, with the set's identity."""
        write_json(data, self.path(name), self.identity)
        return self.path(name)

    def manifest(self) -> dict[str, Any]:
        """Every file's size and sha256, and the identity (manifest.json, written last)."""
        files = {}
        for path in sorted(p for p in self.folder.rglob("*") if p.is_file()):
            name = path.relative_to(self.folder).as_posix()
            if name != MANIFEST:
                data = path.read_bytes()
                files[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        return {IDENTITY_KEY: self.identity, "files": files}


def recover(out: Path) -> None:
    """Tidy ``out``'s parent: remove unfinished sets, restore a result lost mid-swap."""
    out = Path(out).resolve()
    parent = out.parent
    if not parent.is_dir():
        return
    for path in parent.glob(f".{glob_escape(out.name)}.tmp-*"):
        shutil.rmtree(path, ignore_errors=True)
    old = sorted(parent.glob(f".{glob_escape(out.name)}.old-*"))
    if old and not out.exists():
        os.rename(old.pop(), out)
    for path in old:
        shutil.rmtree(path, ignore_errors=True)


def glob_escape(name: str) -> str:
    """``name`` with glob's special characters taken literally."""
    return re.sub(r"([*?\[])", r"[\1]", name)


@contextlib.contextmanager
def result_set(out: Path, identity: Mapping[str, Any]) -> Iterator[ResultSet]:
    """Write a result set into ``out``: all files or none replace the previous result.

    Raises:
        OutputError: the disk filled up (or another OSError) while writing; the message
            says what ``out`` still holds. The temporary folder is removed.
    """
    target = Path(out).resolve()
    kept = "nothing was written there"
    staging: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        recover(target)
        if target.is_dir():
            kept = "kept the previous result there"
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.tmp-"))
        os.chmod(staging, folder_mode())
        files = ResultSet(staging, identity)
        yield files
        write_json(files.manifest(), staging / MANIFEST)
        _swap(staging, target)
        staging = None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(f"writing the result into {out} failed ({reason}); {kept}") from exc
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, target: Path) -> None:
    """Rename the old result away, the new one in, and remove the old one."""
    old = None
    if target.exists():
        old = target.parent / f".{target.name}.old-{secrets.token_hex(4)}"
        os.rename(target, old)  # within the parent's file system: atomic
    try:
        os.rename(staging, target)
    except OSError:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
