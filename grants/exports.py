"""The proposed amounts (päätösesitys) of a round for the board, as CSV and XLSX.

A round with at most IMMEDIATE_ROWS sent applications is exported in the
request; a larger one runs in the background (grants.tasks.run_export, an
ExportJob whose page shows the progress and offers the file when ready).
"""

import csv
import io

import openpyxl
from django.http import HttpResponse
from django.utils.translation import gettext as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMMEDIATE_ROWS = 500
PROGRESS_EVERY = 200


def _applications(round):
    return (
        round.applications.exclude(status__in=["draft", "withdrawn"])
        .select_related("association")
        .order_by("association__name", "pk")
    )


def row_count(round) -> int:
    return _applications(round).count()


def _rows(round, progress=None):
    yield [
        _("Reference number"),
        _("Association"),
        _("Business ID"),
        _("Purpose"),
        _("Amount requested"),
        _("Proposed amount"),
        _("Decision"),
        _("Amount granted"),
    ]
    total = row_count(round) if progress else 0
    for done, application in enumerate(_applications(round).iterator(chunk_size=1000), 1):
        yield [
            application.reference or "",
            application.association.name,
            application.association.business_id or "",
            application.purpose,
            application.amount_requested,
            application.proposed_amount,
            application.get_decision_display(),
            application.granted_amount,
        ]
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)


def _safe(value):
    """Text that a spreadsheet would run as a formula starts with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def build(round, fmt: str, progress=None) -> tuple[str, bytes]:
    """The file's name and content."""
    name = f"paatosesitys-{round.pk}"
    if fmt == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = _("Proposal")[:31]
        for row in _rows(round, progress):
            sheet.append([_safe(value) for value in row])
        for cell in sheet["E"][1:] + sheet["F"][1:] + sheet["H"][1:]:
            cell.number_format = "#,##0.00"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return f"{name}.xlsx", buffer.getvalue()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in _rows(round, progress):
        writer.writerow(
            [
                _safe(str(value).replace(".", ",") if hasattr(value, "quantize") else value or "")
                for value in row
            ]
        )
    return f"{name}.csv", ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export(round, fmt: str) -> HttpResponse:
    name, content = build(round, fmt)
    content_type = XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
