"""A representative applies for a grant in the browser: draft, attachment, what is missing,
submit, receipt page and email; every page axe-clean."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from associations.demo import DEMO_PASSWORD
from grants.models import Application
from kumppanuus.places.models import Municipality
from tests.browser.checks import assert_accessible
from tests.grants import builders

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_a_representative_applies_for_a_grant(page, demo, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    body = builders.make_body(
        Municipality.objects.get(code="426"), name_fi="Liperin kulttuuritoimi"
    )
    builders.make_open_round(
        body, name_fi="Kulttuuriavustukset 2027", required_attachments=["talousarvio"]
    )
    budget = tmp_path / "talousarvio.pdf"
    budget.write_bytes(PDF)

    page.goto("/tili/kirjaudu/")
    page.get_by_label("Sähköpostiosoite").fill("edustaja@demo.kumppanuus.fi")
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Omat sivut")

    page.goto("/avustukset/")
    assert_accessible(page)
    page.get_by_role("link", name="Kulttuuriavustukset 2027").click()
    assert_accessible(page)
    page.get_by_role("link", name="Hae", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Yhdistys").select_option(label="Liperin Liikuntaseura ry")
    page.get_by_role("button", name="Aloita hakemus").click()

    missing = page.locator("#missing-title")
    expect(missing).to_have_text("Puuttuu vielä ennen lähettämistä")
    expect(page.get_by_text("Liite puuttuu: talousarvio.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Käyttötarkoitus").fill("Kesäkonsertit")
    page.get_by_label("Kuvaus").first.fill("Kolme ulkokonserttia kirkonkylällä.")
    page.get_by_label("Haettava summa (€)").fill("1 200,50")
    page.locator("#id_budget_lines-0-kind").select_option("expense")
    page.locator("#id_budget_lines-0-description").fill("Esiintyjien palkkiot")
    page.locator("#id_budget_lines-0-amount").fill("2 400,00")
    page.get_by_role("button", name="Tallenna luonnos").click()
    expect(page.get_by_text("Luonnos on tallennettu.")).to_be_visible()
    expect(page.get_by_text("Liite puuttuu: talousarvio.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Liitteen laji").select_option("talousarvio")
    page.get_by_label("Tiedosto").set_input_files(str(budget))
    page.get_by_role("button", name="Lisää liite").click()
    expect(page.get_by_text("Liite on lisätty.")).to_be_visible()
    expect(page.get_by_text("Mitään ei puutu: hakemuksen voi lähettää.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Tarkista ja lähetä").click()
    assert_accessible(page)
    page.get_by_role("button", name="Lähetä hakemus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hakemus on vastaanotettu")
    assert_accessible(page)

    application = Application.objects.get(round__name_fi="Kulttuuriavustukset 2027")
    assert application.status == Application.Status.SUBMITTED
    expect(page.get_by_text(application.reference)).to_be_visible()
    receipts = [m for m in mail.outbox if application.reference in m.subject]
    assert [m.to for m in receipts] == [["edustaja@demo.kumppanuus.fi"]]
