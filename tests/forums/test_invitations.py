"""A coordinator plans a meeting and invites; the invitations land in calendars."""

import email as email_parser
from datetime import timedelta
from email import policy

import icalendar
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from forums.models import Invitee, Meeting
from kumppanuus.notifications.models import Message
from kumppanuus.notifications.services import messages_send_due
from tests import factories
from tests.forums.conftest import helsinki, make_invitee, make_meeting, make_member

MEETING_FORM = {
    "title": "JANE:n joulukokous",
    "kind": "kokous",
    "starts_at": "2026-12-03T13:00",
    "ends_at": "2026-12-03T15:30",
    "place": "Carelicum",
    "address": "Koskikatu 5, Joensuu",
    "step_free": "on",
    "online_url": "https://teams.example/jane",
    "reminder_days": "2",
}
NOW = helsinki(2026, 11, 20, 9, 0)


def calendar_of(mail):
    message = email_parser.message_from_bytes(mail.message().as_bytes(), policy=policy.default)
    alternative = next(part for part in message.iter_parts() if part.is_multipart())
    part = next(p for p in alternative.iter_parts() if p.get_content_type() == "text/calendar")
    return icalendar.Calendar.from_ical(part.get_content())


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_it_creates_a_meeting_in_finnish_time_adds_agenda_and_invites_members(
    client, forum, coordinator, member_user, mailoutbox, frozen
):
    client.force_login(coordinator)
    response = client.post(reverse("forums:meeting_create", args=[forum.pk]), MEETING_FORM)
    meeting = Meeting.objects.get()
    assert response.url == reverse("forums:meeting_manage", args=[meeting.pk])
    assert meeting.status == Meeting.Status.DRAFT
    # 13:00 in Helsinki in December is 11:00 UTC.
    assert meeting.starts_at == helsinki(2026, 12, 3, 13, 0)
    assert meeting.starts_at.utcoffset() is None or meeting.starts_at.hour in (11, 13)

    manage = reverse("forums:meeting_manage", args=[meeting.pk])
    client.post(manage, {"action": "agenda", "agenda-title": "Avaus", "agenda-presenter": "pj"})
    client.post(manage, {"action": "agenda", "agenda-title": "Kuntakierros"})
    assert [i.title for i in meeting.agenda_items.all()] == ["Avaus", "Kuntakierros"]

    response = client.post(reverse("forums:meeting_invite", args=[meeting.pk]), follow=True)
    assert "Kutsuja lähetetty: 1" in response.content.decode()
    messages_send_due()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [member_user.email]
    assert mail.reply_to == [coordinator.email]
    assert "Europe/Helsinki" in mail.body
    assert "Kuntakierros" in mail.body
    calendar = calendar_of(mail)
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert event["UID"] == f"meeting-{meeting.pk}@kumppanuus"
    assert event["SEQUENCE"] == 0
    assert str(event["ORGANIZER"]) == f"mailto:{coordinator.email}"
    assert str(event["ATTENDEE"]) == f"mailto:{member_user.email}"
    assert "https://teams.example/jane" in str(event["DESCRIPTION"])
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITED

    page = client.get(manage)
    assert "Jussi Jäsen" in page.content.decode()
    assert "Lähetetty" in page.content.decode()  # the delivery status of the invitation


def test_sending_again_invites_only_new_members(client, forum, coordinator, member_user, frozen):
    meeting = make_meeting(forum, status=Meeting.Status.DRAFT)
    client.force_login(coordinator)
    client.post(reverse("forums:meeting_invite", args=[meeting.pk]))
    make_member(forum, factories.make_user("uusi@example.fi"))
    client.post(reverse("forums:meeting_invite", args=[meeting.pk]))
    invitations = Message.objects.filter(kind="meeting_invitation")
    assert sorted(invitations.values_list("recipient_email", flat=True)) == [
        member_user.email,
        "uusi@example.fi",
    ]


