"""Public pages show what is there and nothing empty; the menu marks where you are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, set_script_prefix
from django.utils import translation

from kumppanuus.places.models import ContactPerson
from tests import factories


def test_an_address_without_a_street_has_no_blank_line(client, municipality):
    association = factories.make_association(
        municipalities=[municipality], postal_code="83100", post_office="Liperi"
    )

    page = client.get(association.get_absolute_url()).content.decode()

    assert "<dd>83100 Liperi</dd>" in page


def test_an_association_without_contact_details_has_no_contact_heading(client, municipality):
    association = factories.make_association(municipalities=[municipality])

    page = client.get(association.get_absolute_url()).content.decode()

    assert ">Yhteystiedot</h2>" not in page
    association.email = "info@seura.example.fi"
    association.save()
    assert ">Yhteystiedot</h2>" in client.get(association.get_absolute_url()).content.decode()


def test_the_municipality_list_shows_counts_and_contact_persons(
    client, municipality, other_municipality, association, contact_person
):
    ContactPerson.objects.filter(user=contact_person).update(
        public_email="yhteys@liperi.example.fi"
    )
    factories.make_association(municipalities=[municipality])
    factories.make_association(municipalities=[municipality], is_active=False)

    page = client.get(reverse("associations:municipalities")).content.decode()

    liperi_row = page.split(municipality.get_absolute_url(), 1)[1].split("</tr>", 1)[0]
    assert ">2</td>" in liperi_row
    assert contact_person.get_full_name() in liperi_row
    assert 'href="mailto:yhteys@liperi.example.fi"' in liperi_row
    joensuu_row = page.split(other_municipality.get_absolute_url(), 1)[1].split("</tr>", 1)[0]
    assert ">0</td>" in joensuu_row


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_municipality_list_keeps_a_constant_number_of_queries(client, db):
    def grow(count):
        for _ in range(count):
            municipality = factories.make_municipality()
            factories.make_association(municipalities=[municipality])
            factories.make_contact_person(municipality)

    grow(5)
    small = _queries(client, reverse("associations:municipalities"))
    grow(45)
    assert _queries(client, reverse("associations:municipalities")) == small


def test_the_menu_marks_the_current_section(client, municipality):
    page = client.get(reverse("associations:municipalities")).content.decode()

    assert f'href="{reverse("associations:municipalities")}" aria-current="page"' in page
    assert f'href="{reverse("associations:directory")}" aria-current' not in page
    assert 'hreflang="fi" aria-current="true"' in page


def test_the_menus_links_follow_the_script_prefix_they_are_served_under(client, db, settings):
    """The header's links are reversed once per script prefix, not once for every prefix."""
    settings.PAGE_CACHE_SECONDS = 0
    page = client.get(reverse("privacy")).content.decode()
    assert f'href="{reverse("forums:list")}"' in page
    assert f'href="{reverse("language", args=["sv"])}?next=' in page
    assert ">Svenska</a>" in page and ">Suomi</a>" in page and ">English</a>" in page
    # Served under /portaali/ (WSGIHandler sets the prefix from SCRIPT_NAME; the test client
    # does not, so it is set here for the request).
    url = reverse("privacy")
    set_script_prefix("/portaali/")
    try:
        response = client.get(url)
        assert response.status_code == 200
        prefixed = response.content.decode()
    finally:
        set_script_prefix("/")
    assert 'href="/portaali/foorumit/"' in prefixed
    assert 'href="/portaali/kieli/sv/?next=' in prefixed
    # The next request without the prefix has its own links again.
    assert f'href="{reverse("forums:list")}"' in client.get(reverse("privacy")).content.decode()


