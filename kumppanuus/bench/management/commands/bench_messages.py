"""`make bench`, messages: queue many due messages, let one worker send them to a local sink.

The sink is an SMTP server (aiosmtpd) on localhost in this process that
counts each Message-ID; the worker is a real Celery worker process with the
configured broker (Redis, or the embedded filesystem broker). Prints the
messages per second, the total time and the duplicates and losses.
"""

import email
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from email import policy

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from kumppanuus.notifications.models import Feedback, Message
from kumppanuus.notifications.tasks import send_due_messages

KIND = "bench_bulletin"


class Sink:
    def __init__(self):
        self.ids = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        headers = email.message_from_bytes(
            envelope.original_content.split(b"\r\n\r\n", 1)[0], policy=policy.compat32
        )
        with self.lock:
            self.ids[headers["Message-ID"]] += 1
        return "250 OK"


def _database_url():
    """The database this process uses, for the worker (a test's database in tests)."""
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _exit_on_signal(signum, frame):
    raise SystemExit(128 + signum)


class Command(BaseCommand):
    help = "Queue due messages and measure how fast one worker delivers them to a local sink."

    def add_arguments(self, parser):
        parser.add_argument("--messages", type=int, default=100_000)
        parser.add_argument("--concurrency", type=int, default=2)
        parser.add_argument("--timeout", type=float, default=900)
        parser.add_argument("--queue", default="bench-messages")

    def handle(self, *args, messages, concurrency, timeout, queue, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_messages needs PostgreSQL: set DATABASE_URL.")
        result = self.measure(messages, concurrency, timeout, queue)
        self.stdout.write(
            f"messages: {result['messages']} delivered in {result['seconds']} s, "
            f"{result['per_second']}/s, duplicates {result['duplicates']}, "
            f"lost {result['lost']}"
        )
        return None

    def measure(self, count, concurrency, timeout, queue="bench-messages"):
        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)
        Message.objects.filter(kind=KIND).delete()
        subject, _ = Feedback.objects.get_or_create(
            page="bench", defaults={"message": "bench", "language": "fi"}
        )
        self._queue(subject, count)
        sink = Sink()
        controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
        controller.start()
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "kumppanuus",
                "worker",
                "--concurrency",
                str(concurrency),
                "--queues",
                queue,
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
            ],
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "kumppanuus.settings",
                "DATABASE_URL": _database_url(),
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(controller.port),
                "EMAIL_USE_TLS": "0",
                "LOG_LEVEL": "WARNING",
            },
        )
        # `make bench` stopped with SIGTERM (or Ctrl-C) still stops the worker it started.
        previous = signal.signal(signal.SIGTERM, _exit_on_signal)
        try:
            started = time.monotonic()
            for _ in range(concurrency):
                send_due_messages.apply_async(queue=queue)
            sent = self._wait(count, started, timeout, queue)
            seconds = time.monotonic() - started
        finally:
            signal.signal(signal.SIGTERM, previous)
            worker.terminate()
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            controller.stop()
        unique = len(sink.ids)
        return {
            "messages": sent,
            "seconds": round(seconds, 1),
            "per_second": round(sent / seconds, 1) if seconds else 0,
            "duplicates": sum(sink.ids.values()) - unique,
            "lost": count - unique,
        }

    def _queue(self, subject, count):
        content_type = ContentType.objects.get_for_model(Feedback)
        due = timezone.now()
        batch = []
        for number in range(count):
            batch.append(
                Message(
                    kind=KIND,
                    content_type=content_type,
                    object_id=subject.pk,
                    recipient_email=f"lukija{number}@bench.example.fi",
                    language=settings.LANGUAGES[number % 2][0],
                    due_at=due,
                    send_after=due,
                    context={"text": "Kumppanuuspöydän kokous siirtyy viikolla."},
                )
            )
            if len(batch) == 5000:
                Message.objects.bulk_create(batch)
                batch = []
        Message.objects.bulk_create(batch)

    def _wait(self, count, started, timeout, queue):
        last, last_change = -1, time.monotonic()
        while True:
            sent = Message.objects.filter(kind=KIND, status=Message.Status.SENT).count()
            if sent >= count:
                return sent
            now = time.monotonic()
            if sent != last:
                last, last_change = sent, now
                # Beat's part: another sweep every minute while messages remain.
                if int(now - started) % 60 == 0:
                    send_due_messages.apply_async(queue=queue)
            if now - started > timeout or now - last_change > 120:
                raise CommandError(f"Only {sent} of {count} messages were delivered.")
            time.sleep(1)
