"""Adopt a calibrated profile into a built-in preset, keeping the preset's own comments.

    python scripts/adopt_calibration.py results/calibrate-default/profile.toml default
    python scripts/adopt_calibration.py --refine PROFILE default   # a narrowed refit

`carescape calibrate` writes a full profile; a preset file also carries comments that
name the source of each structural value. This script writes the fitted values (each
marked ``# fitted``) and the ``[calibration]`` provenance into the preset file, in
place of any earlier ones, and leaves every other line as it was. With ``--refine``
the study fitted only some parameters (``--fit`` with a narrowed spec, e.g. after a
mechanism changed): those values are replaced, the other fitted values stay, and the
provenance names the earlier study it refined. Paths in the
provenance are made relative to the repository, so the committed preset does not
name one machine's folders. Written to a temporary file, then renamed.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FITTED = re.compile(r"^(\w+) = (.+?)\s+# fitted$")


def fitted_values(profile_text: str) -> dict[str, dict[str, str]]:
    """Section -> {key: value text} of the lines marked ``# fitted``."""
    values: dict[str, dict[str, str]] = {}
    section = ""
    for line in profile_text.splitlines():
        if line.startswith("[") and not line.startswith("[["):
            section = line.strip("[] ")
        elif match := FITTED.match(line.strip()):
            values.setdefault(section, {})[match[1]] = match[2]
    return values


def calibration_block(profile_text: str) -> str:
    """The ``[calibration]`` tables of the profile, with repository-relative paths."""
    start = profile_text.index("\n[calibration]") + 1
    block = profile_text[start:]
    for key in ("storage", "target_file", "fit_spec"):
        block = re.sub(
            rf'^{key} = "(.*)"$',
            lambda m, key=key: f'{key} = "{_relative(m[1])}"',
            block,
            flags=re.M,
        )
    return block.rstrip() + "\n"


def _relative(path: str) -> str:
    parts = Path(path).parts
    if "model" in parts:
        return str(Path(*parts[parts.index("model") :]))
    return f"{Path(path).name} (kept with the study, not committed)"


def _refined_line(preset_text: str) -> str:
    """``refines = "..."``: the earlier study a narrowed refit started from."""
    old = tomllib.loads(preset_text).get("calibration", {})
    earlier = old.get("refines", "")
    text = f"{old.get('study', '?')} (loss {old.get('loss', '?')}, {old.get('trials', '?')} trials)"
    text = f"{text}; before it {earlier}" if earlier else text
    return f"refines = {text!r}".replace("'", '"')


def adopt(profile_text: str, preset_text: str, refine: bool = False) -> str:
    """The preset text with the fitted values and provenance of the profile."""
    lines = [
        line
        for line in preset_text.split("\n[calibration]")[0].rstrip().splitlines()
        if refine or not line.rstrip().endswith("# fitted")
    ]
    for section, values in fitted_values(profile_text).items():
        header = f"[{section}]"
        if header not in (line.strip() for line in lines):
            lines += ["", header]
        at = [line.strip() for line in lines].index(header) + 1
        for key, value in values.items():
            line = f"{key} = {value}  # fitted"
            index = _key_in_section(lines, at, key)
            if index is None:
                lines.insert(at, line)
            else:
                lines[index] = line
    block = calibration_block(profile_text)
    if refine:
        refined = _refined_line(preset_text)
        block = block.replace("[calibration]\n", f"[calibration]\n{refined}\n", 1)
    text = "\n".join(lines).rstrip() + "\n\n" + block
    tomllib.loads(text)  # never write a preset that does not parse
    return text


def _key_in_section(lines: list[str], start: int, key: str) -> int | None:
    for i in range(start, len(lines)):
        stripped = lines[i].strip()
        if stripped.startswith("["):
            return None
        if stripped.split("=")[0].strip() == key:
            return i
    return None


def main(argv: list[str]) -> int:
    refine = "--refine" in argv
    argv = [a for a in argv if a != "--refine"]
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    profile, preset = Path(argv[0]), REPO / "model" / "presets" / f"{argv[1]}.toml"
    text = adopt(
        profile.read_text(encoding="utf-8"), preset.read_text(encoding="utf-8"), refine=refine
    )
    handle, tmp = tempfile.mkstemp(dir=preset.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(tmp, preset.stat().st_mode & 0o777)  # the preset's own mode, not mkstemp's 0600
    os.replace(tmp, preset)
    print(f"adopted {profile} into {preset.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
