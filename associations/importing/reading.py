"""Reading a CSV or XLSX file into a header and rows of text, checking it is what it claims."""

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from itertools import zip_longest
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .report import ImportFileError

MAX_ROWS = 20_000
# A workbook is a zip archive; refuse one that unpacks to far more than the
# upload limit (a "zip bomb") before openpyxl starts reading it.
XLSX_MAX_UNPACKED_RATIO = 20
CSV_DELIMITERS = (";", ",", "\t")
EXTENSIONS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx"}
# Control characters other than tab, line feed and carriage return do not occur
# in text that a person or a spreadsheet program writes.
BINARY_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UncalculatedFormula(str):
    """An empty cell text that stands for a formula whose result the file does not hold.

    Programs other than Excel (and Excel with manual calculation) may save a
    formula without its result; openpyxl cannot calculate it, so the row must
    not silently import the cell as empty.
    """


def _read_table(file, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    limit = settings.IMPORT_MAX_BYTES
    size = getattr(file, "size", None)
    data = b"" if size is not None and size > limit else file.read(limit + 1)
    if (size is not None and size > limit) or len(data) > limit:
        raise ImportFileError(
            _("The file is too large. The largest file that can be imported is %(size)s.")
            % {"size": filesizeformat(limit)},
            code="too_large",
        )
    kind = EXTENSIONS.get(PurePath(name).suffix.lower())
    if kind is None:
        raise ImportFileError(
            _("Only CSV and XLSX (Excel) files can be imported."), code="unsupported_type"
        )
    if not data:
        raise ImportFileError(_("The file is empty."), code="empty")
    looks_like_zip = data[:4] == b"PK\x03\x04"
    if kind == "xlsx":
        if not looks_like_zip:
            raise ImportFileError(_not_xlsx_message(), code="not_xlsx")
        records = _xlsx_records(data, limit)
    else:
        if looks_like_zip:
            raise ImportFileError(
                _(
                    "The file is an Excel workbook, not CSV text. Name it .xlsx or save it "
                    "as CSV UTF-8."
                ),
                code="content_mismatch",
            )
        records = _csv_records(data)
    return _header_and_rows(records)


def _not_xlsx_message() -> str:
    return _("The file is not a valid XLSX (Excel) workbook. Save it again as .xlsx or as CSV.")


def _csv_records(data: bytes):
    not_text = _("The file is not CSV text. Save it in Excel as “CSV UTF-8 (comma delimited)”.")
    if b"\x00" in data:
        raise ImportFileError(not_text, code="not_text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is not in UTF-8. Save it in Excel as “CSV UTF-8 (comma delimited)”."),
            code="not_utf8",
        ) from None
    if BINARY_CHARACTERS.search(text):
        raise ImportFileError(not_text, code="not_text")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(
        CSV_DELIMITERS, key=lambda d: len(next(csv.reader([first_line], delimiter=d), []))
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        yield from reader
    except csv.Error as error:
        raise ImportFileError(
            _("Row %(row)s of the file cannot be read as CSV (%(error)s).")
            % {"row": reader.line_num, "error": error},
            code="csv_error",
        ) from None


def _xlsx_records(data: bytes, limit: int):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(_not_xlsx_message(), code="not_xlsx") from None
    if unpacked > limit * XLSX_MAX_UNPACKED_RATIO:
        raise ImportFileError(_not_xlsx_message(), code="not_xlsx")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Saved results of formulas, and the formulas themselves, side by side.
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # A broken upload can fail anywhere inside openpyxl.
        raise ImportFileError(_not_xlsx_message(), code="not_xlsx") from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_not_xlsx_message(), code="not_xlsx")
        sheet, formula_sheet = workbook.worksheets[0], formulas.worksheets[0]
        # Spreadsheet programs often claim a far larger area than is used.
        sheet.reset_dimensions()
        formula_sheet.reset_dimensions()
        for values, written in zip_longest(
            sheet.iter_rows(values_only=True), formula_sheet.iter_rows(values_only=True)
        ):
            values, written = values or (), written or ()
            yield [
                _cell_text(value, written[i] if i < len(written) else None)
                for i, value in enumerate(values)
            ]
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(_not_xlsx_message(), code="not_xlsx") from None
    finally:
        workbook.close()
        formulas.close()


def _cell_text(value, written=None) -> str:
    if value is None:
        if isinstance(written, str) and written.startswith("="):
            return UncalculatedFormula("")
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _header_and_rows(records) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The first non-empty row is the header; rows are numbered as a spreadsheet shows them."""
    header = None
    rows = []
    for number, record in enumerate(records, start=1):
        cells = [_clean_cell(cell) for cell in record]
        if not any(cells) and not any(isinstance(c, UncalculatedFormula) for c in cells):
            continue
        if header is None:
            header = cells
            continue
        rows.append((number, cells))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)s rows. Split it into smaller files.")
                % {"max": MAX_ROWS},
                code="too_many_rows",
            )
    if header is None:
        raise ImportFileError(_("The file is empty."), code="empty")
    if not rows:
        raise ImportFileError(_("The file has a header row but no associations."), code="no_rows")
    return header, rows


def _clean_cell(value: str) -> str:
    if isinstance(value, UncalculatedFormula):
        return value
    value = unicodedata.normalize("NFC", value).strip()
    # The directory export writes ' before a value that a spreadsheet would run as
    # a formula; take it away again.
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
        value = value[1:]
    return value
