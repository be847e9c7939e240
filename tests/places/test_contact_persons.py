from django.urls import reverse

from kumppanuus import pagecache
from kumppanuus.accounts.models import Invitation
from kumppanuus.places.models import ContactPerson
from tests import factories


def test_contact_person_edits_own_public_details(client, municipality, contact_person):
    client.force_login(contact_person)
    url = reverse("places:contact", args=[municipality.code])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "save_details": "1",
            "own-title": "Järjestökoordinaattori",
            "own-public_email": "koordinaattori@liperi.example.fi",
            "own-public_phone": "013 123 4567",
            "own-is_public": "on",
        },
    )
    assert response.status_code == 302
    page = client.get(municipality.get_absolute_url()).content.decode()
    assert "koordinaattori@liperi.example.fi" in page


def test_hiding_own_details_removes_them_from_the_public_page(client, municipality, contact_person):
    client.force_login(contact_person)
    client.post(
        reverse("places:contact", args=[municipality.code]),
        {
            "save_details": "1",
            "own-title": "",
            "own-public_email": "",
            "own-public_phone": "",
        },
    )
    assert not ContactPerson.objects.get(user=contact_person).is_public
    client.logout()
    assert (
        contact_person.get_full_name()
        not in client.get(municipality.get_absolute_url()).content.decode()
    )


def test_bad_email_is_refused(client, municipality, contact_person):
    client.force_login(contact_person)
    response = client.post(
        reverse("places:contact", args=[municipality.code]),
        {
            "save_details": "1",
            "own-public_email": "ei sähköposti",
        },
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


def test_contact_person_invites_a_colleague_who_accepts(
    client, municipality, contact_person, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(contact_person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("places:contact", args=[municipality.code]),
            {
                "invite": "1",
                "invite-email": "kollega@example.fi",
                "invite-title": "Sihteeri",
            },
        )
    assert response.status_code == 302
    assert mailoutbox[0].to == ["kollega@example.fi"]
    invitation = Invitation.objects.get(email="kollega@example.fi")
    client.logout()
    response = client.post(
        invitation.get_absolute_url(),
        {
            "first_name": "Kaija",
            "last_name": "Kollega",
            "password1": "pitka-salasana-42",
            "password2": "pitka-salasana-42",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("places:contact", args=[municipality.code])
    colleague = ContactPerson.objects.get(user__email="kollega@example.fi")
    assert colleague.municipality == municipality and not colleague.is_public


def test_inviting_an_existing_contact_person_is_refused(client, municipality, contact_person):
    client.force_login(contact_person)
    response = client.post(
        reverse("places:contact", args=[municipality.code]),
        {
            "invite": "1",
            "invite-email": contact_person.email,
        },
    )
    assert response.status_code == 400


def test_contact_person_of_another_municipality_cannot_invite(
    client, municipality, other_contact_person
):
    client.force_login(other_contact_person)
    response = client.post(
        reverse("places:contact", args=[municipality.code]),
        {
            "invite": "1",
            "invite-email": "x@example.fi",
        },
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_admin_without_own_entry_can_invite(client, municipality, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("places:contact", args=[municipality.code]))
    assert response.status_code == 200


def test_admin_changes_to_contact_persons_refresh_the_public_page(
    client, admin_user, municipality, contact_person, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    entry = ContactPerson.objects.get(user=contact_person)
    public = client.__class__()
    assert (
        contact_person.get_full_name()
        in public.get(municipality.get_absolute_url()).content.decode()
    )
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:places_contactperson_change", args=[entry.pk]),
            {
                "user": contact_person.pk,
                "municipality": municipality.pk,
                "title": "",
                "is_public": "",
            },
        )
    assert response.status_code == 302
    page = public.get(municipality.get_absolute_url()).content.decode()
    assert contact_person.get_full_name() not in page


def test_a_deactivated_contact_person_is_not_shown_publicly(client, municipality, contact_person):
    ContactPerson.objects.filter(user=contact_person).update(
        public_email="yhteys@liperi.example.fi"
    )
    page = client.get(municipality.get_absolute_url()).content.decode()
    assert "yhteys@liperi.example.fi" in page

    contact_person.is_active = False
    contact_person.save()
    pagecache.invalidate()
    page = client.get(municipality.get_absolute_url()).content.decode()
    assert "yhteys@liperi.example.fi" not in page
    assert contact_person.get_full_name() not in page


def test_deactivating_a_person_in_the_admin_refreshes_the_public_page(
    client, settings, municipality, contact_person, admin_user, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    ContactPerson.objects.filter(user=contact_person).update(
        public_email="yhteys@liperi.example.fi"
    )
    page = client.get(municipality.get_absolute_url()).content.decode()
    assert "yhteys@liperi.example.fi" in page

    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[contact_person.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(groups=[], user_permissions=[], is_active="")
    data["last_login_0"] = data["last_login_1"] = ""
    data["date_joined_0"], data["date_joined_1"] = "2026-01-01", "12:00:00"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()

    page = client.get(municipality.get_absolute_url()).content.decode()
    assert "yhteys@liperi.example.fi" not in page


def test_a_contact_person_removes_a_colleague_after_confirming(
    client, municipality, contact_person
):
    colleague = factories.make_contact_person(municipality, factories.make_user("kolle@example.fi"))
    contact = ContactPerson.objects.get(user=colleague)
    client.force_login(contact_person)
    url = reverse("places:contact_remove", args=[municipality.code, contact.pk])

    assert (
        f'href="{url}"'
        in client.get(reverse("places:contact", args=[municipality.code])).content.decode()
    )
    confirm = client.get(url)
    assert confirm.status_code == 200 and "kolle@example.fi" in confirm.content.decode()
    assert ContactPerson.objects.filter(pk=contact.pk).exists()

    assert client.post(url).status_code == 302
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()


def test_the_last_contact_person_cannot_be_removed(client, municipality, contact_person):
    own = ContactPerson.objects.get(user=contact_person)
    client.force_login(contact_person)

    client.post(reverse("places:contact_remove", args=[municipality.code, own.pk]))

    assert ContactPerson.objects.filter(pk=own.pk).exists()


def test_contact_persons_see_cancel_and_resend_their_pending_invitations(
    client, municipality, contact_person
):
    client.force_login(contact_person)
    url = reverse("places:contact", args=[municipality.code])
    client.post(url, {"invite": "1", "invite-email": "uusi@kunta.example.fi", "invite-title": ""})
    invitation = Invitation.objects.get(email="uusi@kunta.example.fi")

    assert "uusi@kunta.example.fi" in client.get(url).content.decode()
    client.post(reverse("places:invitation_resend", args=[municipality.code, invitation.pk]))
    newest = Invitation.objects.for_target(municipality).open().get()
    assert newest.pk != invitation.pk
    client.post(
        reverse("places:invitation_cancel", args=[municipality.code, newest.pk]), follow=True
    )

    assert not Invitation.objects.for_target(municipality).open().exists()
    assert "uusi@kunta.example.fi" not in client.get(url).content.decode()