def test_moving_the_meeting_sends_an_update_with_the_same_uid_and_moves_the_reminder(
    client, forum, coordinator, member_user, mailoutbox, frozen
):
    meeting = make_meeting(forum, starts_at=helsinki(2026, 12, 3, 13, 0), status="draft")
    client.force_login(coordinator)
    client.post(reverse("forums:meeting_invite", args=[meeting.pk]))
    messages_send_due()
    reminder = Message.objects.get(kind="meeting_reminder")
    assert reminder.due_at == helsinki(2026, 12, 1, 13, 0)

    moved = MEETING_FORM | {"starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T12:00"}
    response = client.post(reverse("forums:meeting_edit", args=[meeting.pk]), moved)
    assert response.status_code == 302
    messages_send_due()

    assert len(mailoutbox) == 2
    first, update = (calendar_of(mail).walk("VEVENT")[0] for mail in mailoutbox)
    assert update["UID"] == first["UID"]
    assert update["SEQUENCE"] > first["SEQUENCE"]
    assert mailoutbox[1].subject.startswith("Muuttunut")
    reminders = Message.objects.filter(kind="meeting_reminder")
    assert reminders.get(status=Message.Status.PENDING).due_at == helsinki(2026, 12, 8, 10, 0)
    assert reminders.get(status=Message.Status.CANCELLED).due_at == helsinki(2026, 12, 1, 13, 0)


def test_an_edit_that_keeps_time_and_place_sends_no_update(
    client, forum, coordinator, member_user, mailoutbox, frozen
):
    meeting = make_meeting(forum, starts_at=helsinki(2026, 12, 3, 13, 0), status="draft", **{
        "title": MEETING_FORM["title"], "address": MEETING_FORM["address"],
        "online_url": MEETING_FORM["online_url"], "step_free": True,
        "ends_at": helsinki(2026, 12, 3, 15, 30)})  # fmt: skip
    client.force_login(coordinator)
    client.post(reverse("forums:meeting_invite", args=[meeting.pk]))
    client.post(
        reverse("forums:meeting_edit", args=[meeting.pk]), MEETING_FORM | {"capacity": "30"}
    )
    assert not Message.objects.filter(kind="meeting_update").exists()
    meeting.refresh_from_db()
    assert meeting.sequence == 0 and meeting.capacity == 30


def test_cancelling_sends_cancel_and_calls_off_the_reminder(
    client, forum, coordinator, member_user, mailoutbox, frozen
):
    meeting = make_meeting(forum, starts_at=helsinki(2026, 12, 3, 13, 0), status="draft")
    client.force_login(coordinator)
    client.post(reverse("forums:meeting_invite", args=[meeting.pk]))
    messages_send_due()
    url = reverse("forums:meeting_cancel", args=[meeting.pk])
    assert client.get(url).status_code == 200
    client.post(url)
    messages_send_due()

    calendar = calendar_of(mailoutbox[-1])
    assert calendar["METHOD"] == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert event["UID"] == f"meeting-{meeting.pk}@kumppanuus"
    assert Message.objects.get(kind="meeting_reminder").status == Message.Status.CANCELLED


def test_the_reminder_goes_two_days_before_only_to_those_who_accepted_or_have_not_answered(
    forum, coordinator, mailoutbox
):
    from forums import services

    with time_machine.travel(NOW, tick=False):
        meeting = make_meeting(forum, starts_at=helsinki(2026, 12, 3, 13, 0), status="draft")
        coming = make_invitee(meeting, "tulee@example.fi", invited_at=None)
        declining = make_invitee(meeting, "ei@example.fi", invited_at=None)
        unsure = make_invitee(meeting, "ehka@example.fi", invited_at=None)
        make_invitee(meeting, "hiljainen@example.fi", invited_at=None)
        services.invitations_send(meeting=meeting)
        services.answer_record(invitee=coming, answer=Invitee.Answer.YES)
        services.answer_record(invitee=declining, answer=Invitee.Answer.NO)
        services.answer_record(invitee=unsure, answer=Invitee.Answer.MAYBE)
        messages_send_due()
        mailoutbox.clear()

    # Across midnight in Helsinki: due 1.12. at 13:00, not a minute before.
    with time_machine.travel(helsinki(2026, 12, 1, 12, 59), tick=False):
        messages_send_due()
        assert mailoutbox == []
    with time_machine.travel(helsinki(2026, 12, 1, 13, 0), tick=False):
        messages_send_due()
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "hiljainen@example.fi",
        "tulee@example.fi",
    ]
    assert mailoutbox[0].subject.startswith("Muistutus")


