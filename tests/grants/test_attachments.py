"""Attachments: checked uploads, private downloads, hostile files refused with nothing stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.models import ApplicationAttachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def post_file(client, application, name, content, **fields):
    return client.post(
        reverse("grants:attachment_add", args=[application.pk]),
        {"type": "talousarvio", "file": SimpleUploadedFile(name, content), **fields},
    )


def test_a_representative_uploads_a_confidential_attachment_and_downloads_it(
    client_as, draft, representative, settings
):
    client = client_as(representative)
    response = post_file(client, draft, "talousarvio 2027.pdf", PDF, confidential="on")

    assert response.status_code == 302
    attachment = ApplicationAttachment.objects.get()
    assert attachment.original_name == "talousarvio_2027.pdf"
    assert attachment.confidential
    assert "talousarvio" not in attachment.file.name  # a random stored name
    assert len(stored_files(settings)) == 1

    download = client.get(reverse("grants:attachment", args=[draft.pk, attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_the_bodys_officer_may_download_but_another_representative_gets_404(
    client_as, draft, representative, officer, other_representative
):
    post_file(client_as(representative), draft, "liite.pdf", PDF)
    attachment = ApplicationAttachment.objects.get()
    url = reverse("grants:attachment", args=[draft.pk, attachment.pk])

    assert client_as(officer).get(url).status_code == 200
    assert client_as(other_representative).get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("talousarvio.pdf", EXE),
        ("talousarvio.pdf", b"<!DOCTYPE html><script>alert(1)</script>"),
        ("muistio.txt", b"<html><body><script>alert(1)</script>"),
        ("ohjelma.exe", EXE),
    ],
    ids=["renamed-executable", "html-as-pdf", "html-as-text", "executable"],
)
def test_hostile_uploads_are_refused_with_a_message_and_nothing_stored(
    client_as, draft, representative, settings, name, content
):
    response = post_file(client_as(representative), draft, name, content)

    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page
    assert "id_file" in page
    assert not ApplicationAttachment.objects.exists()
    assert stored_files(settings) == []


def test_a_file_over_the_limit_is_refused(client_as, draft, representative, settings):
    settings.UPLOAD_MAX_BYTES = 1024

    response = post_file(client_as(representative), draft, "iso.pdf", PDF + b"0" * 2048)

    assert response.status_code == 400
    assert "enintään 1,0\u00a0KB hyväksytään" in response.content.decode()
    assert not ApplicationAttachment.objects.exists()
    assert stored_files(settings) == []


def test_a_representative_removes_an_attachment_after_confirming(
    client_as, draft, representative, settings, django_capture_on_commit_callbacks
):
    client = client_as(representative)
    post_file(client, draft, "liite.pdf", PDF)
    attachment = ApplicationAttachment.objects.get()
    url = reverse("grants:attachment_delete", args=[draft.pk, attachment.pk])

    assert client.get(url).status_code == 200
    assert ApplicationAttachment.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert not ApplicationAttachment.objects.exists()
    assert stored_files(settings) == []


def test_the_officer_cannot_upload_to_an_association_application(client_as, draft, officer):
    response = post_file(client_as(officer), draft, "liite.pdf", PDF)
    assert response.status_code == 403
    assert not ApplicationAttachment.objects.exists()
