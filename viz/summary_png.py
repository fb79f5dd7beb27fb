"""The page's headline numbers and four arrows as pictures, for slides and the charts ZIP.

The app draws both as HTML cards; a strategist preparing a council evening wants them
on a slide too. Same texts as the page (``viz.headline``), drawn as a row of cards.
"""

from __future__ import annotations

import re

from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyBboxPatch
from matplotlib.textpath import TextToPath

from viz.backend import Arrow
from viz.charts import INK, _png, serialised
from viz.headline import Kpi, arrow_values
from viz.i18n import t

TONE = {"cs-good": "#2e7d32", "cs-bad": "#b91c1c", "": "#12355b"}
VERDICT = {"better": "#2e7d32", "worse": "#b91c1c", "same": "#7b8794", "too_few": "#7b8794"}
GLYPH = {1: "▲", -1: "▼", 0: "●"}
Card = tuple[str, str, str, str]  # top line, big text, small print, colour


WIDTH = 10.0  # inches: the row of cards, as wide as the other charts of the ZIP
PAD = 0.12  # inches: a card's inner margin, and the gap between its texts
LINE = 1.3  # line height as a multiple of the font size
MEASURE = TextToPath()


def _width(text: str, fontsize: float, weight: str) -> float:
    """The drawn width of one line in inches (the glyphs' outlines, as the PNG draws them)."""
    prop = FontProperties(size=fontsize, weight=weight)
    return MEASURE.get_text_width_height_descent(text, prop, ismath=False)[0] / 72


def _wrap(text: str, fontsize: float, weight: str, width: float) -> tuple[str, float]:
    """``text`` wrapped word by word to ``width`` inches, and the height of its lines.

    An amount stays whole, as on the page: "EUR 0,25 mln" is never broken at its spaces.
    """
    lines: list[str] = []
    for word in re.split(r"(?<!EUR) +(?!mln\b|M\b|€)", text.strip()):
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and _width(joined, fontsize, weight) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return "\n".join(lines), max(len(lines), 1) * fontsize * LINE / 72


def _cards(cards: list[Card], title: str) -> bytes:
    """A row of cards: each text wrapped to its card, the cards as tall as the fullest one.

    Captions such as the saving's explanation are long; unwrapped they ran across the
    neighbouring cards, so every text is wrapped and stacked from the card's top.
    """
    span = WIDTH / len(cards)  # inches per card, gaps included
    gap, bar = 0.04 * span, 0.08
    inner = span - 2 * gap - 2 * PAD
    stacks = []
    for top, big, small, colour in cards:
        size = 12.5 if len(big) <= 18 else 10.5  # "geen duidelijk verschil" on one line
        parts = [(top, 10.0, "bold", colour), (big, size, "bold", INK), (small, 7.5, "normal")]
        stack = []
        for text, fontsize, weight, *tone in parts:
            if text:
                wrapped, height = _wrap(text, fontsize, weight, inner)
                stack.append((wrapped, height, fontsize, weight, tone[0] if tone else "#52606d"))
        stacks.append(stack)
    card = bar + PAD + max(sum(h + PAD for _, h, *_ in stack) for stack in stacks)
    heading = 0.45  # inches above the cards for the title
    fig = Figure(figsize=(WIDTH, card + heading + 0.1))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(0, card + heading + 0.1)
    ax.axis("off")
    for i, ((*_, colour), stack) in enumerate(zip(cards, stacks, strict=True)):
        left, bottom = i * span + gap, 0.05
        box = "round,pad=0,rounding_size=0.08"
        ax.add_patch(
            FancyBboxPatch(
                (left, bottom), span - 2 * gap, card, boxstyle=box, fc="white", ec="#cbd2d9"
            )
        )
        ax.add_patch(
            FancyBboxPatch(
                (left, bottom + card - bar),
                span - 2 * gap,
                bar,
                boxstyle="square,pad=0",
                fc=colour,
                ec="none",
            )
        )
        y = bottom + card - bar - PAD
        for text, height, fontsize, weight, tone in stack:
            ax.text(
                left + PAD,
                y,
                text,
                fontsize=fontsize,
                weight=weight,
                color=tone,
                va="top",
                linespacing=LINE,
            )
            y -= height + PAD
    ax.text(
        gap, card + 0.1 + heading / 2, title, fontsize=10, weight="bold", color=INK, va="center"
    )
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
