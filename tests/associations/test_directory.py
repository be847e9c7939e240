import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories

DIRECTORY = reverse("associations:directory")


def test_a_search_without_hits_says_so(client, directory_data):
    response = client.get(DIRECTORY, {"q": "xyzzyabrakadabra"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Löytyi 0 yhdistystä." in page
    assert "Haulla ei löytynyt yhdistyksiä." in page


def names(response):
    return [a.name for a in response.context["page"].object_list]


@pytest.fixture
def directory_data(municipality, other_municipality):
    liikunta, kulttuuri = factories.field("liikunta"), factories.field("kulttuuri")
    nuoret, ikaihmiset = factories.target_group("nuoret"), factories.target_group("ikaihmiset")
    return {
        "seura": factories.make_association(
            name="Liperin Liikuntaseura ry",
            municipalities=[municipality],
            fields=[liikunta],
            target_groups=[nuoret],
            description="Salibandya ja hiihtoa nuorille.",
        ),
        "yhdistys": factories.make_association(
            name="Joensuun Kulttuuriyhdistys ry",
            municipalities=[other_municipality],
            fields=[kulttuuri],
            target_groups=[ikaihmiset],
            description="Konsertteja ja näyttelyitä.",
        ),
        "kyla": factories.make_association(
            name="Ylämyllyn Kylätoimikunta",
            municipalities=[municipality],
            description="Kylätalon talkoot.",
            business_id=None,
            is_registered=False,
        ),
        "passive": factories.make_association(
            name="Lakannut Liikuntaseura ry",
            municipalities=[municipality],
            is_active=False,
        ),
    }


def test_directory_lists_active_associations_by_name(client, directory_data):
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert names(response) == [
        "Joensuun Kulttuuriyhdistys ry",
        "Liperin Liikuntaseura ry",
        "Ylämyllyn Kylätoimikunta",
    ]


def test_search_by_part_of_name(client, directory_data):
    assert names(client.get(DIRECTORY, {"q": "liikuntaseura"})) == ["Liperin Liikuntaseura ry"]


def test_filters_by_municipality_field_and_target_group(client, directory_data, municipality):
    assert names(client.get(DIRECTORY, {"municipality": municipality.code})) == [
        "Liperin Liikuntaseura ry",
        "Ylämyllyn Kylätoimikunta",
    ]
    assert names(client.get(DIRECTORY, {"field": "kulttuuri"})) == ["Joensuun Kulttuuriyhdistys ry"]
    assert names(client.get(DIRECTORY, {"target": "nuoret"})) == ["Liperin Liikuntaseura ry"]
    both = client.get(DIRECTORY, {"municipality": municipality.code, "field": "kulttuuri"})
    assert names(both) == []


def test_sorting(client, directory_data):
    assert names(client.get(DIRECTORY, {"sort": "-name"}))[0] == "Ylämyllyn Kylätoimikunta"
    newest = factories.make_association(name="Aaltojen Uusi Seura ry")
    assert names(client.get(DIRECTORY, {"sort": "newest"}))[0] == newest.name


def test_unknown_filter_value_is_a_400_with_a_message(client, directory_data):
    response = client.get(DIRECTORY, {"municipality": "999"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


def test_pagination(client, municipality):
    for number in range(25):
        factories.make_association(name=f"Seura {number:02d}", municipalities=[municipality])
    first = client.get(DIRECTORY)
    second = client.get(DIRECTORY, {"page": 2})
    assert len(names(first)) == 20
    assert names(second) == [f"Seura {n:02d}" for n in range(20, 25)]


def test_hostile_query_is_harmless(client, directory_data):
    response = client.get(DIRECTORY, {"q": "<script>alert(1)</script> ' & | ! :* ()"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_association_page_shows_public_contact_details(client, directory_data):
    seura = directory_data["seura"]
    seura.email = "info@seura.example.fi"
    seura.save()
    response = client.get(seura.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "info@seura.example.fi" in content
    assert seura.business_id in content


def test_inactive_association_page_is_404_for_the_public(client, directory_data):
    assert client.get(directory_data["passive"].get_absolute_url()).status_code == 404


def test_short_association_url_redirects_to_canonical(client, directory_data):
    seura = directory_data["seura"]
    response = client.get(reverse("associations:detail_short", args=[seura.pk]))
    assert response.status_code == 301
    assert response.url == seura.get_absolute_url()


def test_municipality_page_lists_associations_and_public_contact_persons(
    client, directory_data, municipality, contact_person
):
    hidden = factories.make_contact_person(
        municipality, factories.make_user("piilo@example.fi"), is_public=False
    )
    response = client.get(municipality.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert names(response) == ["Liperin Liikuntaseura ry", "Ylämyllyn Kylätoimikunta"]
    assert contact_person.get_full_name() in content
    assert hidden.get_full_name() not in content


def test_municipality_list_groups_by_county(client, municipality):
    response = client.get(reverse("associations:municipalities"))
    assert "Liperi" in response.content.decode()


def test_swedish_names_for_swedish_readers(client, municipality):
    client.cookies["django_language"] = "sv"
    response = client.get(reverse("associations:municipalities"))
    assert 'lang="sv"' in response.content.decode()
    assert "Libelits" in response.content.decode()


# Exports


def test_official_exports_the_filtered_directory_as_csv(
    client, directory_data, official, municipality
):
    client.force_login(official)
    response = client.get(
        reverse("associations:export", args=["csv"]), {"municipality": municipality.code}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Nimi"
    assert [row[0] for row in rows[1:]] == ["Liperin Liikuntaseura ry", "Ylämyllyn Kylätoimikunta"]


def test_official_exports_xlsx(client, directory_data, official):
    client.force_login(official)
    response = client.get(reverse("associations:export", args=["xlsx"]), {"q": "kulttuuri"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Joensuun Kulttuuriyhdistys ry"


def test_export_neutralises_spreadsheet_formulas(client, official, municipality):
    factories.make_association(name='=HYPERLINK("http://evil")', municipalities=[municipality])
    client.force_login(official)
    response = client.get(reverse("associations:export", args=["csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_xlsx_export_types_cells_as_text_without_an_apostrophe(client, official, municipality):
    factories.make_association(
        name='=HYPERLINK("http://evil")', phone="+358 40 123 4567", municipalities=[municipality]
    )
    client.force_login(official)

    response = client.get(reverse("associations:export", args=["xlsx"]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    name, phone = sheet["A2"], sheet["I2"]
    assert (name.value, name.data_type) == ('=HYPERLINK("http://evil")', "s")
    assert (phone.value, phone.data_type) == ("+358 40 123 4567", "s")


def test_unknown_export_format_is_404(client, official):
    client.force_login(official)
    assert client.get(reverse("associations:export", args=["pdf"])).status_code == 404


# Query budgets: list pages run the same number of queries at 5 and 50 rows.


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return len(context.captured_queries)


def _grow(municipality, count):
    fields = [factories.field("liikunta"), factories.field("kulttuuri")]
    for number in range(count):
        factories.make_association(
            name=f"Kasvava Seura {number:03d}",
            municipalities=[municipality],
            fields=fields,
            target_groups=[factories.target_group("nuoret")],
        )


@pytest.mark.parametrize(
    ("url_name", "params"),
    [("directory", {}), ("directory", {"q": "seura", "field": "liikunta"}), ("municipality", {})],
)
def test_list_pages_keep_a_constant_number_of_queries(client, municipality, url_name, params):
    url = (
        municipality.get_absolute_url()
        if url_name == "municipality"
        else reverse("associations:directory")
    )
    _grow(municipality, 5)
    # The first request fills the cached municipality options; count the ones after it.
    _queries(client, url, params)
    small = _queries(client, url, params)
    _grow(municipality, 45)
    large = _queries(client, url, params)
    assert small == large


def test_export_queries_do_not_grow_with_rows(client, official, municipality):
    client.force_login(official)
    url = reverse("associations:export", args=["xlsx"])
    _grow(municipality, 5)
    # The first request of a session records its activity (kumppanuus.middleware).
    _queries(client, url)
    small = _queries(client, url)
    _grow(municipality, 45)
    assert _queries(client, url) == small


# Finnish search, the same on every database


@pytest.fixture
def finnish_names(municipality):
    for name, description in [
        ("Liperin Urheiluyhdistys ry", "Urheiluyhdistys järjestää kilpailuja."),
        ("Outokummun Liikuntaseura ry", "Liikuntaseura kaikenikäisille."),
        ("Kontiolahden Kylätoimikunta", "Avustus kylätalon korjaukseen."),
        ("Nurmeksen Kuoro", "Laulua."),
    ]:
        factories.make_association(
            name=name, description=description, municipalities=[municipality]
        )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("yhdistyksen", "Liperin Urheiluyhdistys ry"),
        ("liikunta", "Outokummun Liikuntaseura ry"),
        ("avustuksia", "Kontiolahden Kylätoimikunta"),
        ("Kontiolahdn", "Kontiolahden Kylätoimikunta"),
        ("Outokumun liikuntaseura", "Outokummun Liikuntaseura ry"),
    ],
)
def test_finnish_search(client, finnish_names, query, expected):
    found = names(client.get(DIRECTORY, {"q": query}))
    assert found and found[0] == expected, found


def test_finnish_search_does_not_match_unrelated(client, finnish_names):
    assert "Nurmeksen Kuoro" not in names(client.get(DIRECTORY, {"q": "liikunta"}))


def test_a_very_broad_result_is_counted_only_up_to_the_limit(client, municipality, monkeypatch):
    from associations.views import BoundedPaginator

    monkeypatch.setattr(BoundedPaginator, "LIMIT", 3)
    _grow(municipality, 5)
    response = client.get(DIRECTORY)
    assert response.context["page"].paginator.is_bounded
    assert "Yli 3 yhdistystä" in response.content.decode()
    assert len(names(response)) == 3


def test_paging_stops_at_the_limit(client, municipality, monkeypatch):
    from associations import views

    monkeypatch.setattr(views.BoundedPaginator, "LIMIT", 3)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    _grow(municipality, 5)
    first, second = client.get(DIRECTORY), client.get(DIRECTORY, {"page": 2})
    assert len(names(first)) == 2 and len(names(second)) == 1
    assert second.context["page"].paginator.num_pages == 2
    # A page past the limit shows the last page, not the rows beyond it.
    assert names(client.get(DIRECTORY, {"page": 9})) == names(second)


def test_a_broad_search_ranks_only_its_first_candidates_and_says_so(
    client, municipality, monkeypatch
):
    from associations import selectors

    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    for number in range(5):
        factories.make_association(name=f"Kuoro {number}", description="Laulamme seurassa.")
    response = client.get(DIRECTORY, {"q": "seura"})
    assert "Yli 3 yhdistystä" in response.content.decode()
    assert len(names(response)) == 3


def test_name_matches_are_looked_for_past_the_first_candidates(client, municipality, monkeypatch):
    from associations import selectors

    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    for number in range(4):
        factories.make_association(
            name=f"Kuoro {number}", description="Laulamme ja liikumme yhdessä."
        )
    factories.make_association(name="Liikuntaseura Myöhäinen ry")
    found = names(client.get(DIRECTORY, {"q": "liikunta"}))
    assert found[0] == "Liikuntaseura Myöhäinen ry", found


def _link(response, label):
    """The href of the pagination link with this label ("Seuraava", "Edellinen"), or None."""
    import html
    import re

    found = re.search(
        rf'<a class="page-link" href="([^"]+)">{label}</a>', response.content.decode()
    )
    return html.unescape(found.group(1)) if found else None


@pytest.mark.parametrize("sort", ["", "-name", "newest"])
def test_next_and_previous_links_walk_the_whole_list_in_order(
    client, municipality, monkeypatch, sort
):
    from associations import views

    # A list longer than the limit is read from the index page by page.
    monkeypatch.setattr(views.BoundedPaginator, "LIMIT", 6)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    _grow(municipality, 7)
    params = {"field": "liikunta", "sort": sort} if sort else {"field": "liikunta"}
    by_page = [names(client.get(DIRECTORY, params | {"page": n})) for n in (1, 2, 3)]
    response = client.get(DIRECTORY, params)
    walked = [names(response)]
    while link := _link(response, "Seuraava"):
        assert "after=" in link
        response = client.get(DIRECTORY + link)
        walked.append(names(response))
    assert walked == by_page
    assert len(set(sum(walked, []))) == 6
    back = []
    while link := _link(response, "Edellinen"):
        assert "before=" in link
        response = client.get(DIRECTORY + link)
        back.append(names(response))
    assert back == by_page[-2::-1]


def test_a_page_with_a_broken_or_unknown_cursor_is_read_by_its_number(
    client, municipality, monkeypatch
):
    from associations import views

    monkeypatch.setattr(views.BoundedPaginator, "LIMIT", 4)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    _grow(municipality, 5)
    second = names(client.get(DIRECTORY, {"page": 2}))
    for cursor in ("abc", "-1", "99999999", "1" * 40):
        response = client.get(DIRECTORY, {"page": 2, "after": cursor})
        assert response.status_code == 200
        assert names(response) == second


def test_a_deep_page_by_its_links_runs_as_many_queries_as_the_first(
    client, municipality, monkeypatch
):
    from associations import views

    monkeypatch.setattr(views.BoundedPaginator, "LIMIT", 8)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    _grow(municipality, 9)
    _queries(client, DIRECTORY, {"field": "liikunta"})
    first = _queries(client, DIRECTORY, {"field": "liikunta"})
    third = client.get(DIRECTORY, {"field": "liikunta", "page": 3})
    cursor = third.context["page"].after
    deep = {"field": "liikunta", "page": 4, "after": cursor}
    assert _queries(client, DIRECTORY, deep) == first
    assert len(names(client.get(DIRECTORY, deep))) == 2


def test_a_card_names_its_places_and_fields_in_the_readers_language_and_order(
    client, municipality, other_municipality
):
    factories.make_association(
        name="Kortti Seura",
        municipalities=[other_municipality, municipality],
        fields=[factories.field("kulttuuri"), factories.field("liikunta")],
    )
    fields = sorted(
        [factories.field("kulttuuri"), factories.field("liikunta")],
        key=lambda f: (f.order, f.name_fi),
    )
    places = sorted([municipality, other_municipality], key=lambda m: m.name_fi)
    finnish = client.get(DIRECTORY).content.decode()
    expected = ", ".join(m.name_fi for m in places) + " · " + ", ".join(f.name_fi for f in fields)
    assert expected in finnish
    swedish = client.get(DIRECTORY, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    expected_sv = ", ".join(m.name_sv or m.name_fi for m in places)
    assert expected_sv + " · " + ", ".join(f.name_sv for f in fields) in swedish


def test_a_list_under_the_limit_pages_by_number_in_its_order(client, municipality, monkeypatch):
    from associations import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    _grow(municipality, 5)
    pages = [client.get(municipality.get_absolute_url(), {"page": n}) for n in (1, 2, 3)]
    assert [names(page) for page in pages] == [
        ["Kasvava Seura 000", "Kasvava Seura 001"],
        ["Kasvava Seura 002", "Kasvava Seura 003"],
        ["Kasvava Seura 004"],
    ]
    assert _link(pages[1], "Seuraava").endswith("page=3")
    assert _link(pages[1], "Edellinen").endswith("page=1")


def test_the_association_page_names_and_links_its_places_fields_and_target_groups(
    client, municipality, other_municipality
):
    association = factories.make_association(
        name="Sivu Seura",
        municipalities=[other_municipality, municipality],
        fields=[factories.field("kulttuuri"), factories.field("liikunta")],
        target_groups=[factories.target_group("nuoret")],
    )
    places = sorted([municipality, other_municipality], key=lambda m: m.name_fi)
    page = client.get(association.get_absolute_url()).content.decode()
    links = ", ".join(f'<a href="{m.get_absolute_url()}">{m.name_fi}</a>' for m in places)
    assert links in page
    fields = sorted(
        [factories.field("kulttuuri"), factories.field("liikunta")],
        key=lambda f: (f.order, f.name_fi),
    )
    assert ", ".join(f.name_fi for f in fields) in page
    assert factories.target_group("nuoret").name_fi in page
    swedish = client.get(association.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert ", ".join(f.name_sv for f in fields) in swedish
    assert "Libelits" in swedish
    bare = factories.make_association(name="Tyhjä Seura")
    assert "<dd>–</dd>" in client.get(bare.get_absolute_url()).content.decode()
