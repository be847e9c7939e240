"""A large export of the proposed amounts runs in the background, with progress and a download."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from grants import exports
from grants.models import ExportJob
from tests import factories
from tests.grants import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(monkeypatch, open_round):
    # "Large" is a setting of the module; three rows are enough to cross it here.
    monkeypatch.setattr(exports, "IMMEDIATE_ROWS", 2)
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 1)
    for n in range(3):
        builders.make_application(
            open_round,
            factories.make_association(name=f"Hakija {n} ry"),
            complete=True,
            status="submitted",
            reference=f"AV-2027-{n:06d}",
        )
    return open_round


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_large_export_runs_in_the_background_and_is_downloaded_when_ready(
    client_as, large, officer, fmt, django_capture_on_commit_callbacks
):
    client = client_as(officer)
    url = reverse("grants:export", args=[large.pk, fmt])
    offer = client.get(url)
    assert offer.status_code == 200 and "<form" in offer.content.decode()
    assert not ExportJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = ExportJob.objects.get()
    assert response.url == reverse("grants:export_job", args=[large.pk, job.pk])
    assert (job.status, job.done_rows, job.total_rows) == ("finished", 3, 3)

    page = client.get(response.url).content.decode()
    download = reverse("grants:export_download", args=[large.pk, job.pk])
    assert download in page
    file = client.get(download)
    assert file["Content-Disposition"].startswith("attachment")
    content = b"".join(file.streaming_content)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    else:
        rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.values)
    assert len(rows) == 4
    assert rows[1][1] == "Hakija 0 ry"


def test_a_job_in_progress_shows_its_progress_and_no_download(client_as, large, officer):
    job = ExportJob.objects.create(
        round=large, format="csv", user=officer, status="running", done_rows=1, total_rows=3
    )
    client = client_as(officer)
    page = client.get(reverse("grants:export_job", args=[large.pk, job.pk])).content.decode()
    assert "<progress" in page and 'data-refresh="2000"' in page
    download = reverse("grants:export_download", args=[large.pk, job.pk])
    assert download not in page
    assert client.get(download).status_code == 404


def test_a_failing_export_says_so(
    client_as, large, officer, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("levy täynnä")

    monkeypatch.setattr(exports, "build", broken)
    client = client_as(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("grants:export", args=[large.pk, "csv"]))
    job = ExportJob.objects.get()
    assert job.status == "failed"
    page = client.get(reverse("grants:export_job", args=[large.pk, job.pk]))
    assert page.status_code == 200 and "<progress" not in page.content.decode()


def test_a_small_export_stays_immediate(client_as, open_round, officer):
    response = client_as(officer).get(reverse("grants:export", args=[open_round.pk, "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert not ExportJob.objects.exists()


def test_others_cannot_see_or_download_a_job(
    client_as,
    large,
    officer,
    representative,
    other_municipality,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        client_as(officer).post(reverse("grants:export", args=[large.pk, "csv"]))
    job = ExportJob.objects.get()
    other_round = builders.make_open_round(builders.make_body(other_municipality))
    other_officer = builders.make_officer(
        other_round.body, factories.make_user("muu.avustus@example.fi")
    )
    for user in (representative, other_officer):
        client = client_as(user)
        for name in ("grants:export_job", "grants:export_download"):
            assert client.get(reverse(name, args=[large.pk, job.pk])).status_code == 403
    # Another round's address with this job's number: not found.
    client = client_as(other_officer)
    assert (
        client.get(reverse("grants:export_job", args=[other_round.pk, job.pk])).status_code == 404
    )
    assert client.get(reverse("grants:export", args=[large.pk, "pdf"])).status_code == 403


def test_a_job_runs_once_even_if_its_task_is_delivered_twice(large, officer):
    from grants import services

    job = ExportJob.objects.create(round=large, format="csv", user=officer)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    first = (job.status, job.file.name, job.finished_at)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.file.name, job.finished_at) == first
    assert first[0] == "finished"
