from celery import shared_task

from . import services


@shared_task
def refresh_agreements() -> int:
    """Beat runs this every night: agreements whose period starts or ends that day move on."""
    return services.agreements_refresh_all()
