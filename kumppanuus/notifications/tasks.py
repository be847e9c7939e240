"""Thin tasks over services: no Celery retries, the sweep is the one retry mechanism."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def deliver_messages(message_ids: list[int]) -> int:
    """Send these messages now (those due and unsent); the sweep takes what is left."""
    try:
        return services.messages_deliver(message_ids)
    except services.MailServerDown:
        return 0


@shared_task(acks_late=True)
def send_due_messages() -> int:
    """Beat runs this every minute: every due message, oldest first."""
    return services.messages_send_due()
