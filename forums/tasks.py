from celery import shared_task

from . import services, survey_services


@shared_task
def forget_guests() -> int:
    """Erase the personal data of guests whose meeting ended long enough ago (run daily by beat).

    Survey responses lose their email address as long after the survey closed.
    """
    survey_services.responses_forget(days=services.GUEST_DATA_DAYS)
    return services.guests_forget()
