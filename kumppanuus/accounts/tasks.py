from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task
def purge_login_logs() -> int:
    """Delete login records older than LOGIN_LOG_DAYS, as the privacy notice promises."""
    cutoff = timezone.now() - timedelta(days=settings.LOGIN_LOG_DAYS)
    deleted = 0
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        deleted += model.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return deleted
