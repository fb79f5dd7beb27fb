"""Export of a workshop session as one ZIP, to send to participants afterwards.

``timeline.csv``: every branch's months with the baseline alongside, for the workshop's
indicators; ``annotations.csv``: every switch (branch, month, measure, on/off, settings);
``guesses.csv`` and ``votes.csv``: what the room answered and chose; ``charts/*.png``:
each indicator's chart as the presenter screen draws it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

from viz.workshop_charts import timeline_png
from viz.workshop_plan import INDICATORS, row_value
from viz.workshop_room import Room
from viz.workshop_session import WorkshopSession


def _csv(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()


def timeline_rows(session: WorkshopSession) -> list[dict[str, Any]]:
    """Branch, month, date and each indicator with and without measures."""
    rows = []
    base = session.baseline_records
    for branch in session.branches:
        for index, row in enumerate(branch.records):
            out: dict[str, Any] = {"branch": branch.name, "month": index + 1, "date": row["date"]}
            for name in INDICATORS:
                out[f"{name}_without"] = row_value(base[index], name) if index < len(base) else ""
                out[f"{name}_with"] = row_value(row, name)
            rows.append(out)
    return rows


def session_zip(session: WorkshopSession, room: Room, lang: str) -> bytes:
    """The whole session as ZIP bytes (charts in the page's language)."""
    timeline = timeline_rows(session)
    columns = ["branch", "month", "date"]
    columns += [f"{n}_{arm}" for n in INDICATORS for arm in ("without", "with")]
    notes = session.annotations()
    note_columns = ["branch", "forked_from", "month", "measure", "on"]
    note_columns += sorted({k for n in notes for k in n} - set(note_columns))
    guesses = [
        {
            "question": q.id,
            "text": q.text(lang),
            "indicator": q.indicator,
            "participant": who,
            "guess": value,
            "outcome_without": q.outcome.get("baseline", ""),
            "outcome_with": q.outcome.get("scenario", ""),
        }
        for q in room.asked
        for who, value in room.answers(q.id).items()
    ]
    votes = [{"participant": who, "measure": m} for who, m in sorted(room.votes.items())]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("timeline.csv", _csv(timeline, columns))
        archive.writestr("annotations.csv", _csv(notes, note_columns))
        guess_columns = ["question", "text", "indicator", "participant", "guess"]
        guess_columns += ["outcome_without", "outcome_with"]
        archive.writestr("guesses.csv", _csv(guesses, guess_columns))
        archive.writestr("votes.csv", _csv(votes, ["participant", "measure"]))
        if session.month:
            for name in INDICATORS:
                archive.writestr(f"charts/{name}.png", timeline_png(session, name, lang))
    return buffer.getvalue()
