"""An officer decides a selection of applications at once, publishes, records a payment;
the public list of grants given shows it. Every page axe-clean in Finnish and Swedish."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from grants import demo as grants_demo
from grants.models import Application, Payment, Round
from tests.browser.checks import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_decides_a_selection_publishes_and_records_a_payment(page, login_as, demo):
    grants_demo.load_demo()
    round = Round.objects.get(name_fi="Liikuntaseurojen toiminta-avustukset")
    youth, elderly = (
        Application.objects.get(round=round, association__name=name)
        for name in ("Liperin Nuorisoseura ry", "Liperin Eläkeläiset ry")
    )
    login_as("grant_officer")

    page.goto(f"/avustukset/{round.pk}/hakemukset/")
    assert_accessible(page)
    page.get_by_label("Valitse Liperin Nuorisoseura ry").check()
    page.get_by_label("Valitse Liperin Eläkeläiset ry").check()
    page.get_by_role("group", name="Päätös").get_by_label("myönnetty").check()
    page.get_by_label("haettu summa").check()
    page.get_by_role("button", name="Kirjaa päätös valituille").click()
    expect(page.get_by_text("Päätös kirjattiin 2 hakemukselle.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Julkaise päätökset").click()
    page.get_by_role("button", name="Julkaise").click()
    expect(page.get_by_text("2 päätöstä julkaistiin")).to_be_visible()

    page.goto(youth.get_absolute_url())
    page.get_by_role("link", name="Maksut").click()
    assert_accessible(page)
    page.get_by_label("Maksupäivä").fill("2027-04-01")
    page.get_by_label("Summa (€)").fill("5 000")
    page.get_by_role("button", name="Kirjaa maksu").click()
    expect(page.get_by_role("link", name="Summa (€): Maksut ylittäisivät")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Summa (€)").fill("2 000,00")
    page.get_by_role("button", name="Kirjaa maksu").click()
    expect(page.get_by_text("Maksu on kirjattu.")).to_be_visible()
    assert_accessible(page)
    assert Payment.objects.get(application=youth).amount == Decimal("2000.00")

    page.goto("/kieli/sv/?next=" + f"/avustukset/{round.pk}/hakemukset/")
    expect(page.get_by_role("button", name="Registrera beslutet för urvalet")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/hakemukset/{youth.pk}/maksut/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Utbetalningar")
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto(round.get_absolute_url())
    page.get_by_role("link", name="Tällä kierroksella myönnetyt avustukset").click()
    expect(page.get_by_role("cell", name="Liperin Nuorisoseura ry")).to_be_visible()
    expect(page.get_by_role("cell", name="Liperin Eläkeläiset ry")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Liperin Nuorisoseura ry").click()
    expect(page.get_by_role("heading", name="Saadut avustukset")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Avustustilastot").click()
    expect(page.get_by_role("heading", name="Hakukierroksittain")).to_be_visible()
    assert_accessible(page)

    page.goto("/kieli/sv/?next=" + f"/avustukset/{round.pk}/myonnetyt/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Beviljade understöd")
    assert_accessible(page)
    page.get_by_role("link", name="Understödsstatistik").click()
    expect(page.get_by_role("heading", name="Per ansökningsomgång")).to_be_visible()
    assert_accessible(page)
    elderly.refresh_from_db()
    assert elderly.granted_amount == elderly.amount_requested and elderly.published_at


def test_a_large_export_is_made_in_the_background_and_downloaded(page, login_as, demo, monkeypatch):
    from grants import exports

    monkeypatch.setattr(exports, "IMMEDIATE_ROWS", 1)
    grants_demo.load_demo()
    round = Round.objects.get(name_fi="Liikuntaseurojen toiminta-avustukset")
    login_as("grant_officer")
    page.goto(f"/avustukset/{round.pk}/hakemukset/")
    page.get_by_role("link", name="Excel (XLSX)").click()
    assert_accessible(page)
    page.get_by_role("button", name="Tee tiedosto").click()
    expect(page.get_by_text("Tiedosto on valmis.")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Lataa paatosesitys-{round.pk}.xlsx").click()
    assert download.value.suggested_filename == f"paatosesitys-{round.pk}.xlsx"


def test_the_progress_of_a_running_export_updates_itself(page, login_as, demo):
    from django.core.files.base import ContentFile

    from grants.models import ExportJob
    from kumppanuus.uploads import stored_name

    grants_demo.load_demo()
    round = Round.objects.get(name_fi="Liikuntaseurojen toiminta-avustukset")
    officer = login_as("grant_officer")
    job = ExportJob.objects.create(
        round=round, format="csv", user=officer, status="running", done_rows=200, total_rows=2000
    )
    page.goto(f"/avustukset/{round.pk}/viennit/{job.pk}/")
    expect(page.get_by_text("200/2000 riviä kirjoitettu.")).to_be_visible()
    assert_accessible(page)
    job.file.save(stored_name("exports", "csv"), ContentFile(b"a;b\n"), save=False)
    ExportJob.objects.filter(pk=job.pk).update(
        status="finished", done_rows=2000, file=job.file.name, file_name="paatosesitys.csv"
    )
    # No reload: the page's script fetches the new state into the status region.
    expect(page.get_by_text("Tiedosto on valmis.")).to_be_visible()
    expect(page.get_by_role("link", name="Lataa paatosesitys.csv")).to_be_visible()
    assert_accessible(page)
