"""`make bench`: serve the app with gunicorn and load its key pages.

Each page is loaded from a separate process at a fixed concurrency for a fixed
time; in the same run a bare Django reference page is loaded the same way,
and each page's requests/s is divided by the reference's.
"""

import http.client
import json
import os
import platform
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection

from kumppanuus.accounts.models import User
from kumppanuus.bench import bench_pages
from kumppanuus.bench.management.commands.bench_messages import Command as BenchMessages

BENCH_PASSWORD = "bench-salasana"
# The targets, judged on the path without the page cache.
TARGET_RATIO = 0.25
TARGET_P95_MS = 100


def _create_database_if_missing():
    """CREATE DATABASE when DATABASE_URL names one that does not exist yet."""
    try:
        connection.ensure_connection()
    except OperationalError as error:
        if "does not exist" not in str(error):
            raise
        name = connection.settings_dict["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")


def _wait_until_up(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/", headers={"Host": "127.0.0.1"})
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise CommandError(f"The server on port {port} did not start.")


def _login(port, email, password):
    """Log in through the login form, as a browser would; return the Cookie header."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/tili/kirjaudu/", headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    page = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = f"csrfmiddlewaretoken={token}&username={email}&password={password}"
    conn.request(
        "POST",
        "/tili/kirjaudu/",
        body=body,
        headers={
            "Host": "127.0.0.1",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    response = conn.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie", "") or "")
    if response.status != 302 or not session:
        raise CommandError(f"Logging in as {email} failed ({response.status}).")
    return f"sessionid={session.group(1)}; csrftoken={csrf_cookie}"


class Command(BaseCommand):
    help = "Measure the key pages against a bare Django page; writes var/bench.json."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=10)
        parser.add_argument("--concurrency", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--associations", type=int, default=100_000)
        parser.add_argument("--messages", type=int, default=100_000)

    def handle(self, *args, seconds, concurrency, workers, port, associations, messages, **options):
        if connection.vendor != "postgresql":
            raise CommandError("make bench needs PostgreSQL: set DATABASE_URL.")
        _create_database_if_missing()
        call_command("migrate", verbosity=0)
        call_command("bench_fill", associations=associations)
        pages = self._pages()
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(Path(settings.VAR_DIR) / "bench-static"),
            "BENCH_QUERY_COUNT": "1",
            "DJANGO_SETTINGS_MODULE": "kumppanuus.settings",
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, check=True
        )
        results = []
        reference = self._measure(
            env,
            "kumppanuus.bench.reference:application",
            workers,
            port,
            [("reference", "/?after=50000", "")],
            seconds,
            concurrency,
        )[0]
        results.extend(
            self._measure(env, "kumppanuus.wsgi", workers, port, pages, seconds, concurrency)
        )
        # Every page once more with the page cache off: what a visitor gets on the
        # first request of a page, with a query nobody made before, or logged in.
        # The targets are judged on these rows.
        uncached = [(f"{name} (no page cache)", url, login) for name, url, login in pages]
        results.extend(
            self._measure(
                {**env, "PAGE_CACHE_SECONDS": "0"},
                "kumppanuus.wsgi",
                workers,
                port,
                uncached,
                seconds,
                concurrency,
            )
        )

        rows = []
        for result in [reference, *results]:
            result["ratio"] = round(result["rps"] / reference["rps"], 2) if reference["rps"] else 0
            row = {
                key: result[key]
                for key in ("page", "url", "rps", "p50_ms", "p95_ms", "queries", "ratio")
            }
            if result["page"].endswith("(no page cache)"):
                row["target"] = (
                    "met"
                    if row["ratio"] >= TARGET_RATIO and (row["p95_ms"] or 0) < TARGET_P95_MS
                    else "missed"
                )
            rows.append(row)
        self._print(rows, concurrency, workers, seconds)
        if messages:
            # Email: due messages queued, swept and delivered by one worker to a local sink.
            self.stdout.write(f"\nSending {messages} due messages…")
            sending = BenchMessages().measure(messages, concurrency=2, timeout=1800)
            rows.append({"page": "messages", **sending})
            self.stdout.write(
                f"{'messages (one worker, 2 processes)':<52} {sending['messages']:>8} sent in "
                f"{sending['seconds']} s: {sending['per_second']}/s, "
                f"duplicates {sending['duplicates']}, lost {sending['lost']}"
            )
        out = Path(settings.VAR_DIR) / "bench.json"
        out.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        self.stdout.write(f"Written to {out}")

    def _pages(self):
        user = User.objects.filter(email__endswith="@bench.example.fi").order_by("pk").last()
        user.set_password(BENCH_PASSWORD)
        user.save(update_fields=["password"])
        return bench_pages()

    def _measure(self, env, app, workers, port, pages, seconds, concurrency):
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                app,
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        try:
            _wait_until_up(port)
            results = []
            for name, url, login_email in pages:
                cookie = _login(port, login_email, BENCH_PASSWORD) if login_email else ""
                full_url = f"http://127.0.0.1:{port}{url}"
                load = [
                    sys.executable,
                    "-m",
                    "kumppanuus.bench.load",
                    full_url,
                    "--concurrency",
                    str(concurrency),
                    "--cookie",
                    cookie,
                ]
                subprocess.run([*load, "--seconds", "1"], check=True, capture_output=True)
                output = subprocess.run(
                    [*load, "--seconds", str(seconds)], check=True, capture_output=True, text=True
                ).stdout
                result = json.loads(output)
                if result["errors"]:
                    raise CommandError(f"{name}: {result['errors']} failed requests at {url}")
                results.append({"page": name, "url": url, **result})
                self.stdout.write(f"  measured {name}")
            return results
        finally:
            server.terminate()
            server.wait(timeout=30)

    def _print(self, rows, concurrency, workers, seconds):
        cpu = platform.processor() or platform.machine()
        self.stdout.write(
            f"\nKumppanuus bench: {os.cpu_count()} cores ({cpu}), gunicorn {workers} workers, "
            f"concurrency {concurrency}, {seconds:g} s per page\n"
        )
        header = (
            f"{'page':<52} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'ratio':>6}"
            f" {'target':>7}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            self.stdout.write(
                f"{row['page']:<52} {row['rps']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} "
                f"{row['queries']:>8} {row['ratio']:>6} {row.get('target', ''):>7}"
            )
