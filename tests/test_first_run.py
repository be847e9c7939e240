"""A new production portal: the places are there, the front page explains how to join."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from tests import factories


def test_an_empty_portal_explains_what_it_is_and_how_associations_join(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="first-run"' in page
    assert "Portaali on vasta aloittamassa" in page
    assert "kaikki 308 kuntaa" in page
    assert reverse("associations:municipalities") in page
    assert reverse("accounts:login") in page
    assert 'role="search"' not in page  # no search in an empty directory


def test_a_logged_in_person_is_offered_to_register_the_association(client, outsider):
    client.force_login(outsider)
    page = client.get(reverse("home")).content.decode()
    assert 'id="first-run"' in page
    assert reverse("associations:create") in page


def test_the_empty_front_page_is_in_swedish_too(client, db):
    client.cookies["django_language"] = "sv"
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Hur ansluter sig en förening?" in page


def test_with_associations_the_front_page_is_the_directory_search(client, association):
    factories.make_association(municipalities=[association.municipalities.first()])
    page = client.get(reverse("home")).content.decode()
    assert 'id="first-run"' not in page
    assert 'role="search"' in page


def test_migrate_alone_gives_a_fresh_production_deployment_its_places(db, tmp_path):
    """A fresh clone with production settings: `migrate`, twice, and the places are there."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "kumppanuus.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(45),
        "ALLOWED_HOSTS": "kumppanuus.example.fi",
        "VAR_DIR": str(tmp_path / "var"),
    }
    count = (
        "from kumppanuus.places.models import Municipality as M, WellbeingCounty as C;"
        "print(M.objects.current().count(), C.objects.count(),"
        " M.objects.filter(county__isnull=True).count())"
    )
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input"],
            cwd=Path(settings.BASE_DIR),
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        counted = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", count],
            cwd=Path(settings.BASE_DIR),
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert counted.stdout.splitlines()[-1].split() == ["308", "22", "16"], counted.stderr
