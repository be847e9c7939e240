"""A real Celery worker, fed through the configured broker, sends an email.

Locally the broker is memory://; CI sets CELERY_BROKER_URL to Redis.
"""

import threading
import time
import uuid

import pytest
from celery import signals
from celery.contrib.testing.worker import start_worker
from django.db import connections

from kumppanuus.celery import app
from kumppanuus.notifications.models import Message
from tests import factories


@pytest.fixture
def real_celery():
    """Tasks go through the broker to a worker instead of running in the caller.

    The test's tasks and its worker use a queue of their own: a queue another test
    of the same process set up (and the app may still have in its routing), or
    tasks an interrupted run left in the broker, cannot take them.
    """
    keys = (
        "task_always_eager",
        "worker_hijack_root_logger",
        "broker_transport_options",
        "task_default_queue",
    )
    saved = {key: app.conf[key] for key in keys}
    app.conf.task_always_eager = False
    app.conf.worker_hijack_root_logger = False
    app.conf.task_default_queue = f"test-worker-{uuid.uuid4().hex[:12]}"
    if app.conf.broker_url.startswith("memory://"):
        # The in-process broker is polled; the default second makes the test slow.
        app.conf.broker_transport_options = {
            **saved["broker_transport_options"],
            "polling_interval": 0.05,
        }
    try:
        yield app
    finally:
        app.conf.update(saved)


@pytest.fixture
def finished_tasks():
    """Records (task name, args, thread) of every task that finishes."""
    finished = []

    def record(task=None, args=None, **kwargs):
        finished.append((task.name, tuple(args or ()), threading.get_ident()))
        # The worker thread's database connection must not outlive the test,
        # or PostgreSQL refuses to drop the test database.
        connections.close_all()

    signals.task_postrun.connect(record, weak=False)
    try:
        yield finished
    finally:
        signals.task_postrun.disconnect(record)


def wait_until(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# The worker reads what the test commits, so the test cannot run inside a
# transaction. Serialized rollback keeps the migrations' data for the
# transactional tests that run after this one (the browser journeys).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_sends_the_queued_email(
    real_celery, finished_tasks, transactional_db, mailoutbox, client
):
    person = factories.make_user("tyontekija@example.fi")

    with start_worker(
        real_celery,
        pool="solo",
        perform_ping_check=False,
        shutdown_timeout=10,
        queues=[real_celery.conf.task_default_queue],
    ):
        response = client.post("/tili/salasana/unohtunut/", {"email": person.email})
        assert response.status_code == 302
        message = Message.objects.get(kind="password_reset")
        task = ("kumppanuus.notifications.tasks.deliver_messages", ([message.pk],))

        assert wait_until(lambda: task in [f[:2] for f in finished_tasks]), finished_tasks

    [thread] = [f[2] for f in finished_tasks if f[:2] == task]
    assert thread != threading.get_ident(), "the task ran in the test, not in the worker"
    assert [email.to for email in mailoutbox] == [[person.email]]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.attempts == 1
