"""Demo guidelines for the pilot municipalities and more welfare priorities (kumppanuus.demo).

The pilots are at different stages: Juuka has only a draft, Liperi and
Outokumpu have published version 1, Kontiolahti and Kitee version 2 with
changes (Kitee also has unpublished changes in its draft). The welfare
priorities of the places demo (three per municipality) get a few more here,
weighted as the region's real welfare reports are (seed 000): health and
services most, then community and employment.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kumppanuus.places.models import ContactPerson, Municipality, WelfarePriority
from kumppanuus.places.regions import NORTH_KARELIA_MUNICIPALITIES

from . import services
from .models import Guideline, GuidelineVersion
from .sections import template_sections

GENITIVE = {code: genitive for code, _fi, _sv, genitive in NORTH_KARELIA_MUNICIPALITIES}

PREMISES = {
    "426": "<h3>Tilat yhdistysten käyttöön</h3><p>{gen} kunnan kokoustilat, koulujen "
    "liikuntasalit ja Viinijärven kylätalo ovat yhdistysten käytössä. Avoin ja maksuton "
    "toiminta kuntalaisille: tilat ilmaiseksi.</p><ul><li>Varaukset: kunnan "
    "asiakaspalvelu</li><li>Hinnasto julkaistaan vuosittain tammikuussa</li></ul>",
    "309": "<p>{gen} kaupunki antaa kulttuuritalon ja nuorisotilan iltakäyttöön "
    "yhdistyksille puoleen hintaan. Varaukset sähköisestä tilavarausjärjestelmästä.</p>",
    "276": "<p>Kotiseutukeskus ja koulujen tilat ovat yhdistysten käytössä. Hinnat ovat "
    "samat kaikille yhdistyksille ja ne tarkistetaan kahden vuoden välein.</p>",
    "176": "<p>Juuan kunnantalon kokoushuoneet ovat maksuttomia rekisteröidyille "
    "yhdistyksille.</p>",
    "260": "<p>Kiteen kaupungin tiloja voi varata yhdistysten käyttöön. Nuorten ja "
    "ikäihmisten toiminta saa tilat maksutta.</p>",
}

# (code, stage, empty sections)
STAGES = [
    ("426", 1, ["communication"]),
    ("309", 1, ["agreements", "communication"]),
    ("276", 2, []),
    ("176", 0, ["agreements", "premises", "communication"]),
    ("260", 2, ["agreements"]),
]

EXTRA_PRIORITIES = [
    ("Mielenterveyden ja päihdetyön matala kynnys", "working_age", "mental_health"),
    ("Terveelliset elintavat ja ravitsemus", "all", "health"),
    ("Kotona asumisen tukeminen", "older", "services"),
    ("Lasten ja nuorten terveys", "children", "health"),
    ("Nuorisotyöttömyyden ehkäisy", "youth", "employment"),
    ("Ikäihmisten toimintakyky ja liikunta", "older", "health"),
    ("Palveluohjaus ja hoitopolut", "all", "services"),
    ("Syrjäytymisen ehkäisy", "youth", "community"),
    ("Vanhemmuuden tukeminen", "children", "services"),
    ("Työ- ja toimintakyky", "working_age", "health"),
]


def _sections(code: str, empty: list[str]) -> dict:
    texts = template_sections("fi")
    texts["premises"] = PREMISES[code].format(gen=GENITIVE[code])
    texts["strategy"] = (
        f"<p>{GENITIVE[code]} kuntastrategian painopisteitä ovat kuntalaisten hyvinvointi, "
        "elinvoima ja viihtyisä elinympäristö. Järjestöt ovat kunnalle voimavara ja "
        "kumppani.</p>" + texts["strategy"].split("</p>", 1)[1]
    )
    for key in empty:
        texts[key] = ""
    return texts


def _changes(texts: dict) -> dict:
    """What a second version changes: grant periods harmonised and a new forum named."""
    changed = dict(texts)
    changed["grants"] = (
        "<p>Kaikkien hallintokuntien avustukset haetaan samaan aikaan: toiminta-avustukset "
        "helmikuussa ja kohdeavustukset syyskuussa, yhdestä paikasta portaalissa. "
        "Hyvinvointisuunnitelman painopisteitä tukevat hakemukset saavat lisäpisteitä.</p>"
    )
    changed["forums"] = texts["forums"] + (
        "<p>Uutena aloittaa järjestöraati, joka arvioi kunnan ohjelmia kerran vuodessa.</p>"
    )
    return changed


@transaction.atomic
def _guideline(code: str, stage: int, empty: list[str]) -> bool:
    municipality = Municipality.objects.get(code=code)
    if Guideline.objects.filter(municipality=municipality).exists():
        return False
    contact = ContactPerson.objects.filter(municipality=municipality).select_related("user")
    user = contact.first().user if contact.exists() else None
    guideline = services.guideline_for(municipality, create=True)
    texts = _sections(code, empty)
    services.draft_save(guideline=guideline, sections=texts, version=1, user=user)
    now = timezone.now()
    if stage >= 1:
        services.guideline_publish(
            guideline=guideline,
            note="Ensimmäinen julkaistu versio.",
            draft_version=guideline.draft_version,
            user=user,
        )
        GuidelineVersion.objects.filter(guideline=guideline, number=1).update(
            published_at=now - timedelta(days=420 if stage == 2 else 150)
        )
    if stage >= 2:
        services.draft_save(
            guideline=guideline,
            sections=_changes(texts),
            version=guideline.draft_version,
            user=user,
        )
        services.guideline_publish(
            guideline=guideline,
            note="Avustusten hakuajat yhtenäistetty; järjestöraati.",
            draft_version=guideline.draft_version,
            user=user,
        )
        GuidelineVersion.objects.filter(guideline=guideline, number=2).update(
            published_at=now - timedelta(days=40)
        )
    if code == "260":
        draft = dict(guideline.draft)
        draft["communication"] += "<p>Kaupungin uutiskirje yhdistyksille kerran kuussa.</p>"
        services.draft_save(
            guideline=guideline, sections=draft, version=guideline.draft_version, user=user
        )
    return True


def _priorities() -> int:
    created = 0
    year = timezone.localdate().year
    for index, (code, *_names) in enumerate(NORTH_KARELIA_MUNICIPALITIES):
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            continue
        for offset in range(1 + index % 3):
            title, age_group, theme = EXTRA_PRIORITIES[(index * 2 + offset) % len(EXTRA_PRIORITIES)]
            _p, was_created = WelfarePriority.objects.get_or_create(
                municipality=municipality,
                title=title,
                defaults={
                    "age_group": age_group,
                    "theme": theme,
                    "first_year": min(year, 2025),
                    "last_year": max(year, 2028),
                },
            )
            created += was_created
    return created


def load_demo() -> list[str]:
    made = sum(_guideline(code, stage, empty) for code, stage, empty in STAGES)
    added = _priorities()
    return [f"Cooperation guidelines ready ({made} new); {added} more welfare priorities."]
