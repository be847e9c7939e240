"""One validator for every upload: size, allowed types detected from the content, safe names."""

import io
import zipfile

import openpyxl
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from kumppanuus.uploads import (
    UploadField,
    documents_policy,
    file_response,
    imports_policy,
    stored_name,
    validate_upload,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def workbook_bytes():
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def zip_bomb(name="word/document.xml", size=25 * 1024 * 1024):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(name, "w", force_zip64=True) as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(size // len(block)):
                member.write(block)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "mimetype"),
    [
        ("toimintasuunnitelma.pdf", PDF, "application/pdf"),
        (
            "talousarvio.xlsx",
            workbook_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "säännöt.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("kuva.PNG", PNG, "image/png"),
        ("muistio.txt", b"Kokous alkoi klo 13.\n", "text/plain"),
    ],
)
def test_accepted_files_are_recognised_by_their_content(name, content, mimetype):
    checked = validate_upload(upload(name, content), documents_policy())

    assert checked.mimetype == mimetype
    assert checked.size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("tilinpaatos.pdf", EXE, "content"),  # a renamed executable
        ("ohjelma.exe", EXE, "unsupported_type"),
        ("liite.pdf", b"<!DOCTYPE html><script>alert(1)</script>", "content"),
        ("muistio.txt", b"<html><body><script>alert(1)</script>", "content"),
        ("kuva.png", PDF, "content"),  # a PDF named as an image
        ("talousarvio.xlsx", docx_bytes(), "content"),
        ("tyhja.pdf", b"", "empty"),
        ("ei-paatetta", PDF, "unsupported_type"),
        ("sivu.html", b"<html></html>", "unsupported_type"),
    ],
)
def test_hostile_or_mislabelled_files_are_refused_with_a_reason(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content), documents_policy())

    assert error.value.code == code


def test_a_zip_bomb_is_refused_before_it_is_unpacked(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024  # may unpack to 20 MB at most
    bomb = zip_bomb()
    assert len(bomb) < 100 * 1024

    with pytest.raises(ValidationError) as error:
        validate_upload(upload("raportti.docx", bomb), documents_policy())

    assert error.value.code == "bomb"


def test_a_file_over_the_limit_is_refused_in_the_readers_language(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    big = upload("iso.pdf", PDF + b"0" * 2048)

    with translation.override("fi"), pytest.raises(ValidationError) as error:
        validate_upload(big, documents_policy())

    assert error.value.code == "too_large"
    message = str(error.value.messages[0])
    assert "1,0" in message and "KB" in message
    assert message.startswith("Tiedosto on")


def test_the_import_policy_takes_csv_and_xlsx_only():
    assert validate_upload(upload("y.csv", b"nimi;kunnat\nA ry;426\n"), imports_policy())
    with pytest.raises(ValidationError):
        validate_upload(upload("y.pdf", PDF), imports_policy())


def test_the_person_s_file_name_is_made_safe_and_the_stored_name_is_random():
    checked = validate_upload(upload("../../etc/pass wd.pdf", PDF), documents_policy())

    assert checked.original_name == "pass_wd.pdf"
    first, second = stored_name("hakemukset", "pdf"), stored_name("hakemukset", "pdf")
    assert first != second
    assert first.startswith("hakemukset/") and first.endswith(".pdf")


class AttachmentForm(forms.Form):
    file = UploadField(policy=documents_policy(), label="Liite")


def test_the_form_field_shows_the_rule_and_refuses_with_a_message():
    form = AttachmentForm(files={"file": upload("liite.pdf", EXE)})

    assert not form.is_valid()
    assert "ei vastaa sen nimeä" in form.errors["file"][0]
    assert ".pdf" in str(AttachmentForm()["file"].help_text)
    assert 'accept=".pdf,' in str(AttachmentForm()["file"])


def test_a_download_is_an_attachment_that_is_never_sniffed_or_cached():
    name = default_storage.save(stored_name("testit", "pdf"), io.BytesIO(PDF))
    try:
        response = file_response(name, "Toimintasuunnitelma 2027.pdf")
        body = b"".join(response.streaming_content)
    finally:
        default_storage.delete(name)

    assert body == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Toimintasuunnitelma" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]


def test_uploads_live_outside_the_web_root_and_no_url_serves_them(settings, client):
    name = default_storage.save(stored_name("testit", "pdf"), io.BytesIO(PDF))
    try:
        for url in [f"/{name}", f"/media/{name}", f"/static/{name}"]:
            assert client.get(url).status_code == 404
    finally:
        default_storage.delete(name)
    assert settings.STATIC_ROOT not in settings.MEDIA_ROOT.parents
    assert settings.BASE_DIR / "static" not in settings.MEDIA_ROOT.parents
