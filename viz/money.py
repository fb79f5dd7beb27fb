"""One way to write money in the what-if app: ``EUR 22,6 mln`` (NL) / ``EUR 22.6 M`` (EN).

Municipalities budget per year, so spending is shown per year; the model computes in
constant 2025 prices (``finance.price_index_2019_2025`` brings older figures to 2025 and
``finance.budget_index`` is about 0 "in the model's constant 2025 prices"), so every
amount states that price level. An interval is written as a range in words
(``tussen EUR 1,0 mln en EUR 3,6 mln``), never as ``± 1,28``.
"""

from __future__ import annotations

from viz.i18n import money_mln, number, t

PRICE_YEAR = 2025  # the model's euros are constant 2025 euros
MONTHS_PER_YEAR = 12
MILLION = 1e6


def _digits(*values: float) -> int:
    """One decimal from a million up, two below (so EUR 0,45 mln does not read 0,5)."""
    return 1 if max(abs(v) for v in values) >= MILLION else 2


def _suffix(lang: str) -> str:
    return "mln" if lang == "nl" else "M"


def money(value: float, lang: str) -> str:
    """An amount in millions: ``EUR 22,6 mln`` / ``EUR 22.6 M`` (the workshop's format too)."""
    return money_mln(value, lang)


def money_range(low: float, high: float, lang: str) -> str:
    """An interval after "tussen"/"between": ``EUR 1,0 mln en EUR 3,6 mln`` / ``... and ...``.

    Both ends with the same decimals, each a whole amount, so the headline and the
    report's sentences read the same interval the same way (Dutch "tussen ... en ...",
    never "tussen ... tot ...").
    """
    digits = _digits(low, high)
    word = "en" if lang == "nl" else "and"
    return (
        f"EUR {number(low / MILLION, lang, digits)} {_suffix(lang)} {word} "
        f"EUR {number(high / MILLION, lang, digits)} {_suffix(lang)}"
    )


def price_level(lang: str) -> str:
    """``prijspeil 2025`` / ``2025 prices``."""
    return t("price_level", lang, year=PRICE_YEAR)


def axis_per_year(lang: str) -> str:
    """A money axis: ``EUR mln per jaar (prijspeil 2025)``."""
    return t("money_axis_year", lang, unit=_suffix(lang), prices=price_level(lang))


def axis_total(lang: str) -> str:
    """A money axis of a sum over time: ``EUR mln (prijspeil 2025)``."""
    return t("money_axis_total", lang, unit=_suffix(lang), prices=price_level(lang))