def test_a_reminder_of_a_meeting_cancelled_after_planning_is_not_sent(
    forum, coordinator, mailoutbox
):
    from forums import services

    with time_machine.travel(NOW, tick=False):
        meeting = make_meeting(forum, starts_at=helsinki(2026, 12, 3, 13, 0), status="draft")
        make_invitee(meeting, "tulee@example.fi", invited_at=None)
        services.invitations_send(meeting=meeting)
        messages_send_due()
        mailoutbox.clear()
    # Cancelled behind the services' back: the still-wanted check catches it.
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    with time_machine.travel(helsinki(2026, 12, 2, 9, 0), tick=False):
        messages_send_due()
    assert mailoutbox == []
    assert Message.objects.get(kind="meeting_reminder").status == Message.Status.CANCELLED


def test_invalid_meetings_are_shown_again_with_400(client, forum, coordinator, frozen):
    client.force_login(coordinator)
    url = reverse("forums:meeting_create", args=[forum.pk])
    backwards = MEETING_FORM | {"ends_at": "2026-12-03T12:00"}
    response = client.post(url, backwards)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    past = MEETING_FORM | {"starts_at": "2026-01-03T13:00", "ends_at": "2026-01-03T15:00"}
    assert client.post(url, past).status_code == 400
    weeks = MEETING_FORM | {"ends_at": "2026-12-18T13:01"}
    response = client.post(url, weeks)
    assert response.status_code == 400
    assert "enintään 14 päivää" in response.content.decode()
    script = MEETING_FORM | {"title": "<script>alert(1)</script>", "capacity": "-3"}
    response = client.post(url, script)
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Meeting.objects.exists()


def test_documents_are_checked_and_members_only_ones_hidden_with_404(
    client, forum, coordinator, member_user
):
    meeting = make_meeting(forum)
    client.force_login(coordinator)
    manage = reverse("forums:meeting_manage", args=[meeting.pk])
    fake = SimpleUploadedFile("lista.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        manage, {"action": "document", "document-title": "Lista", "document-file": fake}
    )
    assert response.status_code == 400
    assert not meeting.documents.exists()

    pdf = SimpleUploadedFile("lista.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    response = client.post(
        manage, {"action": "document", "document-title": "Lista", "document-file": pdf}
    )
    assert response.status_code == 302
    document = meeting.documents.get()
    assert document.original_name == "lista.pdf"
    assert not document.file.name.endswith("lista.pdf")
    url = document.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")

    client.logout()
    assert client.get(url).status_code == 404
    assert "Lista" not in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(factories.make_user())
    assert client.get(url).status_code == 404
    client.force_login(member_user)
    assert client.get(url).status_code == 200


