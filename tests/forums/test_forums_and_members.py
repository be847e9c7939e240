"""Officials create forums; coordinators edit them and add or invite members."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from forums.models import Coordinator, Forum, Membership
from kumppanuus.accounts.models import Invitation
from kumppanuus.accounts.services import invitation_accept_as_new_user
from tests import factories
from tests.forums.conftest import make_forum, make_member


def test_an_official_creates_a_forum_and_becomes_its_coordinator(client, official):
    client.force_login(official)
    liperi = factories.make_municipality(code="426")
    response = client.post(
        reverse("forums:create"),
        {
            "name": "Hyvinvointihytinät Liperi",
            "kind": "hyvinvointihytina",
            "meetings_per_year": "3",
            "is_open": "on",
            "area_municipalities": [liperi.pk],
        },
    )
    forum = Forum.objects.get()
    assert response.url == forum.get_absolute_url()
    assert Coordinator.objects.filter(forum=forum, user=official).exists()
    assert list(forum.area_municipalities.all()) == [liperi]
    assert "0/3" in client.get(forum.get_absolute_url()).content.decode()


def test_a_forum_without_a_name_is_shown_again_with_400(client, official):
    client.force_login(official)
    response = client.post(reverse("forums:create"), {"kind": "other", "meetings_per_year": "-1"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Forum.objects.exists()


def test_a_coordinator_edits_the_forum_but_another_forums_coordinator_cannot(
    client, forum, coordinator
):
    other = factories.make_user()
    Coordinator.objects.create(forum=Forum.objects.create(name="Muu"), user=other)
    data = {"name": "JANE 2027", "kind": "neuvottelukunta", "meetings_per_year": "6"}
    client.force_login(other)
    assert client.post(reverse("forums:edit", args=[forum.pk]), data).status_code == 403
    client.force_login(coordinator)
    assert client.post(reverse("forums:edit", args=[forum.pk]), data).status_code == 302
    forum.refresh_from_db()
    assert forum.name == "JANE 2027"


def test_a_coordinator_adds_an_account_holder_as_a_member(client, forum, coordinator):
    person = factories.make_user("Jasen@Example.fi", first_name="Jussi", last_name="Jäsen")
    client.force_login(coordinator)
    response = client.post(
        reverse("forums:members", args=[forum.pk]),
        {"email": "jasen@example.fi", "role": "secretary", "organisation": "Liperin Martat"},
        follow=True,
    )
    assert "Jussi Jäsen on nyt jäsen." in response.content.decode()
    membership = Membership.objects.get(forum=forum, user=person)
    assert (membership.role, membership.organisation) == ("secretary", "Liperin Martat")
    assert membership.is_current


def test_an_invited_newcomer_lands_in_the_forum_when_accepting(
    client, forum, coordinator, mailoutbox
):
    client.force_login(coordinator)
    client.post(
        reverse("forums:members", args=[forum.pk]),
        {"email": "uusi@example.fi", "role": "substitute"},
    )
    invitation = Invitation.objects.get(email="uusi@example.fi")
    user, landing = invitation_accept_as_new_user(
        invitation=invitation, password="pitka-salasana-123", first_name="Uusi", last_name="J"
    )
    assert landing == forum.get_absolute_url()
    assert Membership.objects.get(forum=forum, user=user).role == "substitute"


def test_past_members_stay_in_the_history(client, forum, coordinator):
    old = make_member(
        forum,
        factories.make_user(first_name="Entinen", last_name="Jäsen"),
        term_start=timezone.localdate() - timedelta(days=800),
        term_end=timezone.localdate() - timedelta(days=30),
    )
    client.force_login(coordinator)
    page = client.get(reverse("forums:members", args=[forum.pk])).content.decode()
    assert "Entiset jäsenet" in page and "Entinen Jäsen" in page
    assert not old.is_current
    assert "Entinen Jäsen" not in client.get(forum.get_absolute_url()).content.decode()


def test_a_term_cannot_end_before_it_starts(forum):
    import pytest
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        make_member(
            forum,
            term_start=timezone.localdate(),
            term_end=timezone.localdate() - timedelta(days=1),
        )


def test_officials_see_every_forums_rhythm(client, forum, official):
    from tests.forums.conftest import make_meeting

    make_meeting(forum, starts_at=timezone.now() - timedelta(hours=5), status="held")
    client.force_login(official)
    page = client.get(reverse("forums:rhythm")).content.decode()
    assert "JANE" in page
    assert '<td data-label="Pidetty tänä vuonna">' in page
    client.force_login(factories.make_user())
    assert client.get(reverse("forums:rhythm")).status_code == 403


def test_a_persons_download_includes_their_forum_roles_and_answers(client, forum, member_user):
    from tests.forums.conftest import make_invitee, make_meeting

    make_invitee(make_meeting(forum), member_user.email, answer="yes", note="Kasvis")
    client.force_login(member_user)
    data = client.get(reverse("accounts:my_data")).json()
    assert data["forum_memberships"][0]["forum"] == "JANE"
    assert data["meeting_answers"][0]["note"] == "Kasvis"


def test_a_coordinator_adds_a_substitute_for_a_member_with_a_term(client, forum, coordinator):
    member = make_member(forum, factories.make_user(first_name="Vakinainen", last_name="Jäsen"))
    person = factories.make_user("vara@example.fi", first_name="Varpu", last_name="Vara")
    client.force_login(coordinator)
    url = reverse("forums:members", args=[forum.pk])
    assert (
        f'<option value="{member.pk}">Vakinainen Jäsen</option>' in client.get(url).content.decode()
    )
    response = client.post(
        url,
        {
            "email": "vara@example.fi",
            "role": "substitute",
            "substitute_for": str(member.pk),
            "term_start": "2026-01-01",
            "term_end": "2027-12-31",
        },
    )
    assert response.status_code == 302
    seat = Membership.objects.get(user=person)
    assert (seat.substitute_for, str(seat.term_start), str(seat.term_end)) == (
        member,
        "2026-01-01",
        "2027-12-31",
    )
    assert "varajäsen (Vakinainen Jäsen)" in client.get(url).content.decode()


def test_bad_member_data_is_shown_again_with_400_and_nothing_saved(client, forum, coordinator):
    member = make_member(forum)
    other_forums_member = make_member(make_forum("Toinen"))
    factories.make_user("vara@example.fi")
    client.force_login(coordinator)
    url = reverse("forums:members", args=[forum.pk])
    for data in [
        {"role": "member", "substitute_for": str(member.pk)},
        {"role": "substitute", "substitute_for": str(other_forums_member.pk)},
        {"role": "member", "term_start": "2026-05-01", "term_end": "2026-04-01"},
    ]:
        response = client.post(url, {"email": "vara@example.fi", **data})
        assert response.status_code == 400, data
        assert 'id="error-summary"' in response.content.decode()
    assert not Membership.objects.filter(user__email="vara@example.fi").exists()


def test_a_coordinator_ends_a_term_and_the_member_moves_to_the_history(client, forum, coordinator):
    member = make_member(forum, factories.make_user(first_name="Lähtevä", last_name="Jäsen"))
    other = make_member(make_forum("Toinen", coordinator=coordinator))
    client.force_login(coordinator)
    assert client.post(reverse("forums:member_end", args=[forum.pk, other.pk])).status_code == 404
    response = client.post(reverse("forums:member_end", args=[forum.pk, member.pk]))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.term_end == timezone.localdate()
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert not forum.memberships.current().exists()
        client.force_login(coordinator)  # The session has timed out overnight.
        response = client.get(reverse("forums:members", args=[forum.pk]))
        assert response.status_code == 200, response
        page = response.content.decode()
        assert "Lähtevä Jäsen" in page[page.index("Entiset jäsenet") :]
    assert client.get(reverse("forums:member_end", args=[forum.pk, member.pk])).status_code == 405


def test_a_coordinator_adds_another_coordinator_or_invites_one(
    client, forum, coordinator, mailoutbox
):
    colleague = factories.make_user("kollega@example.fi", first_name="Kaisa", last_name="Kollega")
    client.force_login(coordinator)
    url = reverse("forums:coordinator_add", args=[forum.pk])
    assert client.post(url, {"coordinator-email": "KOLLEGA@example.fi"}).status_code == 302
    assert forum.is_coordinated_by(colleague)
    response = client.post(url, {"coordinator-email": "ei-sahkoposti"})
    assert response.status_code == 400
    assert client.post(url, {"coordinator-email": "uusi@example.fi"}).status_code == 302
    invitation = Invitation.objects.get(email="uusi@example.fi")
    user, landing = invitation_accept_as_new_user(
        invitation=invitation, password="pitka-salasana-123", first_name="Uusi", last_name="K"
    )
    assert landing == forum.get_absolute_url()
    assert forum.is_coordinated_by(user)
