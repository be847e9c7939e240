"""Backup and restore, as the README tells an administrator to do them.

On PostgreSQL (CI) the database is dumped with pg_dump -Fc and restored with
pg_restore into a fresh database; on SQLite the file is copied with SQLite's
own backup. Then a separate process serves the restored database, and its
association, municipality and history pages must be the same as the original's.
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from associations.demo import load_demo
from associations.models import Association
from kumppanuus.places.models import Municipality

ROOT = Path(__file__).resolve().parent.parent
REPRESENTATIVE = "edustaja@demo.kumppanuus.fi"

# Run in the other process: fetch the pages, anonymously and as the representative.
SERVE = """
import json, sys
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
from kumppanuus.accounts.models import User
public, private, email = json.loads(sys.argv[1])
client, pages = Client(), {}
for url in public + private:
    if url == private[0]:
        client.force_login(User.objects.get(email=email))
    response = client.get(url)
    pages[url] = [response.status_code, response.content.decode()]
print(json.dumps(pages))
"""

# Values that differ on every request by design.
PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value=|nonce=)"[^"]*"')


def _pages(database_url, public, private):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kumppanuus.settings_test",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": "memory://",
    }
    result = subprocess.run(
        [sys.executable, "-c", SERVE, json.dumps([public, private, REPRESENTATIVE])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return {
        url: (status, PER_REQUEST.sub(r"\1-", html))
        for url, (status, html) in json.loads(result.stdout).items()
    }


def _postgres_url(settings_dict, name):
    user = quote(settings_dict["USER"] or "")
    password = quote(settings_dict["PASSWORD"] or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict["HOST"] or "localhost"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{credentials}{host}:{port}/{name}"


def _pg(command, settings_dict, *args):
    env = {**os.environ, "PGPASSWORD": settings_dict["PASSWORD"] or ""}
    options = [
        f"--host={settings_dict['HOST'] or 'localhost'}",
        f"--port={settings_dict['PORT'] or 5432}",
        f"--username={settings_dict['USER']}",
    ]
    result = subprocess.run(
        [command, *options, *args], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{command}: {result.stderr}"


def _backup_and_restore(tmp_path) -> str:
    """Back the test database up and restore it as a new one; return its DATABASE_URL."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        dump = tmp_path / "kumppanuus.dump"
        restored = f"{settings_dict['NAME']}_restored"
        _pg("pg_dump", settings_dict, "--format=custom", f"--file={dump}", settings_dict["NAME"])
        _pg("dropdb", settings_dict, "--if-exists", restored)
        _pg("createdb", settings_dict, restored)
        _pg("pg_restore", settings_dict, "--no-owner", f"--dbname={restored}", str(dump))
        return _postgres_url(settings_dict, restored)
    assert connection.vendor == "sqlite"
    copy = tmp_path / "kumppanuus-restored.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)
    return f"sqlite:///{copy}"


def _drop_restored():
    if connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        _pg("dropdb", settings_dict, "--if-exists", f"{settings_dict['NAME']}_restored")


# Serialized rollback: its flush at the end does not recreate the content types with new
# ids, which a later test restoring the database's first state would collide with.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restored_backup_serves_the_same_pages(transactional_db, tmp_path, client):
    load_demo()
    association = Association.objects.get(name="Liperin Liikuntaseura ry")
    client.force_login(association.representations.get().user)
    client.post(
        f"/yhdistykset/{association.pk}/hallinta/muokkaa/",
        {
            "name": association.name,
            "is_registered": "on",
            "business_id": association.business_id,
            "municipalities": [m.pk for m in association.municipalities.all()],
            "description": "Varmuuskopion jälkeenkin tallessa.",
        },
        follow=True,  # shows, and so clears, the "saved" message
    )
    assert association.changes.exists(), "the history page must have something to show"
    liperi = Municipality.objects.get(code="426")
    public = [association.get_absolute_url(), liperi.get_absolute_url(), "/kunnat/"]
    private = [f"/yhdistykset/{association.pk}/hallinta/historia/"]

    original = {}
    for url in public:
        response = client.__class__().get(url)
        original[url] = (response.status_code, PER_REQUEST.sub(r"\1-", response.content.decode()))
    for url in private:
        response = client.get(url)
        original[url] = (response.status_code, PER_REQUEST.sub(r"\1-", response.content.decode()))
    try:
        restored = _pages(_backup_and_restore(tmp_path), public, private)
    finally:
        _drop_restored()

    for url in public + private:
        assert original[url][0] == 200, url
        assert restored[url] == original[url], url
    assert "Varmuuskopion jälkeenkin tallessa." in restored[public[0]][1]
    assert "Liperin Liikuntaseura ry" in restored[public[1]][1]
    assert "Varmuuskopion jälkeenkin tallessa." in restored[private[0]][1]
