"""Builders for forums and meetings, and the people around them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from forums.models import Coordinator, Forum, Invitee, Meeting, Membership
from tests import factories

HELSINKI = ZoneInfo("Europe/Helsinki")


def make_forum(name="JANE", coordinator=None, **fields) -> Forum:
    fields.setdefault("kind", Forum.Kind.ADVISORY_BOARD)
    fields.setdefault("meetings_per_year", 6)
    forum = Forum.objects.create(name=name, **fields)
    if coordinator is not None:
        Coordinator.objects.create(forum=forum, user=coordinator)
    return forum


def make_member(forum, user=None, role=Membership.Role.MEMBER, **fields) -> Membership:
    user = user or factories.make_user()
    return Membership.objects.create(
        forum=forum,
        user=user,
        role=role,
        term_start=fields.pop("term_start", timezone.localdate() - timedelta(days=30)),
        **fields,
    )


def make_meeting(forum, starts_at=None, status=Meeting.Status.INVITED, **fields) -> Meeting:
    starts_at = starts_at or timezone.now() + timedelta(days=10)
    fields.setdefault("title", "JANE:n kokous")
    fields.setdefault("place", "Carelicum")
    return Meeting.objects.create(
        forum=forum,
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", starts_at + timedelta(hours=2)),
        status=status,
        **fields,
    )


def make_invitee(meeting, email=None, **fields) -> Invitee:
    email = email or factories.make_user().email
    fields.setdefault("name", email.split("@")[0])
    fields.setdefault("invited_at", timezone.now())
    return Invitee.objects.create(meeting=meeting, email=email, **fields)


def helsinki(*args) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)


@pytest.fixture
def coordinator(db):
    return factories.make_user("koordinaattori@example.fi", first_name="Kirsi", last_name="K")


@pytest.fixture
def forum(coordinator):
    return make_forum(coordinator=coordinator)


@pytest.fixture
def member_user(forum):
    user = factories.make_user("jasen@example.fi", first_name="Jussi", last_name="Jäsen")
    make_member(forum, user, organisation="Liperin Liikuntaseura ry")
    return user


@pytest.fixture
def meeting(forum):
    return make_meeting(forum, status=Meeting.Status.DRAFT)
