from celery import shared_task

from . import services


@shared_task
def forget_guests() -> int:
    """Erase the personal data of guests whose meeting ended long enough ago (run daily by beat)."""
    return services.guests_forget()
