"""Import associations from a CSV or XLSX file.

Every row is validated with the portal's own AssociationForm before anything is
saved. If any row has an error, nothing is saved; otherwise the whole file is
saved in one transaction. A row whose business ID (Y-tunnus) is already in the
portal updates that association instead of creating a second one.
"""

import csv
import io
import logging
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import TextChoices
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from openpyxl import load_workbook

from kumppanuus.places.models import Municipality

from . import services
from .forms import AssociationForm
from .models import Association, AssociationChange, FieldOfActivity, TargetGroup
from .validators import normalize_business_id

logger = logging.getLogger(__name__)

MAX_ROWS = 20_000
# A workbook is a zip archive; refuse one that unpacks to far more than the
# upload limit (a "zip bomb") before openpyxl starts reading it.
XLSX_MAX_UNPACKED_RATIO = 20
CSV_DELIMITERS = (";", ",", "\t")
EXTENSIONS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx"}
# Control characters other than tab, line feed and carriage return do not occur
# in text that a person or a spreadsheet program writes.
BINARY_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LIST_SEPARATORS = re.compile(r"[;,\n]")
YES = {"kyllä", "k", "yes", "y", "true", "1", "ja", "x"}
NO = {"ei", "e", "no", "n", "false", "0", "nej"}
M2M_COLUMNS = ("municipalities", "fields", "target_groups")


@dataclass(frozen=True)
class Column:
    key: str
    aliases: tuple[str, ...]
    help: str


COLUMNS = [
    Column("name", ("nimi",), gettext_lazy("Name of the association. Required.")),
    Column(
        "name_sv",
        ("nimi_sv", "ruotsinkielinen nimi"),
        gettext_lazy("Name in Swedish, if any."),
    ),
    Column(
        "business_id",
        ("y-tunnus", "ytunnus"),
        gettext_lazy(
            "Business ID, like 1234567-8. A row whose business ID is already in the "
            "portal updates that association."
        ),
    ),
    Column(
        "register_number",
        ("rekisterinumero",),
        gettext_lazy("The old number in the register of associations."),
    ),
    Column(
        "registered",
        ("rekisteröity",),
        gettext_lazy(
            "Registered association: yes or no (kyllä/ei, 1/0, true/false). "
            "Empty means yes for a new association. A registered association needs a "
            "business ID."
        ),
    ),
    Column(
        "municipalities",
        ("kunnat",),
        gettext_lazy(
            "Municipalities of operation: codes (426) or names in Finnish or Swedish, "
            "separated by semicolons or commas. Required."
        ),
    ),
    Column(
        "fields",
        ("toimialat",),
        gettext_lazy("Fields of activity: identifiers or names in any language, separated."),
    ),
    Column(
        "target_groups",
        ("kohderyhmät",),
        gettext_lazy("Target groups: identifiers or names in any language, separated."),
    ),
    Column("description", ("kuvaus",), gettext_lazy("Description.")),
    Column("website", ("verkkosivu",), gettext_lazy("Website address.")),
    Column("email", ("sähköposti",), gettext_lazy("Public email address.")),
    Column("phone", ("puhelin",), gettext_lazy("Public phone number.")),
    Column("street_address", ("katuosoite",), gettext_lazy("Street address.")),
    Column("postal_code", ("postinumero",), gettext_lazy("Postal code, five digits.")),
    Column("post_office", ("postitoimipaikka",), gettext_lazy("Post office.")),
    Column("member_count", ("jäsenmäärä",), gettext_lazy("Number of members.")),
    Column("founded_year", ("perustamisvuosi",), gettext_lazy("Year founded.")),
    Column(
        "active",
        ("aktiivinen",),
        gettext_lazy("Shown in the directory: yes or no. Empty means yes for a new association."),
    ),
]

# The column titles of the directory export (associations/exports.py), so that an
# exported file can be edited and imported again in any of the three languages.
EXPORT_TITLES = {
    "name": "Name",
    "name_sv": "Name in Swedish",
    "business_id": "Business ID",
    "municipalities": "Municipalities",
    "fields": "Fields of activity",
    "target_groups": "Target groups",
    "website": "Website",
    "email": "Email",
    "phone": "Phone",
    "street_address": "Street address",
    "postal_code": "Postal code",
    "post_office": "Post office",
    "member_count": "Number of members",
    "founded_year": "Year founded",
}

