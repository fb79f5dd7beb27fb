"""The page's headline numbers and four arrows as pictures, for slides and the charts ZIP.

The app draws both as HTML cards; a strategist preparing a council evening wants them
on a slide too. Same texts as the page (``viz.headline``), drawn as a row of cards.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from viz.backend import Arrow
from viz.charts import INK, _png, serialised
from viz.headline import Kpi, arrow_values
from viz.i18n import t

TONE = {"cs-good": "#2e7d32", "cs-bad": "#b91c1c", "": "#12355b"}
VERDICT = {"better": "#2e7d32", "worse": "#b91c1c", "same": "#7b8794", "too_few": "#7b8794"}
GLYPH = {1: "▲", -1: "▼", 0: "●"}
Card = tuple[str, str, str, str]  # top line, big text, small print, colour


def _cards(cards: list[Card], title: str) -> bytes:
    fig = Figure(figsize=(10.0, 2.3))
    ax = fig.add_axes((0, 0, 1, 0.86))
    ax.set_xlim(0, len(cards))
    ax.set_ylim(0, 1)
    ax.axis("off")
    for i, (top, big, small, colour) in enumerate(cards):
        ax.add_patch(
            FancyBboxPatch(
                (i + 0.04, 0.04),
                0.92,
                0.92,
                boxstyle="round,pad=0,rounding_size=0.04",
                fc="white",
                ec="#cbd2d9",
            )
        )
        ax.add_patch(
            FancyBboxPatch(
                (i + 0.04, 0.9), 0.92, 0.06, boxstyle="square,pad=0", fc=colour, ec="none"
            )
        )
        if top:
            ax.text(i + 0.1, 0.74, top, fontsize=10, weight="bold", color=colour, va="center")
        size = 12.5 if len(big) <= 18 else 10.5  # "geen duidelijk verschil" fits its card
        middle, bottom = (0.48, 0.2) if top else (0.6, 0.3)
        ax.text(i + 0.1, middle, big, fontsize=size, weight="bold", color=INK, va="center")
        ax.text(i + 0.1, bottom, small, fontsize=7.5, color="#52606d", va="center")
    fig.suptitle(title, x=0.01, ha="left", fontsize=10, weight="bold", color=INK)
    return _png(fig)


@serialised
def key_figures_png(kpis: list[Kpi], lang: str) -> bytes:
    """The four headline numbers (saving, the measures' cost, tailored share, unmet need)."""
    cards = [("", kpi.value, kpi.label, TONE.get(kpi.tone, TONE[""])) for kpi in kpis]
    return _cards(cards, t("headline", lang))


@serialised
def arrows_png(arrows: list[Arrow], lang: str) -> bytes:
    """VNG's four arrows: direction, verdict and both variants' final-year numbers."""
    cards = []
    for arrow in arrows:
        base, scen = arrow_values(arrow, lang)
        cards.append(
            (
                f"{GLYPH[arrow.direction]} {t(f'arrow_{arrow.key}', lang)}",
                t(arrow.verdict, lang),
                f"{t('baseline', lang)} {base} · {t('scenario', lang)} {scen}",
                VERDICT[arrow.verdict],
            )
        )
    return _cards(cards, t("four_arrows", lang))
