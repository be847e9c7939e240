from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, OSError, ConnectionError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=services.MAX_ATTEMPTS,
)
def send_message(message_id: int) -> bool:
    return services.message_deliver(message_id)


@shared_task
def sweep_unsent_messages() -> int:
    """Re-enqueue messages whose send crashed or never reached a worker."""
    ids = services.unsent_message_ids(older_than=timezone.now() - timedelta(minutes=5))
    for message_id in ids:
        send_message.delay(message_id)
    return len(ids)
