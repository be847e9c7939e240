"""Minutes (pöytäkirja or muistio) with a decision per agenda item; a head count for open events."""

from datetime import timedelta
from io import BytesIO

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from forums.models import Invitee, Meeting
from tests import factories
from tests.forums.conftest import make_forum, make_invitee, make_meeting


def held_meeting(forum, **fields):
    meeting = make_meeting(
        forum, starts_at=timezone.now() - timedelta(days=2), status=Meeting.Status.HELD, **fields
    )
    opening = meeting.agenda_items.create(order=1, title="Kokouksen avaus")
    grants = meeting.agenda_items.create(order=2, title="Järjestöavustukset")
    return meeting, opening, grants


def minutes_post(meeting, opening, grants, **overrides):
    data = {
        "action": "minutes",
        "minutes-minutes_kind": "muistio",
        "minutes-minutes": "Keskusteltiin avustuksista.",
        "minutes-minutes_visibility": "public",
        f"minutes-decision_{opening.pk}": "Kokous avattiin klo 13.",
        f"minutes-decision_{grants.pk}": "Päätettiin esittää avustusten korotusta.",
    }
    return data | overrides


def test_the_coordinator_writes_a_memo_with_a_decision_per_agenda_item(client, forum, coordinator):
    meeting, opening, grants = held_meeting(forum)
    client.force_login(coordinator)
    url = reverse("forums:meeting_manage", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "Päätös kohdasta 2: Järjestöavustukset" in page
    response = client.post(url, minutes_post(meeting, opening, grants))
    assert response.status_code == 302
    meeting.refresh_from_db()
    grants.refresh_from_db()
    assert meeting.minutes_kind == Meeting.MinutesKind.MEMO
    assert grants.decision == "Päätettiin esittää avustusten korotusta."

    client.logout()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert '<h2 id="minutes-title" class="h4">Muistio</h2>' in page
    assert page.index("Kokous avattiin klo 13.") < page.index("Päätettiin esittää")

    client.force_login(coordinator)
    printed = client.get(reverse("forums:print", args=[meeting.pk])).content.decode()
    assert "Päätökset" in printed and "Päätettiin esittää avustusten korotusta." in printed


def test_members_only_decisions_stay_hidden_from_others(client, forum, member_user, coordinator):
    meeting, opening, grants = held_meeting(forum)
    client.force_login(coordinator)
    client.post(
        reverse("forums:meeting_manage", args=[meeting.pk]),
        minutes_post(meeting, opening, grants, **{"minutes-minutes_visibility": "members"}),
    )
    client.logout()
    assert "Päätettiin esittää" not in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(factories.make_user())
    assert "Päätettiin esittää" not in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(member_user)
    assert "Päätettiin esittää" in client.get(meeting.get_absolute_url()).content.decode()


def test_publishing_empty_minutes_or_too_long_decisions_saves_nothing(client, forum, coordinator):
    meeting, opening, grants = held_meeting(forum)
    client.force_login(coordinator)
    url = reverse("forums:meeting_manage", args=[meeting.pk])
    response = client.post(url, minutes_post(meeting, opening, grants, **{"minutes-minutes": ""}))
    assert response.status_code == 400
    assert "Kirjoita pöytäkirja ennen kuin julkaiset sen." in response.content.decode()
    grants.refresh_from_db()
    meeting.refresh_from_db()
    assert (grants.decision, meeting.minutes_visibility) == ("", "")

    response = client.post(
        url, minutes_post(meeting, opening, grants, **{"minutes-minutes_kind": "pamfletti"})
    )
    assert response.status_code == 400
    grants.refresh_from_db()
    assert grants.decision == ""


def test_another_meetings_agenda_item_is_not_touched(client, forum, coordinator):
    meeting, opening, grants = held_meeting(forum)
    other, other_item, _second = held_meeting(forum, title="Toinen kokous")
    client.force_login(coordinator)
    client.post(
        reverse("forums:meeting_manage", args=[meeting.pk]),
        minutes_post(meeting, opening, grants) | {f"minutes-decision_{other_item.pk}": "Väärin"},
    )
    other_item.refresh_from_db()
    assert other_item.decision == ""


def test_an_open_event_takes_a_head_count_shown_to_the_coordinator_and_exported(
    client, coordinator
):
    forum = make_forum("Järjestöfoorumi", coordinator=coordinator, is_open=True)
    meeting = make_meeting(forum, starts_at=timezone.now() - timedelta(hours=3))
    guest = make_invitee(meeting, name="Greta Gäst", answer=Invitee.Answer.YES, is_guest=True)
    client.force_login(coordinator)
    url = reverse("forums:attendance", args=[meeting.pk])
    assert "Kävijämäärä ovella" in client.get(url).content.decode()

    response = client.post(url, {"present": [str(guest.pk)], "head_count": "-3"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert f'value="{guest.pk}" id="present-{guest.pk}" checked' in page
    meeting.refresh_from_db()
    guest.refresh_from_db()
    assert (meeting.head_count, guest.attended, meeting.status) == (None, None, "invited")

    response = client.post(url, {"present": [str(guest.pk)], "head_count": "42"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.head_count, meeting.status) == (42, Meeting.Status.HELD)

    manage = client.get(reverse("forums:meeting_manage", args=[meeting.pk])).content.decode()
    assert "Kävijämäärä ovella: 42 henkeä." in manage
    assert "1 listalla ollut osallistui." in manage
    text = client.get(reverse("forums:attendance_export", args=[meeting.pk, "csv"])).content
    assert text.decode("utf-8-sig").rstrip().endswith("Kävijämäärä ovella;42")
    sheet = load_workbook(
        BytesIO(client.get(reverse("forums:attendance_export", args=[meeting.pk, "xlsx"])).content)
    ).active
    assert [c.value for c in sheet[sheet.max_row]][:2] == ["Kävijämäärä ovella", 42]
    printed = client.get(reverse("forums:print", args=[meeting.pk])).content.decode()
    assert "Kävijämäärä ovella: 42 henkeä." in printed


def test_a_members_only_forum_has_no_head_count(client, forum, coordinator):
    meeting = make_meeting(forum, starts_at=timezone.now() - timedelta(hours=3))
    client.force_login(coordinator)
    url = reverse("forums:attendance", args=[meeting.pk])
    assert "head_count" not in client.get(url).content.decode()
    client.post(url, {"head_count": "12"})
    meeting.refresh_from_db()
    assert meeting.head_count is None
