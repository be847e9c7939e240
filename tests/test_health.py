import json

import pytest

from kumppanuus.celery import app as celery_app

UNREACHABLE = "redis://127.0.0.1:1/0"


@pytest.fixture
def unreachable_broker(monkeypatch):
    # Celery prefers the CELERY_BROKER_URL environment variable (which the test
    # settings set) to its configuration, so both are overridden.
    monkeypatch.setenv("CELERY_BROKER_URL", UNREACHABLE)
    monkeypatch.setitem(celery_app.conf, "broker_url", UNREACHABLE)
    assert celery_app.conf.broker_write_url == UNREACHABLE


def test_it_reports_database_and_broker_ok(client, db):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_the_broker_is_unreachable(client, db, unreachable_broker):
    response = client.get("/health/")

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "error",
        "database": "ok",
        "broker": "error",
    }
