"""The pieces a council report is made of, shared by its content and its writers.

``viz.report`` builds a report as a list of blocks; the HTML writer (in ``viz.report``)
and the PDF writer (``viz.report_pdf``) render them. Kept apart so neither writer
depends on the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from viz.headline import Kpi


@dataclass(frozen=True)
class Block:
    """One piece of the report.

    ``kind``: ``h1``, ``h2``, ``p``, ``bullets`` (``items``), ``kpis`` (``kpis``),
    ``table`` (``header``, ``rows``, ``wide``: many narrow number columns), ``image``
    (``png``, ``text`` as caption), ``code`` (``text``).
    """

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    png: bytes = b""
    wide: bool = False
