"""Optional messages: the profile's settings, and the unsubscribe link that works logged out."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from kumppanuus import signed_links
from kumppanuus.notifications import kinds
from kumppanuus.notifications.models import Message, OptOut
from kumppanuus.notifications.services import (
    UNSUBSCRIBE_PURPOSE,
    message_queue,
    messages_send_due,
    unsubscribe_url,
)
from tests import factories

pytestmark = pytest.mark.django_db


def checkbox(name, page):
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    return "checked" if " checked" in tag else "unchecked"


def path_of(url):
    return url.replace("http://127.0.0.1:8000", "")


def test_the_link_asks_first_then_turns_the_group_off_without_logging_in(bulletin_kind, client):
    url = path_of(unsubscribe_url("lukija@example.fi", "test_news"))

    page = client.get(url)
    assert page.status_code == 200
    assert "Tiedotteet" in page.content.decode()
    assert not OptOut.objects.exists()

    done = client.post(url)
    assert done.status_code == 200
    assert "lukija@example.fi" in done.content.decode()
    assert "Tiedotteet" in done.content.decode()
    assert list(OptOut.objects.values_list("email", "group")) == [
        ("lukija@example.fi", "test_news")
    ]
    assert client.post(url).status_code == 200  # twice is harmless
    assert OptOut.objects.count() == 1


def test_the_mail_clients_one_click_post_needs_no_csrf_token(bulletin_kind, db):
    client = Client(enforce_csrf_checks=True)
    url = path_of(unsubscribe_url("lukija@example.fi", "test_news"))

    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert OptOut.objects.filter(email="lukija@example.fi", group="test_news").exists()


def test_after_unsubscribing_no_message_of_the_group_is_sent(
    bulletin_kind, meeting, client, mailoutbox
):
    client.post(path_of(unsubscribe_url("lukija@example.fi", "test_news")))
    message = message_queue(
        kind="test_bulletin",
        target=meeting,
        recipient_email="lukija@example.fi",
        language="fi",
        due_at=timezone.now(),
    )

    messages_send_due()

    message.refresh_from_db()
    assert message.status == Message.Status.CANCELLED
    assert mailoutbox == []


def test_a_tampered_foreign_or_expired_link_gets_a_clear_error_page(bulletin_kind, client):
    good = path_of(unsubscribe_url("lukija@example.fi", "test_news"))
    token = good.rstrip("/").rsplit("/", 1)[1]
    # Somebody else's address in a link signed for lukija@.
    forged = signed_links.sign("other-purpose", {"email": "muu@example.fi", "group": "test_news"})

    for url in [
        good.replace(token, token[:-3] + "abc"),
        good.replace(token, forged),
        "/viestit/peru/roskaa/",
    ]:
        response = client.post(url)
        assert response.status_code == 400
        assert "Linkki ei toimi" in response.content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=401)):
        assert client.get(good).status_code == 400
    assert not OptOut.objects.exists()


def test_a_link_for_a_group_that_no_longer_exists_is_refused(db, client):
    token = signed_links.sign(UNSUBSCRIBE_PURPOSE, {"email": "a@example.fi", "group": "poistettu"})

    assert client.post(f"/viestit/peru/{token}/").status_code == 400


def test_the_profile_page_turns_groups_off_and_on(bulletin_kind, meeting_kind, client_as):
    person = factories.make_user("asetukset@example.fi")
    client = client_as(person)

    page = client.get("/tili/profiili/").content.decode()
    assert "Tiedotteet" in page and "Kokousmuistutukset" in page

    # Feature apps register groups of their own (forums: meeting_reminders); keep them on.
    others = {group.name: "on" for group in kinds.groups() if not group.name.startswith("test_")}
    response = client.post("/tili/viestit/", {"test_reminders": "on", **others})
    assert response.status_code == 302
    # Groups that feature apps register (grant reminders, …) are off too: only test_reminders
    # was ticked. Of the two test groups, only the news is off.
    assert list(OptOut.objects.filter(group__startswith="test_").values_list("email", "group")) == [
        ("asetukset@example.fi", "test_news")
    ]
    page = client.get("/tili/profiili/").content.decode()
    assert checkbox("test_news", page) == "unchecked"
    assert checkbox("test_reminders", page) == "checked"

    client.post("/tili/viestit/", {"test_reminders": "on", "test_news": "on", **others})
    assert not OptOut.objects.exists()


def test_message_settings_need_a_login(client, bulletin_kind):
    response = client.post("/tili/viestit/", {})

    assert response.status_code == 302
    assert response.url.startswith("/tili/kirjaudu/")
    assert not OptOut.objects.exists()


def test_a_failed_message_is_sent_again_from_a_delivery_status_page(
    client_as, representative, association, mailoutbox, django_capture_on_commit_callbacks
):
    from associations.models import RepresentationRequest

    request = RepresentationRequest.objects.create(
        association=association, user=factories.make_user()
    )
    message = message_queue(
        kind="representation_request",
        target=request,
        recipient_email=representative.email,
        language="fi",
        due_at=timezone.now() + timedelta(days=1),
    )
    Message.objects.filter(pk=message.pk).update(status=Message.Status.FAILED, attempts=8)
    client = client_as(representative)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/viestit/{message.pk}/laheta-uudelleen/", {"next": "https://evil.example/"}
        )

    assert response.status_code == 302
    assert response.url == "/"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 1)
    assert [email.to for email in mailoutbox] == [[representative.email]]
