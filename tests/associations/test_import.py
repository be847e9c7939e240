"""Importing associations from CSV and XLSX: the admin page and the management command."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from django.test import TestCase
from openpyxl import Workbook

from associations.models import Association, AssociationChange, Representation
from tests import factories

IMPORT_URL = "/yllapito/associations/association/import/"


def csv_file(text, name="yhdistykset.csv", bom=True):
    data = ("\ufeff" if bom else "") + text
    return SimpleUploadedFile(name, data.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="yhdistykset.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def zip_of_text():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("yhdistykset.txt", "name\nZip ry\n")
    return buffer.getvalue()


def wrong_check_digit(business_id):
    digits, check = business_id.split("-")
    return f"{digits}-{(int(check) + 1) % 10}"


@pytest.fixture
def staff_client(client_as, admin_user):
    return client_as(admin_user)


def post(client, upload, dry_run=False):
    """Upload a file and open the page of its import, which runs in the background."""
    data = {"file": upload}
    if dry_run:
        data["dry_run"] = "on"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(IMPORT_URL, data)
    if response.status_code != 302:
        return response
    return client.get(response.url)


def refusal_codes(response) -> list[str]:
    """Why a file was refused: by the upload check of the form, or by the importer."""
    form = response.context.get("form")
    if form is not None and form.errors:
        return [error.code for error in form.errors.as_data()["file"]]
    return [problem.code for problem in response.context["report"].errors]


def error_codes(report, row_number):
    row = next(row for row in report.rows if row.number == row_number)
    return {problem.code for problem in row.errors}


def test_it_creates_associations_and_records_the_importer(staff_client, admin_user, municipality):
    first, second = factories.next_business_id(), factories.next_business_id()
    upload = csv_file(
        "name;business_id;municipalities;fields;target_groups;email;member_count\n"
        f"Liperin Kuoro ry;{first};426;kulttuuri;nuoret, Ikäihmiset;kuoro@example.fi;1 200\n"
        f"Ylämyllyn Kyläyhdistys ry;{second};Liperi;Kylätoiminta;;;\n"
    )

    response = post(staff_client, upload)

    assert response.status_code == 200
    choir = Association.objects.get(business_id=first)
    assert choir.name == "Liperin Kuoro ry"
    assert list(choir.municipalities.all()) == [municipality]
    assert [f.slug for f in choir.fields.all()] == ["kulttuuri"]
    assert {t.slug for t in choir.target_groups.all()} == {"nuoret", "ikaihmiset"}
    assert choir.member_count == 1200
    assert Association.objects.get(business_id=second).fields.get().slug == "kylatoiminta"
    history = AssociationChange.objects.get(association=choir)
    assert history.action == AssociationChange.Action.IMPORTED
    assert history.user == admin_user
    assert not Representation.objects.exists()
    assert [row.status for row in response.context["report"].rows] == ["created", "created"]


def test_a_known_business_id_updates_the_association_instead_of_adding_one(
    staff_client, admin_user, association
):
    digits_only = association.business_id.replace("-", "")
    upload = csv_file(f"nimi;y-tunnus;jäsenmäärä\nLiperin Liikuntaseura ry;{digits_only};85\n")

    response = post(staff_client, upload)

    assert response.status_code == 200
    assert Association.objects.count() == 1
    association.refresh_from_db()
    assert association.member_count == 85
    # Columns that the file leaves out keep their values.
    assert [m.code for m in association.municipalities.all()] == ["426"]
    assert [f.slug for f in association.fields.all()] == ["liikunta"]
    change = AssociationChange.objects.get(association=association)
    assert change.action == AssociationChange.Action.IMPORTED
    assert change.user == admin_user
    assert change.changes == {"member_count": ["", "85"]}
    assert response.context["report"].rows[0].status == "updated"


def test_importing_the_same_file_again_changes_nothing(staff_client, association):
    upload = f"nimi;y-tunnus\nLiperin Liikuntaseura ry;{association.business_id}\n"

    response = post(staff_client, csv_file(upload))

    assert response.status_code == 200
    assert response.context["report"].rows[0].status == "unchanged"
    assert not AssociationChange.objects.exists()


def test_finnish_headers_comma_delimiter_and_no_byte_order_mark(staff_client, municipality):
    business_id = factories.next_business_id()
    upload = csv_file(
        "Nimi,Ruotsinkielinen nimi,Y-tunnus,Kunnat,Toimialat,Kohderyhmät,Rekisteröity,"
        "Postinumero,Postitoimipaikka,Perustamisvuosi,Aktiivinen,Verkkosivu\n"
        f'Liperin Teatteri ry,Libelits Teater rf,{business_id},"Liperi; 426",Kulttuuri,'
        "Nuoret,kyllä,83100,Liperi,1984,ei,https://teatteri.example.fi\n",
        bom=False,
    )

    response = post(staff_client, upload)

    assert response.status_code == 200
    theatre = Association.objects.get(business_id=business_id)
    assert theatre.name_sv == "Libelits Teater rf"
    assert list(theatre.municipalities.all()) == [municipality]
    assert theatre.fields.get().slug == "kulttuuri"
    assert theatre.target_groups.get().slug == "nuoret"
    assert theatre.is_registered is True
    assert theatre.is_active is False
    assert (theatre.postal_code, theatre.post_office, theatre.founded_year) == (
        "83100",
        "Liperi",
        1984,
    )


def test_an_xlsx_workbook_is_imported(staff_client, municipality):
    business_id = factories.next_business_id()
    upload = xlsx_file(
        [
            ["Nimi", "Y-tunnus", "Kunnat", "Jäsenmäärä", "Postinumero", "Rekisteröity"],
            ["Liperin Shakkikerho ry", business_id, 426, 40, 83100, True],
        ]
    )

    response = post(staff_client, upload)

    assert response.status_code == 200
    club = Association.objects.get(business_id=business_id)
    assert club.name == "Liperin Shakkikerho ry"
    assert club.member_count == 40
    assert club.postal_code == "83100"
    assert list(club.municipalities.all()) == [municipality]


def test_a_formula_without_a_saved_result_is_a_row_error(staff_client, municipality):
    # openpyxl writes formulas without their results, as some programs do.
    upload = xlsx_file(
        [
            ["Nimi", "Y-tunnus", "Kunnat", "Jäsenmäärä"],
            ["Laskettu ry", factories.next_business_id(), 426, "=10*4"],
            ["Tavallinen ry", factories.next_business_id(), 426, 12],
        ]
    )

    response = post(staff_client, upload)

    assert response.status_code == 400
    assert not Association.objects.exists()
    report = response.context["report"]
    assert [row.number for row in report.error_rows] == [2]
    assert error_codes(report, 2) == {"formula_without_value"}


def test_one_invalid_business_id_saves_nothing_and_names_the_row(
    staff_client, association, municipality
):
    upload = csv_file(
        "name;business_id;municipalities;member_count\n"
        f"Uusi Yhdistys ry;{factories.next_business_id()};426;10\n"
        f"Liperin Liikuntaseura ry;{association.business_id};426;999\n"
        f"Väärä Tunnus ry;{wrong_check_digit(factories.next_business_id())};426;5\n"
    )

    response = post(staff_client, upload)

    assert response.status_code == 400
    assert Association.objects.count() == 1
    association.refresh_from_db()
    assert association.member_count is None
    assert not AssociationChange.objects.exists()
    report = response.context["report"]
    assert [row.number for row in report.error_rows] == [4]
    assert error_codes(report, 4) == {"invalid_checksum"}
    assert 'id="row-4"' in response.content.decode()


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        ("Tunnukseton ry;;426", "business_id_required"),
        ("Kuntaton ry;{id};Atlantis", "unknown_municipalities"),
        ("Kuntaton ry;{id};", "required"),
        ("Toimialaton ry;{id};426;avaruuslento", "unknown_fields"),
        ("Kyllä vai ei ry;{id};426;;en tiedä", "invalid_yes_no"),
        ("Postiton ry;{id};426;;;12AB", "invalid_postal_code"),
        ("Vanha ry;{id};426;;;;1492", "min_value"),
    ],
)
def test_an_invalid_row_is_reported_with_its_problem(staff_client, municipality, cells, code):
    upload = csv_file(
        "name;business_id;municipalities;fields;registered;postal_code;founded_year\n"
        + cells.format(id=factories.next_business_id())
        + "\n"
    )

    response = post(staff_client, upload)

    assert response.status_code == 400
    assert error_codes(response.context["report"], 2) == {code}
    assert not Association.objects.exists()


def test_the_same_business_id_twice_in_a_file_is_an_error(staff_client, municipality):
    business_id = factories.next_business_id()
    upload = csv_file(
        "name;business_id;municipalities\n"
        f"Eka ry;{business_id};426\n"
        f"Toka ry;{business_id.replace('-', '')};426\n"
    )

    response = post(staff_client, upload)

    assert response.status_code == 400
    assert error_codes(response.context["report"], 3) == {"duplicate_in_file"}
    assert not Association.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("yhdistykset.xlsx", b"name;business_id\nTeksti ry;1234567-8\n", "content"),
        ("yhdistykset.xlsx", b"PK\x03\x04 but not really a zip archive", "content"),
        ("yhdistykset.xlsx", zip_of_text(), "content"),
        ("yhdistykset.csv", b"name\n\x00\x01\x02\xff\xfe binary", "content"),
        ("yhdistykset.csv", "nimi\nÄänekosken ry\n".encode("latin-1"), "not_utf8"),
        ("yhdistykset.pdf", b"name\nPdf ry\n", "unsupported_type"),
        ("yhdistykset.csv", b"\xef\xbb\xbf\n;;\n", "empty"),
        ("yhdistykset.csv", b"name;business_id\n", "no_rows"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(staff_client, name, content, code):
    response = post(staff_client, SimpleUploadedFile(name, content))

    assert response.status_code == 400
    assert refusal_codes(response) == [code]
    assert not Association.objects.exists()


def test_an_empty_upload_is_refused_by_the_form(staff_client):
    response = post(staff_client, SimpleUploadedFile("tyhja.csv", b""))

    assert response.status_code == 400
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == ["empty"]


def test_a_workbook_named_csv_is_refused(staff_client):
    upload = xlsx_file([["name"], ["Taulukko ry"]], name="yhdistykset.csv")

    response = post(staff_client, upload)

    assert response.status_code == 400
    assert refusal_codes(response) == ["content"]


def test_a_file_over_the_size_limit_is_refused(staff_client, settings, municipality):
    settings.IMPORT_MAX_BYTES = 200
    rows = "".join(f"Iso Yhdistys {n} ry;{factories.next_business_id()};426\n" for n in range(10))

    response = post(staff_client, csv_file("name;business_id;municipalities\n" + rows))

    assert response.status_code == 400
    assert refusal_codes(response) == ["too_large"]
    assert not Association.objects.exists()


def test_a_file_with_too_many_rows_is_refused(staff_client):
    upload = csv_file("name\n" + "Rivi ry\n" * 20_001)

    response = post(staff_client, upload)

    assert response.status_code == 400
    assert [p.code for p in response.context["report"].errors] == ["too_many_rows"]


def test_a_file_without_a_name_column_is_refused(staff_client, municipality):
    upload = csv_file(f"business_id;municipalities\n{factories.next_business_id()};426\n")

    response = post(staff_client, upload)

    assert response.status_code == 400
    assert [p.code for p in response.context["report"].errors] == ["missing_name_column"]
    assert not Association.objects.exists()


def test_html_in_the_file_is_shown_as_text(staff_client, municipality):
    script = "<script>alert('x')</script>"
    upload = csv_file(
        "name;business_id;municipalities;<b>extra</b>\n"
        f"{script};{wrong_check_digit(factories.next_business_id())};426;x\n"
    )

    response = post(staff_client, upload)

    page = response.content.decode()
    assert response.status_code == 400
    assert script not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<b>extra</b>" not in page


def test_a_dry_run_saves_nothing(staff_client, association, municipality):
    upload = csv_file(
        "name;business_id;municipalities;member_count\n"
        f"Uusi ry;{factories.next_business_id()};426;3\n"
        f"Liperin Liikuntaseura ry;{association.business_id};426;50\n"
    )

    response = post(staff_client, upload, dry_run=True)

    assert response.status_code == 200
    assert [row.status for row in response.context["report"].rows] == ["created", "updated"]
    assert Association.objects.count() == 1
    association.refresh_from_db()
    assert association.member_count is None
    assert not AssociationChange.objects.exists()


def test_the_page_shows_the_form_and_the_changelist_links_to_it(staff_client):
    assert staff_client.get(IMPORT_URL).status_code == 200
    changelist = staff_client.get("/yllapito/associations/association/")
    assert IMPORT_URL in changelist.content.decode()


def test_a_person_who_is_not_staff_is_sent_to_the_admin_login(client_as, outsider, municipality):
    client = client_as(outsider)
    upload = csv_file(f"name;business_id;municipalities\nX ry;{factories.next_business_id()};426\n")

    response = client.post(IMPORT_URL, {"file": upload})

    assert response.status_code == 302
    assert response["Location"].startswith("/yllapito/login/")
    assert not Association.objects.exists()


def test_staff_without_the_add_permission_is_refused(client_as, municipality):
    client = client_as(factories.make_user(is_staff=True))
    upload = csv_file(f"name;business_id;municipalities\nX ry;{factories.next_business_id()};426\n")

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"file": upload}).status_code == 403
    assert not Association.objects.exists()


def test_a_post_without_a_file_shows_the_form_again(staff_client):
    response = staff_client.post(IMPORT_URL, {"dry_run": "on"})

    assert response.status_code == 400
    assert response.context["form"].errors["file"]


def test_the_command_imports_a_file_and_names_the_user(tmp_path, admin_user, municipality):
    business_id = factories.next_business_id()
    path = tmp_path / "yhdistykset.csv"
    path.write_text(f"nimi;y-tunnus;kunnat\nKomentorivi ry;{business_id};426\n", "utf-8")
    out = io.StringIO()

    call_command("import_associations", str(path), user=admin_user.email, stdout=out)

    association = Association.objects.get(business_id=business_id)
    assert AssociationChange.objects.get(association=association).user == admin_user
    assert "Komentorivi ry" in out.getvalue()


def test_the_command_fails_and_saves_nothing_when_a_row_is_invalid(tmp_path, municipality):
    path = tmp_path / "yhdistykset.csv"
    path.write_text(
        "nimi;y-tunnus;kunnat\n"
        f"Hyvä ry;{factories.next_business_id()};426\n"
        f"Huono ry;{wrong_check_digit(factories.next_business_id())};426\n",
        "utf-8",
    )
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_associations", str(path), stdout=out)

    assert not Association.objects.exists()
    assert "Huono ry" in out.getvalue()


def test_the_command_dry_run_saves_nothing(tmp_path, municipality):
    path = tmp_path / "yhdistykset.csv"
    path.write_text(f"nimi;y-tunnus;kunnat\nKokeilu ry;{factories.next_business_id()};426\n")

    call_command("import_associations", str(path), dry_run=True, stdout=io.StringIO())

    assert not Association.objects.exists()


def test_the_command_refuses_an_unknown_user(tmp_path, db):
    path = tmp_path / "yhdistykset.csv"
    path.write_text("nimi\nX ry\n")

    with pytest.raises(CommandError):
        call_command("import_associations", str(path), user="nobody@example.fi")


def test_an_admin_edit_keeps_the_business_id_normalised_and_writes_history(
    staff_client, admin_user, association, municipality
):
    digits = association.business_id.replace("-", "")
    response = staff_client.post(
        f"/yllapito/associations/association/{association.pk}/change/",
        {
            "name": "Liperin Liikuntaseura ry",
            "is_active": "on",
            "is_registered": "on",
            "business_id": digits,
            "municipalities": [municipality.pk],
            "member_count": "77",
            "representations-TOTAL_FORMS": "0",
            "representations-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    association.refresh_from_db()
    assert association.business_id == f"{digits[:7]}-{digits[7]}"
    assert association.member_count == 77
    change = AssociationChange.objects.get(association=association)
    assert change.user == admin_user
    assert change.changes["member_count"] == ["", "77"]


def test_a_failure_while_saving_rolls_back_the_rows_already_saved(
    staff_client, municipality, monkeypatch
):
    from associations.importing import rows

    calls = []

    def fail_after_the_associations_are_written(plans):
        calls.append(Association.objects.count())
        raise IntegrityError("business ID taken meanwhile")

    monkeypatch.setattr(rows, "_replace_lists", fail_after_the_associations_are_written)
    upload = csv_file(
        "name;business_id;municipalities\n"
        f"Eka ry;{factories.next_business_id()};426\n"
        f"Toka ry;{factories.next_business_id()};426\n"
    )

    response = post(staff_client, upload)

    assert response.status_code == 400
    assert calls == [2], "both rows were written before the failure"
    assert [p.code for p in response.context["report"].errors] == ["save_failed"]
    assert not Association.objects.exists()
    assert not AssociationChange.objects.exists()


def test_the_import_runs_in_the_background_and_its_page_shows_progress_then_the_report(
    staff_client, admin_user, municipality
):
    from django.core.files.storage import default_storage

    from associations.models import ImportJob

    upload = csv_file(
        f"name;business_id;municipalities\nTaustalla ry;{factories.next_business_id()};426\n"
    )
    # Before the transaction commits, nothing has run: the page shows the progress.
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        response = staff_client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.status, job.user, job.original_name) == ("queued", admin_user, "yhdistykset.csv")
    stored = job.file.name
    assert default_storage.exists(stored) and stored.startswith("imports/")
    waiting = staff_client.get(response.url).content.decode()
    assert '<meta http-equiv="refresh"' in waiting
    assert "<progress" in waiting
    assert not Association.objects.exists()

    for callback in callbacks:
        callback()

    job.refresh_from_db()
    assert job.status == "finished" and job.done_rows == job.total_rows == 1
    assert not default_storage.exists(stored), "the file is not kept after the import"
    done = staff_client.get(response.url)
    assert done.status_code == 200
    assert '<meta http-equiv="refresh"' not in done.content.decode()
    assert Association.objects.get().name == "Taustalla ry"
    assert "Taustalla ry" in done.content.decode()


def test_an_import_page_is_only_for_the_person_who_started_it(client_as, admin_user, municipality):
    from django.contrib.auth.models import Permission

    from associations.models import ImportJob

    job = ImportJob.objects.create(user=admin_user, original_name="a.csv")
    colleague = factories.make_user("kollega@example.fi", is_staff=True)
    colleague.user_permissions.add(Permission.objects.get(codename="add_association"))

    response = client_as(colleague).get(f"{IMPORT_URL}{job.pk}/")

    assert response.status_code == 404


def test_imported_associations_are_found_by_the_search(staff_client, municipality, client):
    upload = csv_file(
        "name;business_id;municipalities;description\n"
        f"Kuorolaulajat ry;{factories.next_business_id()};426;Laulamme kirkossa\n"
    )

    post(staff_client, upload)

    found = client.get("/yhdistykset/", {"q": "kuorolaulajien"}).content.decode()
    assert "Kuorolaulajat ry" in found
