"""Production settings pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture
def production_env(tmp_path):
    """A production environment: only what a real deployment would set."""
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
    assert len(env["SECRET_KEY"]) == 60
    return env


def run(args, env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_checklist_is_clean(production_env):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_sign_anything_without_a_secret_key(production_env):
    del production_env["SECRET_KEY"]

    code = "import django; django.setup(); from django.conf import settings; settings.SECRET_KEY"
    result = run(["-c", code], production_env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr

    checklist = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env)
    assert checklist.returncode != 0
    assert "SECRET_KEY" in checklist.stdout + checklist.stderr


def test_debug_defaults_to_off(production_env):
    del production_env["DEBUG"]

    code = "from kumppanuus import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE)"

    result = run(["-c", code], production_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def _hsts_header(env) -> str:
    code = (
        "import django; django.setup(); from django.test import Client; "
        "print(Client().get('/health/', secure=True, HTTP_HOST='kumppanuus.example.fi')"
        ".get('Strict-Transport-Security'))"
    )
    result = run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_hsts_covers_only_this_host_by_default(production_env):
    assert _hsts_header(production_env) == "max-age=31536000"


def test_hsts_subdomains_and_preload_are_settings(production_env):
    production_env["SECURE_HSTS_INCLUDE_SUBDOMAINS"] = "1"
    production_env["SECURE_HSTS_PRELOAD"] = "1"

    assert _hsts_header(production_env) == "max-age=31536000; includeSubDomains; preload"
    checklist = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env)
    assert checklist.returncode == 0, checklist.stdout + checklist.stderr
