"""Every message arrives once: real Celery workers (subprocesses) against Redis and an SMTP sink.

While a few hundred messages go out, the same send task runs twice, two sweeps
run at the same moment, two workers run, and one worker is killed with SIGKILL
mid-batch and started again. The sink on localhost counts each Message-ID.
A message that was being handed to the mail server at the instant of the kill
may arrive twice (nothing can know whether the server took it); the test allows
that only for the messages in flight at the kill, and none may be lost.

The worker reads the test database, so this needs PostgreSQL and Redis (CI runs
it; elsewhere it is skipped unless CI is set, and then it fails instead).
"""

import asyncio
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import timedelta
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.utils import timezone

from kumppanuus.bench.management.commands.bench_messages import _database_url
from kumppanuus.celery import app
from kumppanuus.notifications.models import Feedback, Message
from kumppanuus.notifications.services import message_queue
from kumppanuus.notifications.tasks import deliver_messages, send_due_messages

ROOT = Path(__file__).resolve().parents[2]


def requires_real_services():
    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis"):
        if os.environ.get("CI"):
            pytest.fail("CI must run the worker test on PostgreSQL and Redis")
        pytest.skip("needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis)")


class Sink:
    """An SMTP server that records the Message-ID of everything it accepts."""

    def __init__(self):
        self.ids = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.01)  # a real server takes its time; lets a kill land mid-batch
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.ids.append(message["Message-ID"])
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def sink():
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


@pytest.fixture
def queue_name():
    """Tasks of this test go to a queue of their own, away from other tests' workers."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue")}
    app.conf.task_always_eager = False
    app.conf.task_default_queue = name
    yield name
    app.conf.update(saved)


@pytest.fixture
def start_worker(sink, queue_name):
    _, port = sink
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kumppanuus.settings",
        "DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "0",
        "MESSAGE_CLAIM_SECONDS": "2",
        "LOG_LEVEL": "WARNING",
    }
    workers = []

    def start(name):
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "kumppanuus",
                "worker",
                "--pool",
                "solo",
                "--queues",
                queue_name,
                "--hostname",
                f"{name}-{queue_name}@%h",
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=environment,
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if worker.poll() is None:
            worker.kill()
        worker.wait(timeout=30)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_message_arrives_exactly_once_through_retries_races_and_a_kill(
    sink, start_worker, transactional_db
):
    requires_real_services()
    received, _ = sink
    subject = Feedback.objects.create(message="kuormitus", language="fi")
    now = timezone.now()
    messages = [
        message_queue(
            kind="feedback",
            target=subject,
            recipient_email=f"vastaanottaja{number}@example.fi",
            language="fi",
            # Half are due now; the rest in three seconds, for the sweep.
            due_at=now if number % 2 else now + timedelta(seconds=3),
        )
        for number in range(300)
    ]
    due_now = [message.pk for message in messages if message.due_at <= now]

    first = start_worker("first")
    second = start_worker("second")
    # The same send task twice, and two sweeps at the same moment.
    deliver_messages.delay(due_now)
    deliver_messages.delay(due_now)
    send_due_messages.delay()
    send_due_messages.delay()

    assert wait_until(lambda: len(received.ids) >= 60), "the workers sent nothing"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    in_flight = set(
        Message.objects.filter(status=Message.Status.SENDING).values_list("pk", flat=True)
    )
    start_worker("restarted")

    def all_sent():
        # Beat's part: a sweep every second, until everything is out.
        send_due_messages.delay()
        return not Message.objects.exclude(status=Message.Status.SENT).exists()

    assert wait_until(all_sent, seconds=90), Counter(
        Message.objects.values_list("status", flat=True)
    )
    second.send_signal(signal.SIGTERM)

    from kumppanuus.notifications.services import _message_id

    expected = {_message_id(message): message.pk for message in Message.objects.all()}
    counts = Counter(received.ids)
    assert set(counts) == set(expected), "a message was lost or a stranger arrived"
    twice = {expected[message_id] for message_id, n in counts.items() if n > 1}
    assert twice <= in_flight, f"sent twice though not in flight at the kill: {twice - in_flight}"
    assert max(counts.values()) <= 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_message_benchmark_delivers_every_message_once(transactional_db, queue_name, capsys):
    requires_real_services()
    from django.core.management import call_command

    call_command("bench_messages", messages=200, queue=queue_name)

    output = capsys.readouterr().out
    assert "messages: 200 delivered in" in output
    assert "duplicates 0, lost 0" in output
    assert not Message.objects.exclude(status=Message.Status.SENT).exists()
