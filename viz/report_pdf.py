"""The council report as PDF (fpdf2), from the blocks of ``viz.report``.

The text is set in DejaVu Sans, the font matplotlib ships, embedded in the file: it has
every character the report uses (€, ±, –, ë, ▲) and a reader's PDF viewer and text
search (or a test's text extraction) get the real characters back. The wide budget
table goes on a landscape page of its own so that fifteen years fit.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from viz.i18n import t
from viz.report_blocks import Block

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
MONO = "DejaVuMono"
INK = (31, 41, 51)
NAVY = (18, 53, 91)
MUTED = (82, 96, 109)


class ReportPDF(FPDF):
    """A4 pages with the report's font and a page number in the footer."""

    def __init__(self, lang: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.lang = lang
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font(FONT, "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.add_font(MONO, "", str(FONT_DIR / "DejaVuSansMono.ttf"))
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=16)
        self.set_title("carescape")
        self.set_creator("carescape")

    def footer(self) -> None:  # noqa: D102 - fpdf's hook
        self.set_y(-12)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"carescape · {t('rp_page', self.lang, n=self.page_no())}", align="R")


def _text(pdf: ReportPDF, text: str, size: float = 10, style: str = "", colour=INK) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")


def _kpis(pdf: ReportPDF, block: Block) -> None:
    """The headline numbers as cards, two by two: the value on one line, its label wrapped."""
    gap, height = 4.0, 25.0
    width = (pdf.epw - gap) / 2
    top = pdf.get_y() + 1
    for i, kpi in enumerate(block.kpis):
        x = pdf.l_margin + (i % 2) * (width + gap)
        y = top + (i // 2) * (height + gap / 2)
        pdf.set_draw_color(203, 210, 217)
        pdf.rect(x, y, width, height, round_corners=True, style="D")
        pdf.set_xy(x + 3, y + 2.5)
        pdf.set_font(FONT, "B", 12)
        pdf.set_text_color(*NAVY)
        pdf.cell(width - 6, 6, kpi.value)
        pdf.set_xy(x + 3, y + 9.5)
        pdf.set_font(FONT, "", 8)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(width - 6, 3.6, kpi.label)  # up to three lines: per year, interval
    rows = (len(block.kpis) + 1) // 2
    pdf.set_xy(pdf.l_margin, top + rows * (height + gap / 2) + 1)


def _table(pdf: ReportPDF, block: Block) -> None:
    columns = len(block.rows[0]) if block.rows else len(block.header)
    size = 6.5 if block.wide else 8.5
    if block.wide:
        first, second = 62.0, 22.0
        rest = (pdf.epw - first - second) / max(columns - 2, 1)
        widths = (first, second, *([rest] * (columns - 2)))
        align = ("LEFT", "LEFT", *(["RIGHT"] * (columns - 2)))
    elif columns == 2:
        widths, align = (pdf.epw * 0.45, pdf.epw * 0.55), ("LEFT", "LEFT")
    elif columns == 5:  # the four arrows: name, verdict, two numbers, what is measured
        shares = (0.17, 0.17, 0.14, 0.14, 0.38)
        widths, align = (
            tuple(pdf.epw * f for f in shares),
            ("LEFT", "LEFT", "RIGHT", "RIGHT", "LEFT"),
        )
    else:
        widths, align = tuple([pdf.epw / columns] * columns), tuple(["LEFT"] * columns)
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(203, 210, 217)
    heading = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=NAVY)
    with pdf.table(
        col_widths=widths,
        text_align=align,
        line_height=size * 0.5,
        first_row_as_headings=bool(block.header),
        headings_style=heading,
        width=pdf.epw,
        padding=0.8,
    ) as table:
        if block.header:
            table.row(list(block.header))
        for row in block.rows:
            table.row([str(cell) for cell in row])
    pdf.ln(2)


def _image(pdf: ReportPDF, block: Block) -> None:
    info = pdf.image(io.BytesIO(block.png), w=pdf.epw)
    if info is not None and pdf.get_y() > pdf.h - 30:
        pdf.add_page()
    if block.text:
        _text(pdf, block.text, 7.5, "I", MUTED)
    pdf.ln(2)


def _section_is_wide(blocks: list[Block], heading: int) -> bool:
    """Whether the section under the heading at ``heading`` holds a wide table."""
    for block in blocks[heading + 1 :]:
        if block.kind in ("h1", "h2"):
            return False
        if block.kind == "table" and block.wide:
            return True
    return False


def report_pdf(blocks: list[Block], lang: str) -> bytes:
    """The report as PDF bytes (A4, fonts embedded, the budget table in landscape)."""
    pdf = ReportPDF(lang)
    pdf.add_page()
    for i, block in enumerate(blocks):
        if block.kind == "h2" and _section_is_wide(blocks, i):
            pdf.add_page(orientation="L")
            _text(pdf, block.text, 12.5, "B", NAVY)
            pdf.ln(1)
        elif block.kind == "h1":
            _text(pdf, block.text, 17, "B", NAVY)
            pdf.ln(2)
        elif block.kind == "h2":
            following = blocks[i + 1 : i + 3]
            room = 95 if any(b.kind == "image" for b in following) else 45  # keep with its chart
            if pdf.get_y() > pdf.h - room:
                pdf.add_page()
            pdf.ln(2)
            _text(pdf, block.text, 12.5, "B", NAVY)
            pdf.ln(1)
        elif block.kind == "p":
            _text(pdf, block.text, 9.5)
            pdf.ln(1)
        elif block.kind == "bullets":
            for item in block.items:
                _text(pdf, f"•  {item}", 9.5)
                pdf.ln(0.8)
        elif block.kind == "kpis":
            _kpis(pdf, block)
        elif block.kind == "table":
            _table(pdf, block)
            if block.wide:
                pdf.add_page(orientation="P")
        elif block.kind == "image":
            _image(pdf, block)
        elif block.kind == "code":
            pdf.set_font(MONO, "", 7.5)
            pdf.set_fill_color(244, 246, 248)
            pdf.set_text_color(*INK)
            pdf.multi_cell(0, 3.6, block.text, fill=True, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    return bytes(pdf.output())
