"""The demo forums load twice without duplicates; the panels for home and dashboard."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from associations.demo import load_demo as load_associations_demo
from forums import panels
from forums.demo import COORDINATOR_EMAIL, load_demo
from forums.models import Forum, Meeting
from kumppanuus.accounts.models import User
from tests.forums.conftest import make_meeting


def test_the_demo_loads_twice_without_duplicates(db):
    load_associations_demo()
    first = load_demo()
    assert load_demo() == first
    jane = Forum.objects.get(name__startswith="JANE")
    assert jane.memberships.count() == 5
    assert jane.meetings.count() == 6
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    coordinated = set(
        Forum.objects.filter(coordinators__user=coordinator).values_list("name", flat=True)
    )
    assert {"Hyvinvointihytinät Liperi", "Hyvinvointihytinät Kitee"} < coordinated
    assert jane.name in coordinated
    assert Forum.objects.filter(kind="hyvinvointihytina").count() == 5


def test_the_dashboard_panel_lists_coming_meetings_and_overdue_minutes(forum, coordinator):
    coming = make_meeting(forum, title="Tuleva")
    make_meeting(
        forum,
        title="Pöytäkirja puuttuu",
        starts_at=timezone.now() - timedelta(days=20),
        status="held",
    )
    request = RequestFactory().get("/oma/")
    request.user = coordinator
    panel = panels.dashboard_panel(request)
    assert [m.title for m in panel["coming"]] == [coming.title]
    assert [m.title for m in panel["minutes_overdue"]] == ["Pöytäkirja puuttuu"]
    html = render_to_string(panel["template"], {"panel": panel})
    assert "Pöytäkirja puuttuu" in html and "Tuleva" in html

    request.user = User.objects.create_user(email="muu@example.fi")
    assert panels.dashboard_panel(request) is None


def test_the_home_panel_shows_the_next_public_meetings(forum):
    request = RequestFactory().get("/")
    assert panels.home_panel(request) is None
    make_meeting(forum, title="Seuraava")
    make_meeting(forum, title="Luonnos", status=Meeting.Status.DRAFT)
    panel = panels.home_panel(request)
    html = render_to_string(panel["template"], {"panel": panel})
    assert "Seuraava" in html and "Luonnos" not in html


def test_a_meeting_must_end_after_it_starts(forum):
    with pytest.raises(IntegrityError):
        make_meeting(forum, ends_at=timezone.now())
