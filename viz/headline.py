"""The headline numbers of a comparison, as texts and as the plain-words interval behind them.

The app's headline (``viz.app.Headline``) and the council report must show the same
numbers; :func:`headline_kpis` gives them in the app's format (a test renders the
app's headline and compares), :func:`saving_explained` says in plain words what the
interval is.

The app's interval is the 90% confidence interval of the *mean* paired saving over the
replicates (Student's t, ``viz.backend._band``): it says how precisely the replicates
pin down the average, not where a single run falls. With many runs a single run spreads
more; the report therefore also says how many runs saved money and the range the runs
spanned, and says they spread more only when they do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.aggregate import cumulative
from model.results import NET_COST
from viz.backend import (
    CUMULATIVE_SAVINGS,
    MEASURES_COST,
    Arrow,
    Results,
    final_year,
    judged,
    series,
)
from viz.i18n import count, number, t
from viz.money import money, money_range, price_level


@dataclass(frozen=True)
class Kpi:
    """One headline number as the app shows it."""

    key: str  # saving, cost, tailored, unmet
    value: str
    label: str
    tone: str  # cs-good, cs-bad or ""


def headline_kpis(results: Results, years: int, lang: str) -> list[Kpi]:
    """Saving, the measures' cost, the shift to tailored care, unmet need (the app's four).

    Money per the app's one format (``viz.money``): the total over the horizon, its average
    per year at the price level, and the interval as a range in words.
    """
    saving = series(results, CUMULATIVE_SAVINGS).diff
    cost = series(results, MEASURES_COST).diff
    _, _, share = final_year(results, "tailored_share")
    _, _, unmet = final_year(results, "unmet_need")
    runs = len(results["baseline"])
    value, low, high = saving.mean[-1], saving.lo[-1], saving.hi[-1]
    unclear = low < 0 < high  # the interval holds zero: a saving or extra cost, signed
    key = "headline_saving" if value >= 0 or unclear else "headline_cost"
    if not unclear:
        value, (low, high) = abs(value), sorted((abs(low), abs(high)))
    yearly = t(
        "headline_per_year", lang, amount=money(value / years, lang), prices=price_level(lang)
    )
    interval = (
        t("headline_range", lang, range=money_range(low, high, lang))
        if judged(runs)
        else t("too_few_runs", lang)
    )
    return [
        Kpi(
            "saving",
            money(value, lang),
            f"{t(key, lang, y=years)} ({yearly}); {interval}",
            _tone(saving.lo[-1], saving.hi[-1], +1, runs),
        ),
        Kpi(
            "cost",
            money(cost.mean[-1], lang),
            f"{t('measures_cost', lang)} ({years} {'jaar' if lang == 'nl' else 'years'}, "
            f"{price_level(lang)})",
            "",
        ),
        Kpi(
            "tailored",
            f"{number(share.mean[0] * 100, lang, 1, signed=True)} {t('points', lang)}",
            t("headline_tailored", lang),
            "",
        ),
        Kpi(
            "unmet",
            f"{number(unmet.mean[0], lang, signed=True)} {t('residents_unit', lang)}",
            t("headline_unmet", lang),
            _tone(unmet.lo[0], unmet.hi[0], -1, runs),
        ),
    ]


def _tone(lo: float, hi: float, better_when: int, runs: int) -> str:
    """A headline number's colour: good or bad only when its interval lies clear of zero.

    Without an interval (fewer than two runs) there is no verdict, so no colour.
    """
    if not judged(runs) or lo <= 0 <= hi:
        return ""
    return "cs-good" if (1 if lo > 0 else -1) == better_when else "cs-bad"


@dataclass(frozen=True)
class Saving:
    """The net saving over the horizon: its mean, interval and the spread of single runs."""

    mean: float
    lo: float  # 90% confidence interval of the mean
    hi: float
    runs: int
    runs_saving: int  # runs with a saving (> 0)
    run_min: float
    run_max: float

    @property
    def runs_spread_more(self) -> bool:
        """Whether the single runs span more than the interval of the mean.

        Usually so with many runs; with few, Student's t makes the interval of the mean
        wider than the runs themselves (t = 6.3 at two runs), and saying otherwise is false.
        """
        return self.run_max - self.run_min > self.hi - self.lo


def saving(results: Results) -> Saving:
    """Baseline minus scenario net cost, summed over the horizon, per run and on average."""
    band = series(results, CUMULATIVE_SAVINGS).diff
    seeds = sorted(results["baseline"])
    per_run = np.array(
        [
            cumulative(results["baseline"][s], NET_COST)[-1]
            - cumulative(results["scenario"][s], NET_COST)[-1]
            for s in seeds
        ]
    )
    return Saving(
        float(band.mean[-1]),
        float(band.lo[-1]),
        float(band.hi[-1]),
        len(seeds),
        int((per_run > 0).sum()),
        float(per_run.min()),
        float(per_run.max()),
    )


def saving_explained(s: Saving, years: int, lang: str) -> list[str]:
    """The headline's interval in plain words: what it is, and how single runs spread."""
    word = t("rp_word_saving" if s.mean >= 0 else "rp_word_cost", lang)
    sign = 1 if s.mean >= 0 else -1
    low, high = sorted((sign * s.lo, sign * s.hi))
    mean = t(
        "rp_saving_mean",
        lang,
        runs=count(s.runs, "runs_one", "runs_many", lang),
        word=word,
        years=years,
        amount=money(abs(s.mean), lang),
        per_year=money(abs(s.mean) / years, lang),
    )
    if not judged(s.runs):  # one run: no interval, no spread of runs
        return [mean, t("too_few_runs_sentence", lang)]
    return [
        mean,
        t(
            "rp_saving_interval",
            lang,
            word=word,
            range=money_range(low, high, lang),
            runs=s.runs,
        ),
        t(
            "rp_saving_runs_wider" if s.runs_spread_more else "rp_saving_runs",
            lang,
            k=s.runs_saving,
            runs=s.runs,
            range=money_range(s.run_min, s.run_max, lang),
        ),
    ]


def arrow_values(arrow: Arrow, lang: str) -> tuple[str, str]:
    """An arrow's baseline and scenario numbers as the app's four arrows show them.

    The budget in the app's one money format (``EUR 33,3 mln``), as on screen; the report's
    table and the arrows picture use these, so they never show a second money style.
    """
    if arrow.key == "budget":
        return money(arrow.baseline, lang), money(arrow.scenario, lang)
    digits = 2 if arrow.key in ("availability", "quality") else 0
    return number(arrow.baseline, lang, digits), number(arrow.scenario, lang, digits)
