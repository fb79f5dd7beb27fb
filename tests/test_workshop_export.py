"""The workshop session ZIP as the facilitator opens it in Excel afterwards.

A small municipality is stepped a few months with a measure switched on (with a
setting), rewound and forked with a second measure; two participants answer a number
question and a direction question and vote. The ZIP's CSVs must read like the what-if
app's own downloads: in Dutch ``;`` separated with decimal commas, Dutch labels over the
technical names, measures and indicators by name, ja/nee, "deelnemer 1, 2"; in English
the same with ``,`` and English words.
"""

from __future__ import annotations

import copy
import csv
import io
import re
import zipfile

import pytest

from model.care_model import CareModel
from viz.spreadsheet import BOM
from viz.workshop_export import session_zip
from viz.workshop_room import Room
from viz.workshop_session import WorkshopSession

FILES = ("timeline.csv", "annotations.csv", "guesses.csv", "votes.csv")
KEY = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # a registry key: case_management, cost_all_eur
HEX_ID = re.compile(r"\b[0-9a-f]{10}\b")
DUTCH = {
    "timeline.csv": ["Tak", "Maandnummer", "Kalendermaand", "Wachtlijst toegang, zonder"],
    "annotations.csv": ["Tak", "Vanaf maandnummer", "Maatregel", "Aangezet", "Instellingen"],
    "guesses.csv": ["Vraag", "Indicator", "Deelnemer", "Antwoord", "Uitkomst met maatregelen"],
    "votes.csv": ["Deelnemer", "Maatregel"],
}
ENGLISH = {
    "timeline.csv": ["Branch", "Month number", "Calendar month", "with measures (EUR)"],
    "annotations.csv": ["Branch", "From month number", "Measure", "Switched on", "Settings"],
    "guesses.csv": ["Question", "Indicator", "Participant", "Answer", "Outcome with measures"],
    "votes.csv": ["Participant", "Measure"],
}


@pytest.fixture(scope="module")
def played() -> tuple[WorkshopSession, Room]:
    """Five months, case management on from month 4 (a setting changed), a fork at month 3
    with the HH norm; two participants (kernel ids) answer twice and vote."""
    session = WorkshopSession(model=CareModel(residents=3000, rng=5, years=2))
    room = Room("TEST")
    first, second = "a3f9c2e1b0", "7d6e5f4c3b"
    room.join(second)
    room.join(first)
    room.ask("Hoeveel wachten er?", "How many wait?", "number", "waiting_access")
    room.guess(first, "1200.4")
    room.guess(second, "150")
    for _ in range(3):
        session.step()
    session.switch("case_management", True, {"extra_fte_per_10000": 2.5})
    for _ in range(2):
        session.step()
    room.reveal(12.0, 9.0)
    room.ask("Meer of minder kosten?", "More or less cost?", "direction", "cost_all_eur")
    room.guess(second, "down")
    room.reveal(2_601_104.817, 2_598_788.944)
    session.rewind(3)
    session.switch("hh_norm", True)
    session.step()
    room.offer(("case_management", "hh_norm"))
    room.vote(second, "hh_norm")
    room.vote(first, "case_management")
    return copy.deepcopy(session), room


def read(archive: zipfile.ZipFile, name: str, lang: str) -> list[list[str]]:
    """A CSV's rows, read the way the language's spreadsheet reads it."""
    text = archive.read(name).decode("utf-8")
    assert text.startswith(BOM), f"{name}: no byte-order mark, Excel garbles the accents"
    delimiter = ";" if lang == "nl" else ","
    return list(csv.reader(io.StringIO(text[len(BOM) :]), delimiter=delimiter))


def session_files(played, lang: str, expected: dict[str, list[str]]) -> dict[str, list]:
    """Each file's labels, technical names and rows, after checking the labels row: the
    language's separator (one column per field) and the expected words in it."""
    archive = zipfile.ZipFile(io.BytesIO(session_zip(*played, lang)))
    files = {}
    for name in FILES:
        rows = read(archive, name, lang)
        labels, technical, *body = rows
        assert len(labels) > 1 and len(set(map(len, rows))) == 1, f"{name}: one column only"
        for label in expected[name]:
            assert any(label in cell for cell in labels), f"{name}: no {label!r} in {labels}"
        assert body, f"{name}: empty"
        files[name] = [labels, technical, [dict(zip(technical, r, strict=True)) for r in body]]
    return files


def test_dutch_session_files_open_in_dutch_excel_in_dutch_words(played):
    """Every file: ';' between fields, Dutch labels over the technical names; below them
    no registry key, no True/False, no kernel id and no decimal point."""
    for name, (labels, technical, body) in session_files(played, "nl", DUTCH).items():
        assert not KEY.search(";".join(labels)), f"{name}: a technical name among {labels}"
        assert "branch" in technical or "participant" in technical, f"{name}: {technical}"
        for cell in (cell for row in body for cell in row.values()):
            assert not KEY.search(cell), f"{name}: registry key in {cell!r}"
            assert cell not in {"True", "False"}, f"{name}: {cell!r}"
            assert not HEX_ID.search(cell), f"{name}: a participant's kernel id {cell!r}"
            assert not re.fullmatch(r"-?\d+\.\d+", cell), f"{name}: decimal point in {cell!r}"


def test_dutch_values_are_labels_rounded_money_and_numbered_participants(played):
    files = {name: body for name, (*_, body) in session_files(played, "nl", DUTCH).items()}
    money = [row["cost_all_eur_with"] for row in files["timeline.csv"]]
    assert all(re.fullmatch(r"\d+", m) for m in money), f"money in whole euros: {money[:3]}"
    note = files["annotations.csv"][0]
    assert note["measure"] == "Extra formatie toegang met actieve casusregie", note
    assert (note["on"], note["from_month"]) == ("ja", "4"), f"switched before month 4: {note}"
    assert "2,5" in note["settings"], f"the changed setting with a decimal comma: {note}"
    answers = files["guesses.csv"]
    assert [(a["participant"], a["guess"]) for a in answers] == [
        ("deelnemer 1", "1200"),
        ("deelnemer 2", "150"),
        ("deelnemer 2", "Minder"),
    ], "numbered in the order they first answered, the same person the same number"
    assert answers[0]["indicator"] == "Wachtlijst toegang", answers[0]
    voters = [v["participant"] for v in files["votes.csv"]]
    assert voters == ["deelnemer 1", "deelnemer 2"], voters


def test_english_session_files_are_comma_separated_in_english(played):
    files = {name: body for name, (*_, body) in session_files(played, "en", ENGLISH).items()}
    for name, body in files.items():
        cells = [cell for row in body for cell in row.values()]
        assert not any(KEY.search(cell) for cell in cells), f"{name}: a registry key"
    note = files["annotations.csv"][0]
    assert note["on"] == "yes" and "2.5" in note["settings"], note
    answers = [(a["participant"], a["guess"]) for a in files["guesses.csv"]]
    assert answers == [("participant 1", "1200"), ("participant 2", "150"),
                       ("participant 2", "Fewer")], answers  # fmt: skip
