"""Search quality: Finnish and Swedish queries against the demo data, on every database.

Each query names the associations it must find; all of them must be among the
first max(5, how many are named) results. The README states the recall of the set.
"""

import pytest
from django.urls import reverse

from associations.demo import load_demo
from associations.models import Association
from kumppanuus.places.regions import NORTH_KARELIA_MUNICIPALITIES

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("associations:directory")
GENITIVES = [genitive for _code, _fi, _sv, genitive in NORTH_KARELIA_MUNICIPALITIES]
MULTICULTURAL = "Pohjois-Karjalan Monikulttuurinen Yhdistys ry"
VOLUNTEERS = "Pohjois-Karjalan Vapaaehtoisverkosto"
REGIONAL = [MULTICULTURAL, VOLUNTEERS]


def kind(suffix):
    """Every demo municipality's association of one kind: 'Liperin Liikuntaseura ry', …"""
    return [f"{genitive} {suffix}" for genitive in GENITIVES]


def of(genitive):
    """The six associations of one demo municipality."""
    return [
        f"{genitive} {suffix}"
        for suffix in (
            "Liikuntaseura ry",
            "Eläkeläiset ry",
            "Kylätoimintayhdistys ry",
            "Nuorisoseura ry",
            "Mielenterveysyhdistys ry",
            "Kulttuuriyhdistys ry",
        )
    ]


SPORTS = kind("Liikuntaseura ry")
PENSIONERS = kind("Eläkeläiset ry")
VILLAGES = kind("Kylätoimintayhdistys ry")
YOUTH = kind("Nuorisoseura ry")
MENTAL_HEALTH = kind("Mielenterveysyhdistys ry")
CULTURE = kind("Kulttuuriyhdistys ry")

QUERIES = [
    # Inflected forms
    ("liikuntaseuran", SPORTS),
    ("liikuntaseurat", SPORTS),
    ("liikuntaseuroja", SPORTS),
    ("eläkeläisille", PENSIONERS),
    ("eläkeläisten", PENSIONERS),
    ("nuorisoseuroja", YOUTH),
    ("kulttuuriyhdistyksen", CULTURE),
    ("mielenterveysyhdistykset", MENTAL_HEALTH),
    ("yhdistyksen", [MULTICULTURAL]),
    ("Joensuussa", of("Joensuun")),
    ("Liperin liikuntaseura", ["Liperin Liikuntaseura ry"]),
    ("Tohmajärven nuorisoseura", ["Tohmajärven Nuorisoseura ry"]),
    ("Kontiolahden kylätoimintayhdistys", ["Kontiolahden Kylätoimintayhdistys ry"]),
    ("Outokummun eläkeläiset", ["Outokummun Eläkeläiset ry"]),
    ("Pohjois-Karjala", REGIONAL),
    # Compounds: a word inside a name, or a compound of two words
    ("kyläyhdistykset", VILLAGES),
    ("seura Liperin", ["Liperin Liikuntaseura ry", "Liperin Nuorisoseura ry"]),
    ("terveys", MENTAL_HEALTH),
    ("verkosto", [VOLUNTEERS]),
    ("Kiteen kulttuuri", ["Kiteen Kulttuuriyhdistys ry"]),
    # Typos
    ("Kontiolahdn", of("Kontiolahden")),
    ("Rääkylän", of("Rääkkylän")),
    ("Ilomansin", of("Ilomantsin")),
    ("Outokumun liikuntaseura", ["Outokummun Liikuntaseura ry"]),
    ("Nurmeksn kuoro", []),
    ("Polvijärven nuorisoseuraa", ["Polvijärven Nuorisoseura ry"]),
    ("monikulttuurinnen", [MULTICULTURAL]),
    # Swedish names of places and associations
    ("Libelits", of("Liperin")),
    ("Kontiolax", of("Kontiolahden")),
    ("Kides", of("Kiteen")),
    ("Ilomants", of("Ilomantsin")),
    ("Norra Karelen", REGIONAL),
    ("mångkulturella föreningen", [MULTICULTURAL]),
    ("frivilliga", [VOLUNTEERS]),
    # Words from descriptions
    ("salibandy", SPORTS),
    ("hiihtoa", SPORTS),
    ("teatteri", YOUTH),
    ("konsertti", CULTURE),
    ("mielenterveyskuntoutujille", MENTAL_HEALTH),
    ("kielikahvila", [MULTICULTURAL]),
    ("kotoutuminen", [MULTICULTURAL]),
    ("vertaistukea Kiteen", ["Kiteen Eläkeläiset ry", "Kiteen Mielenterveysyhdistys ry"]),
    ("kylätalon talkoot", VILLAGES),
    ("paikallishistoria", CULTURE),
    # Business IDs, as people type them
    ("business-id", ["Liperin Liikuntaseura ry"]),
    ("business-id-digits", ["Joensuun Kulttuuriyhdistys ry"]),
    ("business-id-fi", [MULTICULTURAL]),
    ("business-id-fi-spaced", ["Kiteen Eläkeläiset ry"]),
]


@pytest.fixture
def demo():
    load_demo()


def _query(query, expected):
    if not query.startswith("business-id"):
        return query
    business_id = Association.objects.get(name=expected[0]).business_id
    digits = business_id.replace("-", "")
    return {
        "business-id": business_id,
        "business-id-digits": digits,
        "business-id-fi": f"FI{digits}",
        "business-id-fi-spaced": f"fi {digits}",
    }[query]


def test_the_set_has_at_least_40_queries_in_finnish_and_swedish():
    assert len(QUERIES) >= 40
    assert len({query for query, _expected in QUERIES}) == len(QUERIES)


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _e in QUERIES])
def test_query_finds_its_associations_first(client, demo, query, expected):
    response = client.get(DIRECTORY, {"q": _query(query, expected)})
    found = [association.name for association in response.context["page"].object_list]
    first = found[: max(5, len(expected))]
    missing = [name for name in expected if name not in first]
    assert not missing, f"{query!r} missed {missing}; found first {first}"
    if not expected:
        assert found == [], f"{query!r} should find nothing, found {found}"