def test_the_header_drawn_once_keeps_each_pages_address_section_and_reader(client, db, settings):
    """The header is drawn once per language and section for visitors; the page's own
    address, the logged-in person and their logout form are never taken from it."""
    settings.PAGE_CACHE_SECONDS = 0
    forums = client.get(reverse("forums:list") + "?kind=x&q=<a>").content.decode()
    assert f'href="{reverse("forums:list")}" aria-current="page"' in forums
    assert 'href="/kieli/sv/?next=/foorumit/%3Fkind%3Dx%26q%3D%253Ca%253E"' in forums
    grants = client.get(reverse("grants:rounds")).content.decode()
    assert f'href="{reverse("grants:rounds")}" aria-current="page"' in grants
    assert f'href="{reverse("forums:list")}" aria-current' not in grants
    assert 'href="/kieli/fi/?next=/avustukset/"' in grants
    swedish = client.get(reverse("grants:rounds"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert 'hreflang="sv" aria-current="true"' in swedish and ">Logga in</a>" in swedish

    person = factories.make_user("aino@example.fi", first_name="Aino", last_name="Aalto")
    client.force_login(person)
    own = client.get(reverse("grants:rounds")).content.decode()
    assert ">Aino Aalto</a>" in own and 'name="csrfmiddlewaretoken"' in own
    assert ">Kirjaudu sisään</a>" not in own
    client.logout()
    visitor = client.get(reverse("grants:rounds")).content.decode()
    assert "Aino Aalto" not in visitor and ">Kirjaudu sisään</a>" in visitor


def test_a_failed_login_shows_its_error_once(client, db):
    factories.make_user("kayttaja@example.fi")

    response = client.post(
        reverse("accounts:login"), {"username": "kayttaja@example.fi", "password": "väärä"}
    )

    with translation.override("fi"):
        message = translation.gettext(
            "The email address or password is wrong. Check both and try again."
        )
    assert response.status_code == 400
    assert response.content.decode().count(message) == 1


def test_being_sent_to_log_in_says_why(client, db):
    response = client.get(reverse("dashboard"), follow=True)

    assert "Pyytämäsi sivu on vain kirjautuneille käyttäjille." in response.content.decode()
    assert "Pyytämäsi sivu" not in client.get(reverse("accounts:login")).content.decode()


def test_the_logged_in_header_drawn_once_keeps_each_persons_name_token_and_rights(
    client, db, settings
):
    """Logged-in people's header is drawn once per language, section and staff or not;
    each person's name (escaped), CSRF token and the page's address go in on each page."""
    import re

    settings.PAGE_CACHE_SECONDS = 0
    odd = factories.make_user(
        "odd@example.fi", first_name="<b>Aino</b> __header_csrf__", last_name="__next_path__"
    )
    staff = factories.make_user(
        "staff@example.fi", first_name="Veera", last_name="Virta", is_staff=True
    )

    def header(path, person):
        client.force_login(person)
        page = client.get(path).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return page[: page.index("</header>")], token

    path = reverse("grants:rounds") + "?q=__header_user__"
    odd_page, odd_token = header(path, odd)
    assert ">&lt;b&gt;Aino&lt;/b&gt; __header_csrf__ __next_path__</a>" in odd_page
    assert "<b>Aino" not in odd_page and "Ylläpito" not in odd_page
    assert len(odd_token) >= 32 and odd_token != "__header_csrf__"
    assert 'href="/kieli/sv/?next=/avustukset/%3Fq%3D__header_user__"' in odd_page

    staff_page, staff_token = header(reverse("grants:rounds"), staff)
    assert ">Veera Virta</a>" in staff_page and ">Ylläpito</a>" in staff_page
    assert "Aino" not in staff_page and staff_token != odd_token
    assert "__header" not in staff_page and "__next_path__" not in staff_page
    # The token put in the logout form is one the CSRF check accepts.
    from django.test import Client

    checked = Client(enforce_csrf_checks=True)
    checked.force_login(staff)
    page = checked.get(reverse("grants:rounds")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert checked.post(reverse("accounts:logout")).status_code == 403
    response = checked.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
