"""The attendance list of a meeting as CSV and XLSX."""

import csv
from io import BytesIO, StringIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import Invitee


def _safe(value):
    """Keep spreadsheet programs from running a cell as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _attended(invitee: Invitee) -> str:
    if invitee.attended is None:
        return ""
    return _("yes") if invitee.attended else _("no")


def attendance_rows(meeting):
    yield [_("Name"), _("Organisation"), _("Answer"), _("Present"), _("Guest")]
    for invitee in meeting.invitees.order_by("name", "pk"):
        yield [
            _safe(invitee.name or invitee.email),
            _safe(invitee.organisation),
            invitee.get_answer_display(),
            _attended(invitee),
            _("yes") if invitee.is_guest else "",
        ]
    if meeting.head_count is not None:
        # Open events count everyone at the door, also those not on the list.
        yield []
        yield [_("Head count at the door"), meeting.head_count]


def attendance_csv(meeting) -> HttpResponse:
    buffer = StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(attendance_rows(meeting))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendance-{meeting.pk}.csv"'
    return response


def attendance_xlsx(meeting) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Attendance")[:31]
    for row in attendance_rows(meeting):
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    output = BytesIO()
    workbook.save(output)
    response = HttpResponse(
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="attendance-{meeting.pk}.xlsx"'
    return response
