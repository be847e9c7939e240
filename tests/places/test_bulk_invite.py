"""An administrator invites municipal contact persons in bulk from a CSV file."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from kumppanuus.accounts.models import Invitation
from kumppanuus.places.models import ContactPerson
from kumppanuus.places.services import CONTACT_PERSON_ROLE

URL = reverse("admin:places_contactperson_invite")
GOOD = (
    "sähköposti;kuntanumero;nimike\n"
    "liisa.liperi@example.fi;426;Hyvinvointikoordinaattori\n"
    "Bo.Borga@Example.fi;638;Föreningssamordnare\n"
    "olli@example.fi;309;\n"
)


def upload(text, name="yhteyshenkilot.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_admin_invites_contact_persons_who_accept(
    client, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    assert client.get(URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"file": upload("\ufeff" + GOOD)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kutsut on lähetetty." in page
    assert 'id="row-3"' in page and "Porvoo" in page
    assert sorted(m.to[0] for m in mailoutbox) == [
        "bo.borga@example.fi",
        "liisa.liperi@example.fi",
        "olli@example.fi",
    ]
    invitation = Invitation.objects.get(email="liisa.liperi@example.fi")
    assert invitation.role == CONTACT_PERSON_ROLE and invitation.invited_by == admin_user
    assert invitation.target.code == "426" and invitation.title == "Hyvinvointikoordinaattori"
    client.logout()
    response = client.post(
        invitation.get_absolute_url(),
        {
            "first_name": "Liisa",
            "last_name": "Liperi",
            "password1": "pitka-salasana-42",
            "password2": "pitka-salasana-42",
        },
    )
    assert response.status_code == 302
    person = ContactPerson.objects.get(user__email="liisa.liperi@example.fi")
    assert person.municipality.code == "426" and person.title == "Hyvinvointikoordinaattori"


def test_a_comma_separated_file_with_english_columns_works(client, admin_user):
    client.force_login(admin_user)
    text = "Email,Municipality code,Title\nanna@example.fi,91,Coordinator\n"
    response = client.post(URL, {"file": upload(text)})
    assert response.status_code == 200
    assert Invitation.objects.get(email="anna@example.fi").target.code == "091"


def test_any_bad_row_invites_nobody_and_the_report_says_why(client, admin_user, mailoutbox):
    client.force_login(admin_user)
    text = GOOD + (
        "ei-osoite;426;\n"
        "uusi@example.fi;588;\n"  # Pertunmaa merged into Mäntyharju in 2025
        "liisa.liperi@example.fi;426;Toinen rivi\n"
        f"pitka@example.fi;426;{'x' * 51}\n"
        "<script>alert(1)</script>@example.fi;abc;\n"
    )
    response = client.post(URL, {"file": upload(text)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ketään ei kutsuttu." in page
    assert "ei ole kelvollinen sähköpostiosoite" in page
    assert "”588” ei ole voimassa olevan kunnan numero" in page
    assert "”abc” ei ole voimassa olevan kunnan numero" in page
    assert "Nimike on pidempi kuin 50 merkkiä" in page
    assert "Sama henkilö ja kunta ovat jo aiemmalla rivillä" in page
    assert "<script>alert" not in page
    assert page.count('class="errorlist"') >= 5
    assert not Invitation.objects.exists() and not mailoutbox


def test_a_dry_run_checks_and_invites_nobody(client, admin_user):
    client.force_login(admin_user)
    response = client.post(URL, {"file": upload(GOOD), "dry_run": "on"})
    assert response.status_code == 200
    assert "Tämä oli vain tarkistus" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_existing_contact_person_is_skipped(client, admin_user, contact_person, municipality):
    client.force_login(admin_user)
    text = (
        f"email;municipality;title\n{contact_person.email};{municipality.code};\n"
        "uusi@example.fi;426;\n"
    )
    response = client.post(URL, {"file": upload(text)})
    assert response.status_code == 200
    assert list(Invitation.objects.values_list("email", flat=True)) == ["uusi@example.fi"]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "tyhja.csv", "tyhjä"),
        ("sähköposti;kuntanumero\n".encode(), "otsikko.csv", "ei kutsuttavia"),
        (b"nimi;puhelin\nA;1\n", "sarakkeet.csv", "email"),
        ("sähköposti;kuntanumero\nä@example.fi;426\n".encode("latin-1"), "latin.csv", "UTF-8"),
        (b"PK\x03\x04binary", "excel.csv", "CSV"),
    ],
)
def test_files_that_are_not_a_list_of_people_are_refused(
    client, admin_user, content, name, message
):
    client.force_login(admin_user)
    response = client.post(URL, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_oversized_file_is_refused(client, admin_user, settings):
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(admin_user)
    response = client.post(URL, {"file": upload(GOOD + "x@example.fi;426;\n" * 100)})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_only_administrators_may_invite_in_bulk(client, contact_person, official):
    assert client.get(URL).status_code == 302
    for user in (contact_person, official):
        client.force_login(user)
        assert client.post(URL, {"file": upload(GOOD)}).status_code == 302
    assert not Invitation.objects.exists()


def test_the_command_invites_from_a_file(tmp_path, admin_user):
    path = tmp_path / "yhteyshenkilot.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("invite_contact_persons", str(path), "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue() and not Invitation.objects.exists()
    call_command("invite_contact_persons", str(path), "--user", admin_user.email, stdout=out)
    assert Invitation.objects.filter(invited_by=admin_user).count() == 3
    path.write_text("email;municipality\nrikki;999\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("invite_contact_persons", str(path), stdout=io.StringIO())
