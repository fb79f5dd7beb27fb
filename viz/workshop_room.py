"""The room of a workshop: a join code, the open question, guesses and votes.

The presenter page and every participant's join page run in their own Solara kernels;
they meet here, in module state of the one server process, guarded by a lock and keyed
by the join code. Nothing leaves the process: participants reach it over the local
network through the same server (``carescape ui --host 0.0.0.0``).

A room's ``version`` goes up with every change, so pages poll it cheaply and redraw only
when something happened.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: nothing to misread
CODE_LENGTH = 4
DIRECTIONS = ("up", "same", "down")
DIRECTION_TEXT = {"up": "ws_up", "same": "ws_same_answer", "down": "ws_down"}  # i18n keys
MAX_ROOMS = 50  # a server runs a few workshops at most; the oldest room goes first
_LOCK = threading.Lock()
_ROOMS: dict[str, Room] = {}


@dataclass
class Question:
    """What the room is asked; the outcome is filled in at the reveal."""

    id: int
    text_nl: str
    text_en: str
    kind: str  # "direction" or "number"
    indicator: str
    revealed: bool = False
    outcome: dict[str, float] = field(default_factory=dict)  # baseline, scenario

    def text(self, lang: str) -> str:
        """The question in the language."""
        return self.text_en if lang == "en" and self.text_en else self.text_nl


@dataclass
class Room:
    """Everything the participants share with the presenter."""

    code: str
    title: str = ""
    version: int = 0
    participants: set[str] = field(default_factory=set)
    question: Question | None = None
    asked: list[Question] = field(default_factory=list)
    guesses: dict[int, dict[str, Any]] = field(default_factory=dict)  # question -> who -> guess
    vote_options: tuple[str, ...] = ()
    votes: dict[str, str] = field(default_factory=dict)  # who -> measure

    def _changed(self) -> None:
        self.version += 1

    def join(self, participant: str) -> None:
        """A participant joined (their kernel's id)."""
        with _LOCK:
            self.participants.add(participant)
            self._changed()

    def ask(self, text_nl: str, text_en: str, kind: str, indicator: str) -> Question:
        """Open a new question (the previous one stays in the record)."""
        with _LOCK:
            question = Question(len(self.asked) + 1, text_nl, text_en, kind, indicator)
            self.asked.append(question)
            self.question = question
            self.guesses[question.id] = {}
            self._changed()
            return question

    def guess(self, participant: str, value: Any) -> None:
        """A participant's answer to the open question (a new answer replaces the old)."""
        with _LOCK:
            question = self.question
            if question is None or question.revealed:
                raise ValueError("no open question")
            if question.kind == "direction" and value not in DIRECTIONS:
                raise ValueError(f"guess = {value!r} is not allowed; use {', '.join(DIRECTIONS)}")
            if question.kind == "number":
                value = float(value)
            self.guesses[question.id][participant] = value
            self._changed()

    def reveal(self, baseline: float, scenario: float) -> None:
        """Show the model's outcome next to the guesses."""
        with _LOCK:
            if self.question is not None:
                self.question.revealed = True
                self.question.outcome = {"baseline": baseline, "scenario": scenario}
                self._changed()

    def offer(self, measures: tuple[str, ...]) -> None:
        """The measures the room can vote for."""
        with _LOCK:
            self.vote_options = tuple(measures)
            self._changed()

    def vote(self, participant: str, measure: str) -> None:
        """A participant's vote (one per participant; a new vote replaces the old)."""
        with _LOCK:
            if measure not in self.vote_options:
                raise ValueError(
                    f"vote = {measure!r} is not allowed; use {', '.join(self.vote_options)}"
                )
            self.votes[participant] = measure
            self._changed()

    def tally(self) -> dict[str, int]:
        """Votes per measure, every offered measure included."""
        with _LOCK:
            counts = dict.fromkeys(self.vote_options, 0)
            for measure in self.votes.values():
                counts[measure] = counts.get(measure, 0) + 1
            return counts

    def answers(self, question_id: int | None = None) -> dict[str, Any]:
        """The guesses to a question (the open one by default), by participant."""
        with _LOCK:
            if question_id is None:
                question_id = self.question.id if self.question else 0
            return dict(self.guesses.get(question_id, {}))


def open_room(title: str = "") -> Room:
    """A new room with a fresh, unused code."""
    with _LOCK:
        code = ""
        while not code or code in _ROOMS:
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if len(_ROOMS) >= MAX_ROOMS:
            _ROOMS.pop(next(iter(_ROOMS)))
        room = Room(code, title)
        _ROOMS[code] = room
        return room


def find(code: str) -> Room | None:
    """The room with this code (case and spaces ignored), or None."""
    with _LOCK:
        return _ROOMS.get("".join(code.split()).upper())


def close(code: str) -> None:
    """Forget a room (its presenter page closed)."""
    with _LOCK:
        _ROOMS.pop(code, None)