# Where a column's errors are reported: the name of the form field.
FORM_FIELD = {"registered": "is_registered", "active": "is_active"}


class RowStatus(TextChoices):
    CREATED = "created", gettext_lazy("created")
    UPDATED = "updated", gettext_lazy("updated")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")
    ERROR = "error", gettext_lazy("error")


@dataclass
class Problem:
    """One error: in a field of a row (label is the field's name) or in the whole file."""

    message: str
    code: str
    field: str = ""
    label: str = ""


@dataclass
class RowResult:
    number: int
    name: str
    business_id: str = ""
    status: str = RowStatus.ERROR
    errors: list[Problem] = field(default_factory=list)
    association: Association | None = None

    @property
    def status_label(self) -> str:
        return RowStatus(self.status).label


@dataclass
class ImportReport:
    filename: str = ""
    dry_run: bool = False
    saved: bool = False
    rows: list[RowResult] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors) or any(row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status.label: self.count(status) for status in RowStatus}


class ImportFileError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.problem = Problem(message=message, code=code)


@dataclass
class _Plan:
    result: RowResult
    data: dict
    association: Association | None


def import_associations(file, *, name: str = "", user=None, dry_run: bool = False) -> ImportReport:
    """Read, validate and (unless dry_run or any row fails) save a whole file.

    file is a binary file object (an upload or an open file); name is its file
    name, whose extension says what the content must be.
    """
    name = name or getattr(file, "name", "") or ""
    report = ImportReport(filename=PurePath(name).name, dry_run=dry_run)
    try:
        header, rows = _read_table(file, name)
        columns, report.ignored_columns = _map_columns(header)
    except ImportFileError as error:
        report.errors.append(error.problem)
        return report

    plans = _validate(rows, columns, report)
    if report.failed or dry_run:
        return report
    try:
        with transaction.atomic():
            _save(plans, user)
    except (DatabaseError, ValidationError):
        # Most likely someone changed the same associations between validation and
        # saving (a business ID taken meanwhile); the transaction has rolled back.
        logger.exception("Saving the import of %s failed", report.filename)
        for plan in plans:
            plan.result.association = None
        report.errors.append(
            Problem(
                message=_(
                    "Saving failed, so nothing was saved. The associations may have changed "
                    "while the file was being saved: import the file again."
                ),
                code="save_failed",
            )
        )
        return report
    report.saved = True
    return report


def column_guide() -> list[tuple[str, str, str]]:
    """(column, Finnish aliases, explanation) for the help on the import page."""
    return [(c.key, ", ".join(c.aliases), str(c.help)) for c in COLUMNS]


# Reading the file


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
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # A broken upload can fail anywhere inside openpyxl.
        raise ImportFileError(_not_xlsx_message(), code="not_xlsx") from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_not_xlsx_message(), code="not_xlsx")
        sheet = workbook.worksheets[0]
        # Spreadsheet programs often claim a far larger area than is used.
        sheet.reset_dimensions()
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(_not_xlsx_message(), code="not_xlsx") from None
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
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
        if not any(cells):
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
    value = unicodedata.normalize("NFC", value).strip()
    # The directory export writes ' before a value that a spreadsheet would run as
    # a formula; take it away again.
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
        value = value[1:]
    return value


