"""The status quo and the pinned scenarios give the committed yearly outcomes.

A failure here means results moved: if that was intended, refresh the table with
``python scripts/refresh_regression.py`` and commit it with the reason.
"""

from __future__ import annotations

import pytest

from tests.regression.cases import CASES, measure, read_baseline


@pytest.mark.parametrize("case", list(CASES))
def test_results_match_the_committed_baseline(case: str) -> None:
    expected = read_baseline()[case]
    measured = measure(case)
    assert set(measured) == set(expected), f"{case}: the set of outcomes or years changed"
    moved = {
        key: (expected[key], value) for key, value in measured.items() if value != expected[key]
    }
    assert not moved, f"{case}: {len(moved)} cells moved, e.g. {list(moved.items())[:5]}"
