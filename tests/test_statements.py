"""The accessibility statement and the privacy notice name who answers and how."""

import datetime

from django.urls import reverse


def test_accessibility_statement_has_what_the_act_requires(client, db, settings):
    settings.ORGANISATION_NAME = "Liperin kunta"
    settings.ACCESSIBILITY_COMPLIANCE = "partial"
    settings.ACCESSIBILITY_STATEMENT_MADE = datetime.date(2026, 11, 1)
    settings.ACCESSIBILITY_STATEMENT_REVIEWED = datetime.date(2026, 11, 20)
    settings.FEEDBACK_EMAIL = "palaute@liperi.example.fi"

    page = client.get(reverse("accessibility")).content.decode()

    assert "ylläpitää Liperin kunta" in page
    assert "täyttää saavutettavuusvaatimukset osittain" in page
    assert "Ylläpitoliittymä" in page and "Syy:" in page
    assert "laadittu 1. marraskuuta 2026" in page
    assert "tarkistettu viimeksi 20. marraskuuta 2026" in page
    assert "Vastaamme 14 päivän kuluessa." in page
    assert '<a href="mailto:palaute@liperi.example.fi">' in page
    assert "Etelä-Suomen aluehallintovirasto" in page
    assert "Saavutettavuuden valvonnan yksikkö" in page
    assert '<a href="https://www.saavutettavuusvaatimukset.fi/">' in page
    assert '<a href="mailto:saavutettavuus@avi.fi">' in page
    assert '<a href="tel:+358295016000">0295 016 000</a>' in page


def test_full_compliance_and_another_authority_are_settings(client, db, settings):
    settings.ACCESSIBILITY_COMPLIANCE = "full"
    settings.ACCESSIBILITY_AUTHORITY_NAME = "Lupa- ja valvontavirasto"

    page = client.get(reverse("accessibility")).content.decode()

    assert "täyttää saavutettavuusvaatimukset kokonaan" in page
    assert "Lupa- ja valvontavirasto" in page
    assert "Etelä-Suomen aluehallintovirasto" not in page


def test_the_statement_in_swedish(client, db):
    client.cookies["django_language"] = "sv"

    page = client.get(reverse("accessibility")).content.decode()

    assert "Regionförvaltningsverket i Södra Finland" in page
    assert "Vi svarar inom 14 dagar." in page


def test_privacy_notice_names_the_controller_and_a_contact(client, db, settings):
    settings.ORGANISATION_NAME = "Pohjois-Karjalan hyvinvointialue"
    settings.ORGANISATION_ADDRESS = "Tikkamäentie 16\n80210 Joensuu"
    settings.PRIVACY_EMAIL = "tietosuoja@siunsote.example.fi"
    settings.LOGIN_LOG_DAYS = 45

    page = client.get(reverse("privacy")).content.decode()

    assert "Rekisterinpitäjä" in page
    assert "Pohjois-Karjalan hyvinvointialue" in page
    assert "Tikkamäentie 16<br>80210 Joensuu" in page
    assert '<a href="mailto:tietosuoja@siunsote.example.fi">' in page
    assert "poistetaan 45 päivän kuluttua" in page
