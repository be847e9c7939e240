"""Invitees answer from the email's link, members on the page, guests by registering."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from forums import services
from forums.models import Invitee, Meeting
from kumppanuus import signed_links
from kumppanuus.notifications.models import Message
from kumppanuus.notifications.services import messages_send_due
from tests import factories
from tests.forums.conftest import make_forum, make_invitee, make_meeting


def answer_url(invitee):
    return reverse("forums:answer", args=[services.answer_token(invitee)])


def test_an_invitee_answers_from_the_link_without_logging_in(client, forum):
    meeting = make_meeting(forum)
    invitee = make_invitee(meeting, "jasen@example.fi", name="Jussi Jäsen")
    url = answer_url(invitee)
    page = client.get(url)
    assert page.status_code == 200
    assert "Jussi Jäsen" in page.content.decode()
    response = client.post(url, {"answer": "yes", "note": "Gluteeniton"}, follow=True)
    assert "Kiitos, vastauksesi on tallennettu." in response.content.decode()
    invitee.refresh_from_db()
    assert (invitee.answer, invitee.note) == ("yes", "Gluteeniton")
    client.post(url, {"answer": "maybe"})
    invitee.refresh_from_db()
    assert invitee.answer == "maybe"


def test_an_answer_without_a_choice_is_shown_again_with_400(client, forum):
    invitee = make_invitee(make_meeting(forum))
    response = client.post(answer_url(invitee), {"answer": "kyllä<script>"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    invitee.refresh_from_db()
    assert invitee.answer == ""


def test_a_link_works_only_for_its_meeting_and_person(client, forum):
    meeting = make_meeting(forum)
    other_meeting = make_meeting(forum)
    invitee = make_invitee(meeting)
    forged = signed_links.sign(
        services.ANSWER_PURPOSE, {"meeting": other_meeting.pk, "invitee": invitee.pk}
    )
    assert client.post(reverse("forums:answer", args=[forged]), {"answer": "no"}).status_code == 400
    tampered = services.answer_token(invitee)[:-2] + "xx"
    assert (
        client.post(reverse("forums:answer", args=[tampered]), {"answer": "no"}).status_code == 400
    )
    unsubscribe = signed_links.sign("unsubscribe", {"meeting": meeting.pk, "invitee": invitee.pk})
    assert client.get(reverse("forums:answer", args=[unsubscribe])).status_code == 400
    invitee.refresh_from_db()
    assert invitee.answer == ""


def test_a_cancelled_meeting_takes_no_answers(client, forum):
    meeting = make_meeting(forum, status=Meeting.Status.CANCELLED)
    invitee = make_invitee(meeting)
    response = client.post(answer_url(invitee), {"answer": "yes"})
    assert response.status_code == 200
    invitee.refresh_from_db()
    assert invitee.answer == ""


def test_a_member_answers_on_the_meeting_page(client, forum, member_user):
    meeting = make_meeting(forum)
    client.force_login(member_user)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Osallistutko?" in page
    client.post(reverse("forums:meeting_answer", args=[meeting.pk]), {"answer": "no"})
    invitee = meeting.invitees.get(user=member_user)
    assert invitee.answer == "no"


def test_an_outsider_cannot_answer_for_a_members_only_meeting(client, forum):
    meeting = make_meeting(forum)
    client.force_login(factories.make_user())
    url = reverse("forums:meeting_answer", args=[meeting.pk])
    assert client.post(url, {"answer": "yes"}).status_code == 403
    assert not meeting.invitees.exists()


@pytest.fixture
def open_meeting(coordinator):
    forum = make_forum("Hyvinvointihytinät Liperi", coordinator=coordinator, is_open=True)
    return make_meeting(forum, capacity=2)


def register(client, meeting, name, email):
    return client.post(
        reverse("forums:register", args=[meeting.pk]),
        {"name": name, "email": email, "organisation": "Liperin Martat", "consent": "on"},
        follow=True,
    )


def test_guests_fill_the_meeting_then_wait_and_are_promoted_when_someone_cancels(
    client, open_meeting, mailoutbox
):
    register(client, open_meeting, "Eka", "eka@example.fi")
    register(client, open_meeting, "Toka", "toka@example.fi")
    response = register(client, open_meeting, "Kolmas", "kolmas@example.fi")
    assert "jonossa sijalla 1" in response.content.decode()
    waiting = open_meeting.invitees.get(email="kolmas@example.fi")
    assert waiting.waiting_position == 1
    messages_send_due()
    assert len(mailoutbox) == 3  # a registration receipt for each, with the calendar
    mailoutbox.clear()

    first = open_meeting.invitees.get(email="eka@example.fi")
    client.post(answer_url(first), {"answer": "no"})
    waiting.refresh_from_db()
    assert waiting.waiting_position is None and waiting.answer == "yes"
    messages_send_due()
    assert [mail.to for mail in mailoutbox] == [["kolmas@example.fi"]]
    assert mailoutbox[0].subject.startswith("Sinulla on paikka")


def test_a_guest_registration_needs_consent_and_one_per_email(client, open_meeting):
    url = reverse("forums:register", args=[open_meeting.pk])
    response = client.post(url, {"name": "Eka", "email": "eka@example.fi"})
    assert response.status_code == 400
    assert not open_meeting.invitees.exists()
    register(client, open_meeting, "Eka", "eka@example.fi")
    response = client.post(url, {"name": "Eka", "email": "EKA@example.fi", "consent": "on"})
    assert response.status_code == 400
    assert open_meeting.invitees.count() == 1


def test_members_only_forums_and_past_deadlines_take_no_guests(client, forum, open_meeting):
    closed = make_meeting(forum)
    response = register(client, closed, "Eka", "eka@example.fi")
    assert response.status_code == 400
    Meeting.objects.filter(pk=open_meeting.pk).update(
        registration_deadline=timezone.now() - timedelta(minutes=1)
    )
    assert register(client, open_meeting, "Eka", "eka@example.fi").status_code == 400
    assert not Invitee.objects.exists()
    assert not Message.objects.exists()


def test_guests_personal_data_is_erased_60_days_after_the_meeting(open_meeting, forum):
    from forums.tasks import forget_guests

    guest = make_invitee(open_meeting, "vieras@example.fi", is_guest=True, note="Gluteeniton")
    Invitee.objects.filter(pk=guest.pk).update(consent_at=timezone.now())
    member = make_invitee(open_meeting, "jasen@example.fi")
    ended = open_meeting.ends_at
    with time_machine.travel(ended + timedelta(days=59), tick=False):
        assert forget_guests() == 0
    with time_machine.travel(ended + timedelta(days=61), tick=False):
        assert forget_guests() == 1
    guest.refresh_from_db()
    member.refresh_from_db()
    assert (guest.name, guest.note, guest.organisation) == ("", "", "")
    assert "vieras" not in guest.email
    assert member.email == "jasen@example.fi"
    assert open_meeting.invitees.count() == 2


def test_when_a_member_declines_their_substitute_is_invited(client, forum, member_user, mailoutbox):
    from forums.models import Membership
    from tests.forums.conftest import make_member

    seat = Membership.objects.get(user=member_user)
    substitute = factories.make_user("vara@example.fi")
    make_member(forum, substitute, role="substitute", substitute_for=seat)
    meeting = make_meeting(forum, status=Meeting.Status.DRAFT)
    services.invitations_send(meeting=meeting)
    messages_send_due()
    invited = sorted(m.to[0] for m in mailoutbox)
    assert invited == ["jasen@example.fi", "vara@example.fi"]
    mailoutbox.clear()
    # The substitute already had an invitation: no second one when the member declines.
    client.force_login(member_user)
    client.post(reverse("forums:meeting_answer", args=[meeting.pk]), {"answer": "no"})
    messages_send_due()
    assert mailoutbox == []


def test_a_substitute_who_joined_later_is_told_when_the_member_declines(
    client, forum, member_user, mailoutbox
):
    from forums.models import Membership
    from tests.forums.conftest import make_member

    meeting = make_meeting(forum, status=Meeting.Status.DRAFT)
    services.invitations_send(meeting=meeting)
    seat = Membership.objects.get(user=member_user)
    make_member(
        forum, factories.make_user("vara@example.fi"), role="substitute", substitute_for=seat
    )
    messages_send_due()
    mailoutbox.clear()
    client.force_login(member_user)
    client.post(reverse("forums:meeting_answer", args=[meeting.pk]), {"answer": "no"})
    messages_send_due()
    assert [m.to for m in mailoutbox] == [["vara@example.fi"]]
    assert mailoutbox[0].subject.startswith("Kutsu")
