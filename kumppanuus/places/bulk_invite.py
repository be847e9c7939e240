"""Invite municipal contact persons in bulk from a CSV file (email, municipality code, title).

Every row is checked first. If any row has an error, nobody is invited; otherwise
each row gets the portal's usual invitation (accounts.services.invitation_create,
through contact_person_invite), in one transaction, so the emails go out only
when all of them are recorded.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import TextChoices
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kumppanuus.accounts.models import Invitation

from .models import ContactPerson, Municipality
from .services import contact_person_invite

MAX_ROWS = 5000
TITLE_MAX_LENGTH = Invitation._meta.get_field("title").max_length
DELIMITERS = (";", ",", "\t")
COLUMNS = {
    "email": ("email", "e-mail", "sähköposti", "sähköpostiosoite", "e-post"),
    "municipality": (
        "municipality code",
        "municipality",
        "code",
        "kuntanumero",
        "kuntakoodi",
        "kunta",
        "kommun",
        "kommunnummer",
    ),
    "title": ("title", "nimike", "tehtävänimike", "titel"),
}


class RowStatus(TextChoices):
    INVITED = "invited", gettext_lazy("invited")
    TO_INVITE = "to_invite", gettext_lazy("to be invited")
    ALREADY = "already", gettext_lazy("already a contact person, skipped")
    ERROR = "error", gettext_lazy("error")


@dataclass
class InviteRow:
    number: int
    email: str = ""
    code: str = ""
    title: str = ""
    municipality: Municipality | None = None
    status: str = RowStatus.ERROR
    errors: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return RowStatus(self.status).label


@dataclass
class InviteReport:
    filename: str = ""
    dry_run: bool = False
    saved: bool = False
    rows: list[InviteRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors) or any(row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[InviteRow]:
        return [row for row in self.rows if row.errors]

    @property
    def counts(self) -> dict[str, int]:
        return {
            status.label: sum(1 for row in self.rows if row.status == status)
            for status in RowStatus
        }


class _FileError(Exception):
    pass


def contact_persons_invite_from_file(
    file, *, name: str = "", invited_by=None, dry_run: bool = False, language: str = "fi"
) -> InviteReport:
    name = name or getattr(file, "name", "") or ""
    report = InviteReport(filename=PurePath(name).name, dry_run=dry_run)
    try:
        header, records = _read(file)
        columns = _columns(header)
    except _FileError as error:
        report.errors.append(str(error))
        return report
    _check(records, columns, report)
    if report.failed or dry_run:
        return report
    with transaction.atomic():
        for row in report.rows:
            if row.status != RowStatus.TO_INVITE:
                continue
            contact_person_invite(
                municipality=row.municipality,
                email=row.email,
                title=row.title,
                invited_by=invited_by,
                language=language,
            )
            row.status = RowStatus.INVITED
    report.saved = True
    return report


def _read(file) -> tuple[list[str], list[tuple[int, list[str]]]]:
    limit = settings.IMPORT_MAX_BYTES
    data = file.read(limit + 1)
    if len(data) > limit:
        raise _FileError(
            _("The file is too large. The largest file that can be imported is %(size)s.")
            % {"size": filesizeformat(limit)}
        )
    if not data.strip():
        raise _FileError(_("The file is empty."))
    if data[:4] == b"PK\x03\x04" or b"\x00" in data:
        raise _FileError(
            _("The file is not CSV text. Save it in Excel as “CSV UTF-8 (comma delimited)”.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _FileError(
            _("The file is not in UTF-8. Save it in Excel as “CSV UTF-8 (comma delimited)”.")
        ) from None
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=lambda d: len(next(csv.reader([first_line], delimiter=d))))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header, records = None, []
    try:
        for number, record in enumerate(reader, start=1):
            cells = [cell.strip() for cell in record]
            if not any(cells):
                continue
            if header is None:
                header = [cell.lower() for cell in cells]
                continue
            records.append((number, cells))
            if len(records) > MAX_ROWS:
                raise _FileError(
                    _("The file has more than %(max)s rows. Split it into smaller files.")
                    % {"max": MAX_ROWS}
                )
    except csv.Error as error:
        raise _FileError(
            _("Row %(row)s of the file cannot be read as CSV (%(error)s).")
            % {"row": reader.line_num, "error": error}
        ) from None
    if not records:
        raise _FileError(_("The file has a header row but no people to invite."))
    return header, records


def _columns(header: list[str]) -> dict[str, int]:
    columns = {}
    for key, aliases in COLUMNS.items():
        for index, cell in enumerate(header):
            if cell.lstrip("\ufeff") in aliases and key not in columns:
                columns[key] = index
    missing = [key for key in ("email", "municipality") if key not in columns]
    if missing:
        raise _FileError(
            _(
                "The first row must name the columns email, municipality code and title "
                "(missing: %(columns)s)."
            )
            % {"columns": ", ".join(missing)}
        )
    return columns


def _check(records, columns, report: InviteReport) -> None:
    def cell(cells, key):
        index = columns.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    rows = [
        InviteRow(
            number=number,
            email=cell(cells, "email").lower(),
            code=cell(cells, "municipality"),
            title=cell(cells, "title"),
        )
        for number, cells in records
    ]
    codes = {row.code.zfill(3) for row in rows if row.code.isdigit()}
    municipalities = Municipality.objects.current().in_bulk(codes, field_name="code")
    existing = set(
        ContactPerson.objects.filter(municipality__code__in=codes).values_list(
            "user__email", "municipality__code"
        )
    )
    seen = set()
    for row in rows:
        try:
            validate_email(row.email)
        except ValidationError:
            row.errors.append(
                _("“%(email)s” is not a valid email address.") % {"email": row.email}
                if row.email
                else _("The email address is missing.")
            )
        code = row.code.zfill(3) if row.code.isdigit() else row.code
        row.municipality = municipalities.get(code)
        if row.municipality is None:
            row.errors.append(
                _("“%(code)s” is not the code of a municipality in force.") % {"code": row.code}
                if row.code
                else _("The municipality code is missing.")
            )
        else:
            row.code = code
        if len(row.title) > TITLE_MAX_LENGTH:
            row.errors.append(
                _("The title is longer than %(max)s characters.") % {"max": TITLE_MAX_LENGTH}
            )
        if (row.email, code) in seen:
            row.errors.append(_("The same person and municipality are on an earlier row."))
        seen.add((row.email, code))
        if row.errors:
            row.status = RowStatus.ERROR
        elif (row.email, code) in existing:
            row.status = RowStatus.ALREADY
        else:
            row.status = RowStatus.TO_INVITE
    report.rows = rows
