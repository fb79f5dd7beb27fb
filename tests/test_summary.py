"""The terminal's yearly table: care spending beside what was declared of it."""

from __future__ import annotations

import numpy as np

from model.summary import SUMMARY_COLUMNS, format_yearly
from tests.helpers import run


def test_care_spending_stands_beside_declared_and_the_facilities_apart() -> None:
    """The table once set care plus subsidies against declared care: a gap of ~10% that
    looked like undeclared care. Care, declared and facilities now each have a column."""
    result = run(residents=3000, years=2, rng=2)
    lines = format_yearly(result.table, 2025).splitlines()
    headings = [label for _, label in SUMMARY_COLUMNS]
    first = dict(zip(headings, lines[1].split()[1:], strict=True))
    series = result.series
    year_one = slice(0, 12)
    care = (series["spend_wmo_eur"][year_one] + series["spend_youth_eur"][year_one]).sum()
    declared = series["declared_total_eur"][year_one].sum()
    facilities = series["spend_general_eur"][year_one].sum()
    assert float(first["care"]) == round(care / 1e6, 2)
    assert float(first["declared"]) == round(declared / 1e6, 2)
    assert float(first["facilities"]) == round(facilities / 1e6, 2)
    assert 0.9 < declared / care < 1.05, "declared care should differ from care by the lag only"
    need = np.mean(series["wellbeing_with_need"][year_one])
    assert float(first["wellb.need"]) == round(need, 2)
    assert "residents with a need" in lines[-1], "the footnote explains the columns"
