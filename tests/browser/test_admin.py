import pytest
from playwright.sync_api import expect

from associations.demo import DEMO_PASSWORD, business_ids
from associations.models import Association
from kumppanuus.accounts.models import Invitation
from tests.browser.checks import assert_accessible, tab_to

pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    "nimi;y-tunnus;kunnat;toimialat;kohderyhmät;sähköposti\n"
    "Tuontiseura ry;{new_id};Liperi;Liikunta ja urheilu;nuoret;info@tuonti.example.fi\n"
    "Liperin Liikuntaseura ry;{existing_id};Liperi;liikunta;kaikki;uusi@seura.example.fi\n"
)


def test_administrator_imports_a_csv(page, demo, tmp_path):
    existing = Association.objects.get(name="Liperin Liikuntaseura ry")
    new_id = next(
        i for i in business_ids(7100000) if not Association.objects.filter(business_id=i).exists()
    )
    upload = tmp_path / "yhdistykset.csv"
    upload.write_text(CSV.format(new_id=new_id, existing_id=existing.business_id), encoding="utf-8")

    page.goto("/tili/kirjaudu/")
    page.get_by_label("Sähköpostiosoite").fill("admin@demo.kumppanuus.fi")
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.goto("/yllapito/associations/association/")
    page.locator(".object-tools a[href$='import/']").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    page.locator("input[type=file]").set_input_files(str(upload))
    page.locator("input[type=submit]").click()
    expect(page.locator("#row-2")).to_contain_text("Tuontiseura ry")
    expect(page.locator("#row-3")).to_contain_text("Liperin Liikuntaseura ry")
    assert_accessible(page)

    created = Association.objects.get(business_id=new_id)
    assert created.municipalities.get().name_fi == "Liperi"
    existing.refresh_from_db()
    assert existing.email == "uusi@seura.example.fi"
    assert Association.objects.filter(name="Liperin Liikuntaseura ry").count() == 1


def test_administrator_imports_with_the_keyboard_alone(page, demo, tmp_path):
    new_id = next(
        i for i in business_ids(7300000) if not Association.objects.filter(business_id=i).exists()
    )
    upload = tmp_path / "naputellen.csv"
    upload.write_text(f"nimi;y-tunnus;kunnat\nNäppäinseura ry;{new_id};Liperi\n", encoding="utf-8")

    # Playwright turns on file-chooser interception without waiting for it; listening from the
    # start makes sure it is on before Space opens the chooser (under load it could miss it).
    page.on("filechooser", lambda chooser: None)
    page.goto("/tili/kirjaudu/")
    tab_to(page, "#id_username")
    page.keyboard.type("admin@demo.kumppanuus.fi")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Omat sivut")
    page.goto("/yllapito/associations/association/import/")

    # Past the admin's menu of every model with its skip link, as keyboard users do.
    tab_to(page, "a.skip-to-content-link")
    page.keyboard.press("Enter")
    tab_to(page, "input[type=file]")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(upload))
    tab_to(page, "input[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#row-2")).to_contain_text("Näppäinseura ry")
    assert Association.objects.filter(business_id=new_id).exists()


def test_administrator_invites_contact_persons_from_a_csv(page, demo, tmp_path):
    upload = tmp_path / "yhteyshenkilot.csv"
    upload.write_text(
        "sähköposti;kuntanumero;nimike\n"
        "uusi.yhteys@example.fi;146;Hyvinvointikoordinaattori\n"
        "rikki-osoite;146;\n",
        encoding="utf-8",
    )
    page.goto("/tili/kirjaudu/")
    page.get_by_label("Sähköpostiosoite").fill("admin@demo.kumppanuus.fi")
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.goto("/yllapito/places/contactperson/")
    page.locator(".object-tools a[href$='invite/']").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    page.locator("input[type=file]").set_input_files(str(upload))
    page.locator("input[type=submit]").click()
    expect(page.locator("#row-3")).to_contain_text("ei ole kelvollinen sähköpostiosoite")
    assert_accessible(page)
    assert not Invitation.objects.exists()

    upload.write_text(
        "sähköposti;kuntanumero;nimike\nuusi.yhteys@example.fi;146;Hyvinvointikoordinaattori\n",
        encoding="utf-8",
    )
    page.locator("input[type=file]").set_input_files(str(upload))
    page.locator("input[type=submit]").click()
    expect(page.locator("#row-2")).to_contain_text("Ilomantsi")
    assert Invitation.objects.get().email == "uusi.yhteys@example.fi"
