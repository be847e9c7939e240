"""The directory as CSV and XLSX, the columns officials open in Excel."""

import csv
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell


def _columns():
    return [
        (_("Name"), lambda a: a.name),
        (_("Name in Swedish"), lambda a: a.name_sv),
        (_("Business ID"), lambda a: a.business_id or ""),
        (_("Municipalities"), lambda a: ", ".join(m.name for m in a.municipalities.all())),
        (_("Fields of activity"), lambda a: ", ".join(f.name for f in a.fields.all())),
        (_("Target groups"), lambda a: ", ".join(t.name for t in a.target_groups.all())),
        (_("Website"), lambda a: a.website),
        (_("Email"), lambda a: a.email),
        (_("Phone"), lambda a: a.phone),
        (_("Street address"), lambda a: a.street_address),
        (_("Postal code"), lambda a: a.postal_code),
        (_("Post office"), lambda a: a.post_office),
        (_("Number of members"), lambda a: a.member_count if a.member_count is not None else ""),
        (_("Year founded"), lambda a: a.founded_year or ""),
    ]


def _safe(value):
    """Keep spreadsheet programs from running a CSV cell as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _rows(queryset):
    columns = _columns()
    yield [title for title, _getter in columns]
    for association in queryset.prefetch_related(
        "municipalities", "fields", "target_groups"
    ).iterator(chunk_size=2000):
        yield [getter(association) for _title, getter in columns]


def _text_cell(sheet, value):
    """An XLSX cell typed as text, so that "=…" or "+358…" is shown as written, never run."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


class _Echo:
    def write(self, value):
        return value


def as_csv(queryset, filename: str):
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff"  # Excel recognises UTF-8 by the byte order mark.
        for row in _rows(queryset):
            yield writer.writerow([_safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def as_xlsx(queryset, filename: str):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Associations"))
    for row in _rows(queryset):
        sheet.append([_text_cell(sheet, value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
