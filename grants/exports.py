"""The proposed amounts (päätösesitys) of a round for the board, as CSV and XLSX."""

import csv
import io

import openpyxl
from django.http import HttpResponse
from django.utils.translation import gettext as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(round):
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
    applications = (
        round.applications.exclude(status__in=["draft", "withdrawn"])
        .select_related("association")
        .order_by("association__name", "pk")
    )
    for application in applications:
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


def _safe(value):
    """Text that a spreadsheet would run as a formula starts with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export(round, fmt: str) -> HttpResponse:
    name = f"paatosesitys-{round.pk}"
    if fmt == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = _("Proposal")[:31]
        for row in _rows(round):
            sheet.append([_safe(value) for value in row])
        for cell in sheet["E"][1:] + sheet["F"][1:] + sheet["H"][1:]:
            cell.number_format = "#,##0.00"
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in _rows(round):
        writer.writerow(
            [
                _safe(str(value).replace(".", ",") if hasattr(value, "quantize") else value or "")
                for value in row
            ]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
