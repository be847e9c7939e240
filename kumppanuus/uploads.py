"""Uploads: one validator for every file a person sends, private storage, safe downloads.

Every upload goes through ``validate_upload(file, policy)`` (or a form's
``UploadField(policy=…)``): the size limit, the policy's allowed types, and the
type detected from the content (puremagic, and a look inside zip-based office
documents), never from the name or the browser's claim. A file is stored under
a random name (``stored_name``) in the default storage, which is never served
from a public URL (no MEDIA_URL; on S3 the objects are private), and sent only
by ``private_download`` after a permission check, as an attachment with
``nosniff``.

A model that keeps such a file inherits ``StoredFile``: the file under its stored
name, the name it was sent with and who sent it.
"""

import io
import uuid
import zipfile
from dataclasses import dataclass

import puremagic
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from kumppanuus.accounts.access import get_object_for_user


@dataclass(frozen=True)
class FileType:
    extensions: tuple[str, ...]
    mimetype: str
    label: str


PDF = FileType(("pdf",), "application/pdf", "PDF")
DOCX = FileType(
    ("docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"
)
XLSX = FileType(
    ("xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"
)
ODT = FileType(("odt",), "application/vnd.oasis.opendocument.text", "OpenDocument")
ODS = FileType(("ods",), "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument")
LEGACY_OFFICE = FileType(("doc", "xls"), "application/octet-stream", "Word/Excel 97–2003")
JPEG = FileType(("jpg", "jpeg"), "image/jpeg", "JPEG")
PNG = FileType(("png",), "image/png", "PNG")
TEXT = FileType(("txt",), "text/plain", "text")
CSV = FileType(("csv",), "text/csv", "CSV")


@dataclass(frozen=True)
class UploadPolicy:
    """What one use of uploads accepts: types and the size limit in bytes."""

    name: str
    types: tuple[FileType, ...]
    max_bytes: int

    @property
    def extensions(self) -> list[str]:
        return [extension for kind in self.types for extension in kind.extensions]


def documents_policy() -> UploadPolicy:
    """Attachments: applications, agendas, minutes, reports."""
    return UploadPolicy(
        "documents",
        (PDF, DOCX, XLSX, ODT, ODS, LEGACY_OFFICE, JPEG, PNG, TEXT),
        settings.UPLOAD_MAX_BYTES,
    )


def imports_policy() -> UploadPolicy:
    """Files of rows for the importers: CSV or an Excel workbook."""
    return UploadPolicy("imports", (CSV, XLSX), settings.IMPORT_MAX_BYTES)


def csv_policy() -> UploadPolicy:
    return UploadPolicy("csv", (CSV,), settings.IMPORT_MAX_BYTES)


@dataclass(frozen=True)
class CheckedUpload:
    original_name: str
    extension: str
    mimetype: str
    size: int


# A zip-based document may unpack to at most this many times the upload limit.
ZIP_EXPANSION = 20
ZIP_MAX_ENTRIES = 5000
_MARKUP = (b"<html", b"<!doctype", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")


def _zip_kind(data: bytes, limit: int) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_MAX_ENTRIES:
                raise ValidationError(_("The file is a packed archive that is too large."), "bomb")
            if sum(entry.file_size for entry in entries) > limit * ZIP_EXPANSION:
                raise ValidationError(_("The file is a packed archive that is too large."), "bomb")
            names = {entry.filename for entry in entries}
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return {ODT.mimetype: ODT, ODS.mimetype: ODS}.get(mimetype)
            if "[Content_Types].xml" in names:
                if any(name.startswith("word/") for name in names):
                    return DOCX
                if any(name.startswith("xl/") for name in names):
                    return XLSX
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


class NotUtf8(Exception):
    """Text, but not in UTF-8."""


def _text_kind(data: bytes) -> FileType | None:
    """Plain text in UTF-8 (a CSV file's cells may hold anything, a text file no markup)."""
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return None
        raise NotUtf8 from None
    head = text[:4096].lower().encode()
    if any(marker in head for marker in _MARKUP):
        return CSV
    return TEXT


def detect(data: bytes, limit: int) -> tuple[FileType | None, str]:
    """The type found in the content, and a short name of what it looks like."""
    if data[:4] == b"PK\x03\x04":
        return _zip_kind(data, limit), "zip"
    if data.startswith(b"%PDF-"):
        return PDF, "PDF"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG, "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG, "JPEG"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return LEGACY_OFFICE, "Office 97–2003"
    if text := _text_kind(data):
        return text, "text"
    try:
        found = puremagic.magic_string(data[:65536])[0]
        return None, found.name or found.extension.lstrip(".")
    except (puremagic.PureError, ValueError, IndexError):
        return None, "unknown"


def validate_upload(file, policy: UploadPolicy) -> CheckedUpload:
    """Check an uploaded file against a policy; raise ValidationError with a clear message."""
    name = get_valid_filename(file.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:200]
    if file.size > policy.max_bytes:
        raise ValidationError(
            _("The file is %(size)s; at most %(limit)s is accepted."),
            code="too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(policy.max_bytes),
            },
        )
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    accepted = ", ".join(f".{ext}" for ext in policy.extensions)
    if extension not in policy.extensions:
        raise ValidationError(
            _("Files of this type are not accepted here. Accepted: %(accepted)s."),
            code="unsupported_type",
            params={"accepted": accepted},
        )
    file.seek(0)
    data = file.read(policy.max_bytes + 1)
    file.seek(0)
    try:
        found, _looks_like = detect(data, policy.max_bytes)
    except NotUtf8:
        raise ValidationError(
            _(
                "The file is not in UTF-8. Save it again as UTF-8 text "
                "(in Excel: Save as → CSV UTF-8)."
            ),
            code="not_utf8",
        ) from None
    if extension == "csv" and found in (TEXT, CSV):
        # The cells of a CSV file may hold anything; it is never shown as a page.
        found = CSV
    elif extension == "txt" and found == CSV:
        found = None  # markup in a "text" file
    if found is None or extension not in found.extensions or found not in policy.types:
        raise ValidationError(
            _(
                "The content of the file is not what its name says (.%(extension)s). "
                "Save it again in an accepted format: %(accepted)s."
            ),
            code="content",
            params={"extension": extension, "accepted": accepted},
        )
    return CheckedUpload(
        original_name=name, extension=extension, mimetype=found.mimetype, size=file.size
    )


def stored_name(purpose: str, extension: str) -> str:
    """A random name for storage; the person's own file name is kept in the database."""
    return f"{purpose}/{uuid.uuid4().hex}.{extension}"


def stored_copy(name: str, purpose: str, *, storage=None) -> str:
    """Copy a stored file (already checked when it came in) under a new random name.

    Each owner then deletes its own copy without touching the other's.
    """
    storage = storage or default_storage
    extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
    with storage.open(name, "rb") as source:
        return storage.save(stored_name(purpose, extension), source)


class UploadField(forms.FileField):
    """A form field that validates with a policy; cleaned_data holds the file with .checked."""

    def __init__(self, *, policy: UploadPolicy, **kwargs):
        self.policy = policy
        kwargs.setdefault(
            "help_text",
            _("Accepted: %(accepted)s, at most %(limit)s.")
            % {
                "accepted": ", ".join(f".{ext}" for ext in policy.extensions),
                "limit": filesizeformat(policy.max_bytes),
            },
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ",".join(f".{e}" for e in policy.extensions))

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file and file is not initial:
            file.checked = validate_upload(file, self.policy)
        return file


def file_response(name: str, download_name: str, *, storage=None) -> FileResponse:
    """Send a stored file as a download that browsers never show inline."""
    storage = storage or default_storage
    response = FileResponse(storage.open(name, "rb"), as_attachment=True, filename=download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def private_download(
    request,
    queryset_or_model,
    perm: str,
    *,
    file_field="file",
    name_field="original_name",
    **lookup,
):
    """The view body for a private file: 404/403 through the permission helper, then the file."""
    obj = get_object_for_user(request, queryset_or_model, perm, **lookup)
    stored = getattr(obj, file_field)
    return file_response(stored.name, getattr(obj, name_field) or stored.name.rsplit("/", 1)[-1])


class StoredFile(models.Model):
    """A file a person sent (validated by validate_upload, stored under stored_name)."""

    file = models.FileField(_("file"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name
