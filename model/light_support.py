"""Light support by the municipality's own local team (lichte ondersteuning)."""

from __future__ import annotations

import numpy as np

from model.population import Residents


class LightSupport:
    """Short, light help given by the access team's own staff, within a fixed number of places."""

    def __init__(self, people: Residents, places: int, months: int) -> None:
        self.people = people
        self.places = places
        self.base_places = places  # status quo, before any policy
        self.months = months
        self.clients = 0

    def offer(self, residents: np.ndarray, month: int) -> np.ndarray:
        """Take residents while places last; returns a mask of who was taken."""
        taken = np.zeros(len(residents), dtype=bool)
        taken[: max(self.places - self.clients, 0)] = True
        self.people.light_until[residents[taken]] = month + self.months
        self.clients += int(taken.sum())
        return taken

    def end(self, month: int) -> None:
        """Light support that is over (or whose client left) ends."""
        until = self.people.view("light_until")
        over = (until >= 0) & ((until < month) | ~self.people.living())
        self.people.light_until[: self.people.n][over] = -1
        self.clients = int((self.people.view("light_until") >= 0).sum())
