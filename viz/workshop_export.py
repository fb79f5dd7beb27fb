"""Export of a workshop session as one ZIP, to send to participants afterwards.

``timeline.csv``: every branch's months with the baseline alongside, for the workshop's
indicators; ``annotations.csv``: every switch (branch, month, measure, on/off, settings);
``guesses.csv`` and ``votes.csv``: what the room answered and chose; ``charts/*.png``:
each indicator's chart as the presenter screen draws it.

The CSVs are written the way the what-if app's own downloads are (``viz.spreadsheet``):
the facilitator opens them in Excel, so in Dutch ``;`` between fields, a decimal comma,
Dutch labels in the first header row and the technical names in the second. Measures and
indicators appear by their names, yes/no as words, money in whole euros, and the
participants (kernel ids on the server) as "deelnemer 1, 2, ..." in the order they first
answered or voted, the same number in every file of the ZIP.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from model.policies import CATALOGUE
from viz.export_tables import Column, Table, setting_value
from viz.i18n import param_label, policy_label, t
from viz.spreadsheet import csv_bytes
from viz.workshop_charts import timeline_png, title
from viz.workshop_plan import INDICATORS, MONEY, row_value
from viz.workshop_room import DIRECTION_TEXT, Room
from viz.workshop_session import WorkshopSession

ARMS = (  # technical suffix, Dutch, English
    ("without", "zonder maatregelen", "without measures"),
    ("with", "met maatregelen", "with measures"),
)
NOTE_KEYS = {"branch", "forked_from", "month", "measure", "on"}  # the rest of a note: settings


def _both(key: str, **values: object) -> tuple[str, str]:
    """A TEXT entry in Dutch and English, as a ``Column`` takes its labels."""
    return t(key, "nl", **values), t(key, "en", **values)


def _indicator_column(name: str, arm: str, nl: str, en: str) -> Column:
    """One indicator in one variant; money in whole euros, people as whole counts."""
    money = name in MONEY
    unit = " (EUR)" if money else ""
    return Column(
        f"{name}_{arm}",
        f"{title(name, 'nl')}, {nl}{unit}",
        f"{title(name, 'en')}, {en}{unit}",
        "money" if money else "count",
    )


def timeline_table(session: WorkshopSession) -> Table:
    """Branch, month, calendar month and each indicator with and without measures."""
    columns = (
        Column("branch", *_both("ws_branch")),
        Column("month", "Maandnummer", "Month number", "count"),
        Column("date", "Kalendermaand", "Calendar month"),
        *(_indicator_column(n, *arm) for n in INDICATORS for arm in ARMS),
    )
    rows = []
    base = session.baseline_records
    for branch in session.branches:
        for index, row in enumerate(branch.records):
            values: list[Any] = [branch.name, index + 1, str(row["date"])[:7]]
            for name in INDICATORS:
                values.append(row_value(base[index], name) if index < len(base) else "")
                values.append(row_value(row, name))
            rows.append(tuple(values))
    return Table("timeline", "Tijdlijn", "Timeline", columns, rows)


def _settings_text(measure: str, params: dict[str, Any], lang: str) -> str:
    """A switch's settings as a reader says them: ``label: value; label: value``."""
    declared = CATALOGUE[measure].declared()
    return "; ".join(
        f"{param_label(measure, key, lang)}: {setting_value(measure, key, value, lang)}"
        for key, value in params.items()
        if key in declared
    )


def annotations_table(session: WorkshopSession, lang: str) -> Table:
    """Every switch: branch, where it forked, from which month, measure, on/off, settings.

    A switch is made before month ``month + 1`` is run, so it acts from that month on:
    the number the timeline counts months with.
    """
    columns = (
        Column("branch", *_both("ws_branch")),
        Column("forked_from", "Afgesplitst van tak", "Forked from branch"),
        Column("from_month", "Vanaf maandnummer", "From month number", "count"),
        Column("measure", "Maatregel", "Measure"),
        Column("on", "Aangezet", "Switched on"),
        Column("settings", "Instellingen", "Settings"),
    )
    rows = []
    for note in session.annotations():
        params = {k: v for k, v in note.items() if k not in NOTE_KEYS}
        measure = note["measure"]
        rows.append(
            (
                note["branch"],
                note["forked_from"],
                note["month"] + 1,
                policy_label(measure, lang),
                t("setting_yes" if note["on"] else "setting_no", lang),
                _settings_text(measure, params, lang),
            )
        )
    return Table("annotations", "Omzettingen", "Switches", columns, rows)


def participant_names(room: Room, lang: str) -> dict[str, str]:
    """Each participant's name in the files: "deelnemer 1", "deelnemer 2", ...

    Numbered in the order they first answered a question, then voted (the room keeps
    answers and votes in arrival order), so every file of one ZIP names a person alike
    and nobody's kernel id leaves the server.
    """
    order: dict[str, None] = {}
    for question in room.asked:
        order.update(dict.fromkeys(room.answers(question.id)))
    order.update(dict.fromkeys(room.votes))
    return {who: t("ws_participant_n", lang, n=i) for i, who in enumerate(order, start=1)}


def _guess_text(value: Any, lang: str) -> Any:
    """A direction guess as the join page shows it (``Meer``); numbers stay numbers."""
    return t(DIRECTION_TEXT[value], lang) if value in DIRECTION_TEXT else value


def guesses_table(room: Room, names: dict[str, str], lang: str) -> Table:
    """Every answer to every question, with the model's outcome once revealed."""
    columns = (
        Column("question", "Vraag (nr.)", "Question (no.)", "count"),
        Column("text", "Vraag", "Question"),
        Column("indicator", "Indicator", "Indicator"),
        Column("participant", "Deelnemer", "Participant"),
        Column("guess", "Antwoord", "Answer", "count"),
        Column("outcome_without", "Uitkomst zonder maatregelen", "Outcome without measures",
               "count"),
        Column("outcome_with", "Uitkomst met maatregelen", "Outcome with measures", "count"),
    )  # fmt: skip
    rows = [
        (
            q.id,
            q.text(lang),
            title(q.indicator, lang),
            names[who],
            _guess_text(value, lang),
            q.outcome.get("baseline", ""),
            q.outcome.get("scenario", ""),
        )
        for q in room.asked
        for who, value in room.answers(q.id).items()
    ]
    return Table("guesses", "Antwoorden", "Answers", columns, rows)


def votes_table(room: Room, names: dict[str, str], lang: str) -> Table:
    """Who voted for which measure, by participant number."""
    columns = (
        Column("participant", "Deelnemer", "Participant"),
        Column("measure", "Maatregel", "Measure"),
    )
    number = {who: i for i, who in enumerate(names)}
    votes = sorted(room.votes.items(), key=lambda vote: number[vote[0]])
    rows = [(names[who], policy_label(measure, lang)) for who, measure in votes]
    return Table("votes", "Stemmen", "Votes", columns, rows)


def session_zip(session: WorkshopSession, room: Room, lang: str) -> bytes:
    """The whole session as ZIP bytes, CSVs and charts in the page's language."""
    names = participant_names(room, lang)
    tables = {
        "timeline.csv": timeline_table(session),
        "annotations.csv": annotations_table(session, lang),
        "guesses.csv": guesses_table(room, names, lang),
        "votes.csv": votes_table(room, names, lang),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file_name, table in tables.items():
            archive.writestr(file_name, csv_bytes(table, lang))
        if session.month:
            for name in INDICATORS:
                archive.writestr(f"charts/{name}.png", timeline_png(session, name, lang))
    return buffer.getvalue()