def _normalize_header(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").casefold()
    return " ".join(text.replace("_", " ").replace("-", " ").split())


def _header_aliases() -> dict[str, str]:
    aliases = {}
    for column in COLUMNS:
        for alias in (column.key, *column.aliases):
            aliases[_normalize_header(alias)] = column.key
    aliases[_normalize_header("is_registered")] = "registered"
    aliases[_normalize_header("is_active")] = "active"
    for language in ("en", "fi", "sv"):
        with override(language):
            for key, title in EXPORT_TITLES.items():
                aliases.setdefault(_normalize_header(_(title)), key)
    return aliases


def _map_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    aliases = _header_aliases()
    columns: dict[str, int] = {}
    ignored = []
    for index, title in enumerate(header):
        if not title:
            continue
        key = aliases.get(_normalize_header(title))
        if key is None:
            ignored.append(title)
        elif key in columns:
            raise ImportFileError(
                _("The column “%(column)s” appears twice in the header row.") % {"column": title},
                code="duplicate_column",
            )
        else:
            columns[key] = index
    if "name" not in columns:
        raise ImportFileError(
            _(
                "The header row has no column for the name (“name” or “nimi”). The first "
                "row of the file must name the columns."
            ),
            code="missing_name_column",
        )
    return columns, ignored


# Validating rows


class _LookedUpField(forms.Field):
    """Ids that the importer has already looked up by code or name.

    AssociationForm would look every row's choices up in the database again; the
    importer has done it once for the whole file, so only "required" is left to check.
    """

    widget = forms.MultipleHiddenInput


def _looked_up(name: str) -> _LookedUpField:
    original = AssociationForm.base_fields[name]
    return _LookedUpField(label=original.label, required=original.required)


class ImportRowForm(AssociationForm):
    """AssociationForm for one row of a file."""

    municipalities = _looked_up("municipalities")
    fields = _looked_up("fields")
    target_groups = _looked_up("target_groups")


class _Lists:
    """Municipalities, fields of activity and target groups by every name a file may use."""

    def __init__(self):
        self.municipalities = {}
        for municipality in Municipality.objects.current():
            for key in (municipality.code, municipality.name_fi, municipality.name_sv):
                if key:
                    self.municipalities.setdefault(key.casefold(), municipality.pk)
        self.fields = self._entries(FieldOfActivity)
        self.target_groups = self._entries(TargetGroup)

    @staticmethod
    def _entries(model) -> dict[str, int]:
        entries = {}
        for entry in model.objects.all():
            for key in (entry.slug, entry.name_fi, entry.name_sv, entry.name_en):
                if key:
                    entries.setdefault(key.casefold(), entry.pk)
        return entries

    def resolve(self, column: str, cell: str) -> tuple[list[int], list[str]]:
        table = getattr(self, column)
        found, unknown = [], []
        for token in LIST_SEPARATORS.split(cell):
            token = token.strip()
            if not token:
                continue
            key = token.zfill(3) if column == "municipalities" and token.isdigit() else token
            pk = table.get(key.casefold())
            if pk is None:
                unknown.append(token)
            elif pk not in found:
                found.append(pk)
        return found, unknown


def _validate(rows, columns: dict[str, int], report: ImportReport) -> list[_Plan]:
    existing = _existing_associations(rows, columns)
    lists = _Lists()
    first_row_of: dict[str, int] = {}
    plans = []
    for number, cells in rows:
        values = {key: (cells[i] if i < len(cells) else "") for key, i in columns.items()}
        result, plan = _validate_row(number, values, existing, first_row_of, lists)
        report.rows.append(result)
        if plan is not None:
            plans.append(plan)
    return plans


def _normalized_business_id(value: str) -> str | None:
    if not value:
        return None
    try:
        return normalize_business_id(value)
    except ValidationError:
        return None


def _existing_associations(rows, columns) -> dict[str, Association]:
    if "business_id" not in columns:
        return {}
    index = columns["business_id"]
    ids = {
        _normalized_business_id(cells[index] if index < len(cells) else "") for _n, cells in rows
    }
    ids.discard(None)
    ids = sorted(ids)
    found = {}
    for start in range(0, len(ids), 500):  # SQLite takes a limited number of parameters.
        chunk = ids[start : start + 500]
        queryset = Association.objects.filter(business_id__in=chunk).prefetch_related(*M2M_COLUMNS)
        found.update((a.business_id, a) for a in queryset)
    return found


def _form_data(association: Association | None) -> dict:
    """What the form would show for the association: the starting point of a row."""
    data = {name: "" for name in AssociationForm._meta.fields}
    data["is_registered"] = True
    data["is_active"] = True
    data.update({name: [] for name in M2M_COLUMNS})
    if association is not None:
        for name in AssociationForm._meta.fields:
            if name in M2M_COLUMNS:
                data[name] = [obj.pk for obj in getattr(association, name).all()]
            else:
                value = getattr(association, name)
                data[name] = "" if value is None else value
        data["is_active"] = association.is_active
    return data


def _parse_yes_no(value: str) -> bool:
    value = value.casefold()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValueError(value)


def _validate_row(number, values, existing, first_row_of, lists) -> tuple[RowResult, _Plan | None]:
    result = RowResult(number=number, name=values.get("name", ""))
    raw_business_id = values.get("business_id", "")
    business_id = _normalized_business_id(raw_business_id)
    result.business_id = business_id or raw_business_id
    association = existing.get(business_id) if business_id else None
    errors: dict[str, list[Problem]] = {}

    def error(name: str, message: str, code: str):
        errors.setdefault(name, []).append(Problem(message=message, code=code, field=name))

    if business_id:
        if business_id in first_row_of:
            error(
                "business_id",
                _("The business ID %(value)s is already on row %(row)s of this file.")
                % {"value": business_id, "row": first_row_of[business_id]},
                "duplicate_in_file",
            )
        else:
            first_row_of[business_id] = number

    data = _form_data(association)
    before = dict(data)
    for key, value in values.items():
        name = FORM_FIELD.get(key, key)
        if key in ("registered", "active"):
            if value:
                try:
                    data[name] = _parse_yes_no(value)
                except ValueError:
                    error(name, _("Write yes or no (kyllä or ei)."), "invalid_yes_no")
        elif key in M2M_COLUMNS:
            data[name], unknown = lists.resolve(key, value)
            if unknown:
                error(name, _unknown_message(key, unknown), f"unknown_{key}")
        elif key in ("member_count", "founded_year"):
            data[name] = "".join(value.split())
        elif key == "postal_code" and value.isdigit() and len(value) < 5:
            # Excel drops the leading zeros of a postal code such as 00100.
            data[name] = value.zfill(5)
        else:
            data[name] = value

    form = ImportRowForm(data=data, instance=association or Association())
    if not form.is_valid():
        for name, form_errors in form.errors.as_data().items():
            if name in errors:
                continue  # The column's own message already says what is wrong.
            for form_error in form_errors:
                for message in form_error.messages:
                    error(name, message, form_error.code or "invalid")
    if errors:
        result.errors = [
            Problem(message=p.message, code=p.code, field=p.field, label=_label(form, p.field))
            for problems in errors.values()
            for p in problems
        ]
        return result, None

    cleaned = {name: form.cleaned_data[name] for name in AssociationForm._meta.fields}
    cleaned["is_active"] = data["is_active"]
    result.business_id = cleaned["business_id"] or ""
    if association is None:
        result.status = RowStatus.CREATED
    elif _differs(before, cleaned):
        result.status = RowStatus.UPDATED
    else:
        result.status = RowStatus.UNCHANGED
    return result, _Plan(result=result, data=cleaned, association=association)


def _unknown_message(column: str, unknown: list[str]) -> str:
    values = ", ".join(unknown)
    if column == "municipalities":
        return _("Unknown municipality: %(values)s.") % {"values": values}
    if column == "fields":
        return _("Unknown field of activity: %(values)s.") % {"values": values}
    return _("Unknown target group: %(values)s.") % {"values": values}


def _label(form, name: str) -> str:
    if name in form.fields:
        return str(form.fields[name].label)
    if name == "is_active":
        return capfirst(str(Association._meta.get_field("is_active").verbose_name))
    return ""


def _differs(before: dict, after: dict) -> bool:
    for name, value in after.items():
        old = before.get(name)
        if name in M2M_COLUMNS:
            if set(value) != set(old):
                return True
        elif (old if old != "" else None) != (value if value != "" else None):
            return True
    return False


# Saving


def _save(plans: list[_Plan], user) -> None:
    for plan in plans:
        result = plan.result
        if result.status == RowStatus.CREATED:
            result.association = services.association_create(
                data=plan.data, user=None, action=AssociationChange.Action.IMPORTED, by=user
            )
        elif result.status == RowStatus.UPDATED:
            result.association = services.association_update(
                association=plan.association,
                data=plan.data,
                user=user,
                action=AssociationChange.Action.IMPORTED,
            )
        else:
            result.association = plan.association
