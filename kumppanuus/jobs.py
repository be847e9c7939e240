"""Work that runs in the background (Celery) while its page shows the progress.

A feature app subclasses ``BackgroundJob`` (an abstract model: who started it,
status, rows done of the total, a private result file) and runs its work with
``job_run(Model, job_id, work)`` from a Celery task: the job is claimed once
(a second delivery of the task does nothing), ``work(job, progress)`` reports
``progress(done, total)`` as it goes and returns ``(name, bytes)`` for the
result file, which is stored under a random name in the default storage and
sent only through ``kumppanuus.uploads.file_response`` after the app's own
permission check. ``templates/includes/job_progress.html`` is the progress
section of a job's page (it refreshes itself until the job is done).
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kumppanuus.uploads import stored_name

logger = logging.getLogger(__name__)


class BackgroundJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    done_rows = models.PositiveIntegerField(_("rows done"), default=0)
    # The result, in private storage under a random name.
    file = models.FileField(_("file"), max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.FINISHED, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return int(100 * self.done_rows / self.total_rows) if self.total_rows else 0


def job_run(model, job_id: int, work, *, purpose: str = "jobs") -> bool:
    """Run a queued job once; True if this call ran it."""
    claimed = model.objects.filter(pk=job_id, status=model.Status.QUEUED).update(
        status=model.Status.RUNNING
    )
    if not claimed:
        return False
    job = model.objects.get(pk=job_id)

    def progress(done, total):
        model.objects.filter(pk=job_id).update(done_rows=done, total_rows=total)

    try:
        name, content = work(job, progress)
        extension = name.rsplit(".", 1)[-1]
        job.file.save(stored_name(purpose, extension), ContentFile(content), save=False)
        model.objects.filter(pk=job_id).update(
            status=model.Status.FINISHED,
            file=job.file.name,
            file_name=name,
            finished_at=timezone.now(),
        )
    except Exception:
        logger.exception("The background job %s %s failed", model.__name__, job_id)
        model.objects.filter(pk=job_id).update(
            status=model.Status.FAILED, finished_at=timezone.now()
        )
    return True