def test_attendance_is_prefilled_from_answers_and_saved_in_bulk(client, forum, coordinator):
    meeting = make_meeting(forum, starts_at=timezone.now() - timedelta(hours=3))
    yes = make_invitee(meeting, answer=Invitee.Answer.YES)
    no = make_invitee(meeting, answer=Invitee.Answer.NO)
    client.force_login(coordinator)
    url = reverse("forums:attendance", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert f'value="{yes.pk}" id="present-{yes.pk}" checked' in page
    assert f'value="{no.pk}" id="present-{no.pk}">' in page
    client.post(url, {"present": [str(no.pk)]})
    yes.refresh_from_db()
    no.refresh_from_db()
    meeting.refresh_from_db()
    assert (yes.attended, no.attended) == (False, True)
    assert meeting.status == Meeting.Status.HELD


def test_the_attendance_list_exports_as_csv_and_xlsx_without_formulas(client, forum, coordinator):
    from io import BytesIO

    from openpyxl import load_workbook

    meeting = make_meeting(forum)
    make_invitee(meeting, "a@example.fi", name="=HYPERLINK(1)", answer="yes", attended=True)
    client.force_login(coordinator)
    text = client.get(reverse("forums:attendance_export", args=[meeting.pk, "csv"])).content
    assert "'=HYPERLINK(1);;kyllä;kyllä;" in text.decode("utf-8-sig")
    response = client.get(reverse("forums:attendance_export", args=[meeting.pk, "xlsx"]))
    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:4] == ["'=HYPERLINK(1)", None, "kyllä", "kyllä"]
    assert (
        client.get(reverse("forums:attendance_export", args=[meeting.pk, "pdf"])).status_code == 404
    )


def test_the_print_view_has_the_invitation_attendance_and_minutes(client, forum, coordinator):
    meeting = make_meeting(forum, minutes="Päätettiin kokoontua taas.")
    meeting.agenda_items.create(order=1, title="Kuntakierros")
    make_invitee(meeting, "a@example.fi", name="Aino Aktiivi", attended=True)
    client.force_login(coordinator)
    page = client.get(reverse("forums:print", args=[meeting.pk])).content.decode()
    for text in ("Sinut on kutsuttu kokoukseen.", "Kuntakierros", "Aino Aktiivi", "Päätettiin"):
        assert text in page


def test_an_open_event_invites_the_representatives_of_a_municipalitys_associations(
    client, coordinator, representative, other_representative, association, municipality
):
    from forums.models import Forum

    hytinat = Forum.objects.create(name="Hytinät Liperi", is_open=True)
    hytinat.coordinators.create(user=coordinator)
    meeting = make_meeting(hytinat, status=Meeting.Status.DRAFT)
    client.force_login(coordinator)
    manage = reverse("forums:meeting_manage", args=[meeting.pk])
    response = client.post(manage, {"action": "filter"})
    assert response.status_code == 400
    assert "Valitse kunta" in response.content.decode()

    response = client.post(
        manage, {"action": "filter", "filter-municipality": municipality.pk}, follow=True
    )
    assert "Lisätty kutsulistalle: 1." in response.content.decode()
    invitee = meeting.invitees.get()
    assert (invitee.email, invitee.organisation) == (representative.email, association.name)
    # Twice adds no one twice.
    client.post(manage, {"action": "filter", "filter-field": association.fields.get().pk})
    assert meeting.invitees.count() == 1

    client.post(reverse("forums:meeting_invite", args=[meeting.pk]))
    invitations = Message.objects.filter(kind="meeting_invitation")
    assert list(invitations.values_list("recipient_email", flat=True)) == [representative.email]


def test_the_reminder_keeps_the_hour_across_the_change_of_daylight_saving_time(
    forum, coordinator, mailoutbox
):
    from forums import services

    # Summer time begins on 28.3.2027 at 03:00; the meeting is on Monday 29.3. at 13:00.
    with time_machine.travel(helsinki(2027, 3, 1, 9, 0), tick=False):
        meeting = make_meeting(forum, starts_at=helsinki(2027, 3, 29, 13, 0), status="draft")
        make_invitee(meeting, "tulee@example.fi", invited_at=None)
        services.invitations_send(meeting=meeting)
    reminder = Message.objects.get(kind="meeting_reminder")
    assert reminder.due_at == helsinki(2027, 3, 27, 13, 0)
    assert reminder.due_at - meeting.starts_at == timedelta(days=-2, hours=1)
