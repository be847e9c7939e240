from celery import shared_task

from . import services


@shared_task(acks_late=True)
def run_export(job_id: int) -> None:
    services.export_job_run(job_id=job_id)


@shared_task(acks_late=True)
def refresh_statistics() -> None:
    """Aggregate anew the grant statistics that a change left out of date."""
    from . import statistics

    statistics.refresh()
