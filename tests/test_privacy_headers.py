"""Personal pages are never stored by browsers or proxies; idle sessions end."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

PRIVATE_PAGES = [
    "dashboard",
    "accounts:profile",
    "accounts:my_data",
    "accounts:password_change",
]


def _no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.mark.parametrize("name", PRIVATE_PAGES)
def test_personal_pages_are_private_and_not_stored(client, outsider, name):
    client.force_login(outsider)

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert _no_store(response)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_are_private_and_not_stored(client, official, association, fmt):
    client.force_login(official)

    response = client.get(reverse("associations:export", args=[fmt]))

    assert response.status_code == 200
    assert _no_store(response)


def test_even_public_pages_are_not_stored_for_a_logged_in_person(client, outsider, association):
    client.force_login(outsider)

    assert _no_store(client.get(association.get_absolute_url()))


def test_public_pages_for_visitors_may_be_cached(client, association):
    response = client.get(association.get_absolute_url())

    assert not _no_store(response)


@pytest.mark.parametrize("path", ["/", "/kunnat/", "/tili/kirjaudu/"])
def test_every_response_has_a_permissions_policy(client, db, path):
    policy = client.get(path)["Permissions-Policy"]

    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_a_session_ends_after_the_idle_time(client, settings, outsider):
    settings.SESSION_IDLE_MINUTES = 60
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(outsider)
        assert client.get(reverse("dashboard")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=59), tick=False):
        assert client.get(reverse("dashboard")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=59 + 59), tick=False):
        assert client.get(reverse("dashboard")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=59 + 59 + 61), tick=False):
        response = client.get(reverse("dashboard"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert "60 minuuttiin" in response.content.decode()


def test_officials_get_a_shorter_idle_time(client, settings, official):
    settings.SESSION_IDLE_MINUTES = 60
    settings.SESSION_IDLE_MINUTES_OFFICIALS = 15
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(official)
        assert client.get(reverse("dashboard")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
