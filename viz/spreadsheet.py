"""Export tables as files a spreadsheet opens directly: CSV by language, and ``.xlsx``.

Dutch Excel reads a CSV with ``;`` between fields and a decimal comma, and needs a
byte-order mark to take it as UTF-8 (otherwise *cliënten* arrives garbled). So the
Dutch CSV has both, the English one ``,`` and a decimal point. Both have two header
rows: the labels a reader understands, then the technical names the model's own
files use (Parquet, ``carescape compare``), so a figure can be traced back. Numbers
are rounded to what they mean (whole people, whole euros) and carry no thousands
separator, so the spreadsheet reads them as numbers.

The ``.xlsx`` holds every table as its own sheet, numbers as numbers with a number
format (Excel shows them with the reader's own separators), and the settings sheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from viz.export_tables import Column, Table, digits, row_unit

BOM = "\ufeff"
DELIMITER = {"nl": ";", "en": ","}


def number_text(value: float, places: int, lang: str) -> str:
    """A number for a CSV cell: rounded, no thousands separator, the language's decimal sign."""
    if value != value:  # NaN: an empty cell
        return ""
    text = f"{value:.{places}f}"
    if text.lstrip("-").strip("0.") == "":  # no "-0" or "-0,0"
        text = text.lstrip("-")
    return text.replace(".", ",") if lang == "nl" else text


def _cells(table: Table, row: Sequence[Any]) -> list[tuple[Column, Any, str]]:
    """Each cell of a row with its column and the unit of the row's indicator."""
    unit = row_unit(table, row)
    return [(column, value, unit) for column, value in zip(table.columns, row, strict=True)]


def csv_bytes(table: Table, lang: str) -> bytes:
    """A table as CSV in the language's conventions (UTF-8 with BOM, two header rows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER[lang], lineterminator="\r\n")
    writer.writerow([c.label(lang) for c in table.columns])
    writer.writerow([c.name for c in table.columns])
    for row in table.rows:
        writer.writerow(
            [
                number_text(float(value), digits(column, unit), lang)
                if column.kind != "text" and isinstance(value, int | float)
                else value
                for column, value, unit in _cells(table, row)
            ]
        )
    return (BOM + buffer.getvalue()).encode("utf-8")


# -- xlsx ---------------------------------------------------------------------------------------
HEADER_FILL = PatternFill("solid", fgColor="12355B")
TECH_FONT = Font(italic=True, color="52606D", size=9)


def number_format(places: int, money: bool) -> str:
    """An Excel number format: thousands grouped, ``places`` decimals (money with EUR)."""
    body = "#,##0" + ("." + "0" * places if places else "")
    return f'"EUR "{body}' if money else body


def _sheet_name(title: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, no brackets or slashes, unique."""
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31]
    base, i = name, 2
    while name in taken:
        name = f"{base[:28]} {i}"
        i += 1
    taken.add(name)
    return name


def _write_table(sheet, table: Table, lang: str) -> None:
    sheet.append([c.label(lang) for c in table.columns])
    sheet.append([c.name for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[2]:
        cell.font = TECH_FONT
    for row in table.rows:
        cells = _cells(table, row)
        values = []
        for column, value, unit in cells:
            if column.kind != "text" and isinstance(value, int | float):
                value = round(float(value), digits(column, unit))
            values.append(value)
        sheet.append(values)
        for (column, value, unit), cell in zip(cells, sheet[sheet.max_row], strict=True):
            if column.kind != "text" and isinstance(value, int | float):
                money = column.kind == "money" or unit == "EUR"
                cell.number_format = number_format(digits(column, unit), money)
    for i, column in enumerate(table.columns, start=1):
        width = max(len(column.label(lang)), len(column.name)) + 2
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width, 10), 48)
    sheet.freeze_panes = "A3"
    if table.notes:
        sheet.cell(row=sheet.max_row + 2, column=1, value=table.notes[0][0 if lang == "nl" else 1])


def xlsx_bytes(tables: Sequence[Table], lang: str) -> bytes:
    """Every table as a sheet of one workbook; numbers as numbers with their formats."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for table in tables:
        _write_table(book.create_sheet(_sheet_name(table.title(lang), taken)), table, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
