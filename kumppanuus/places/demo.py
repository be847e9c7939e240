"""Made-up welfare priorities for the demo's North Karelia (kumppanuus.demo)."""

from .models import Municipality, Premises, WelfarePriority
from .regions import NORTH_KARELIA_MUNICIPALITIES

# (title, age group, theme, description); each municipality gets a few, varied.
PRIORITIES = [
    (
        "Lasten ja nuorten harrastusmahdollisuudet",
        "children",
        "exercise",
        "Jokaiselle lapselle ja nuorelle mieluisa ja maksuton harrastus koulupäivän yhteyteen.",
    ),
    (
        "Nuorten mielen hyvinvointi",
        "youth",
        "mental_health",
        "Matalan kynnyksen tukea ja vertaisryhmiä yhdessä järjestöjen kanssa.",
    ),
    (
        "Työikäisten työllisyys ja osaaminen",
        "working_age",
        "employment",
        "Työkokeilupaikkoja ja kuntouttavaa työtoimintaa yhdistyksissä.",
    ),
    (
        "Ikäihmisten yksinäisyyden vähentäminen",
        "older",
        "loneliness",
        "Kohtaamispaikkoja, ystävätoimintaa ja kyläavustajia.",
    ),
    (
        "Yhteisöllisyys ja osallisuus kylissä",
        "all",
        "community",
        "Kylätalot ja tapahtumat kaikkien kuntalaisten kohtaamispaikkoina.",
    ),
    (
        "Liikunnallinen elämäntapa",
        "all",
        "exercise",
        "Lähiliikuntapaikat ja ohjattu liikunta kaikenikäisille.",
    ),
    (
        "Lapsiperheiden arjen tuki",
        "children",
        "services",
        "Perhekahvilat, vertaistuki ja vapaaehtoiset perhekummit.",
    ),
    (
        "Turvallinen ja viihtyisä elinympäristö",
        "all",
        "safety",
        "Turvallisemmat kulkureitit ja yhteiset talkoot.",
    ),
]


def load_demo() -> list[str]:
    created = 0
    for index, (code, *_names) in enumerate(NORTH_KARELIA_MUNICIPALITIES):
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            continue
        for offset in range(3):
            title, age_group, theme, description = PRIORITIES[
                (index + offset * 3) % len(PRIORITIES)
            ]
            _, was_created = WelfarePriority.objects.get_or_create(
                municipality=municipality,
                title=title,
                defaults={
                    "age_group": age_group,
                    "theme": theme,
                    "description": description,
                    "first_year": 2025,
                    "last_year": 2028,
                },
            )
            created += was_created
    return [f"Welfare priorities ready ({created} new)."]


# (municipality code, name, address, capacity, step-free, loop, toilet, price or "" for free,
#  how to book)
PREMISES = [
    (
        "426",
        "Liperin kunnantalon valtuustosali",
        "Keskustie 10, 83100 Liperi",
        80,
        True,
        True,
        True,
        "",
        "Varaa kunnan tilavarausjärjestelmästä viimeistään viikkoa ennen.",
    ),
    (
        "426",
        "Ylämyllyn koulun liikuntasali",
        "Koulutie 5, 83500 Ylämylly",
        120,
        True,
        False,
        True,
        "20 € tunti, yhdistyksille iltaisin maksuton",
        "Vapaa-aikatoimisto, puh. 013 123 4500. Kausivuorot haetaan keväällä.",
    ),
    (
        "167",
        "Joensuun järjestötalo Kerhohuone 2",
        "Rantakatu 20, 80100 Joensuu",
        25,
        True,
        True,
        True,
        "",
        "Varaa järjestötalon verkkokalenterista.",
    ),
    (
        "167",
        "Pääkirjaston auditorio",
        "Koskikatu 25, 80100 Joensuu",
        150,
        True,
        True,
        True,
        "60 € puoli päivää",
        "Kirjaston asiakaspalvelu tai verkkovaraus.",
    ),
    (
        "309",
        "Outokummun nuorisotila Kipinä",
        "Kummunkatu 12, 83500 Outokumpu",
        40,
        False,
        False,
        False,
        "",
        "Nuoriso-ohjaaja, arkisin klo 12–16.",
    ),
    (
        "276",
        "Kontiolahden kirjaston kokoushuone",
        "Keskuskatu 8, 81100 Kontiolahti",
        12,
        True,
        True,
        True,
        "",
        "Kirjaston palvelupiste tai puhelimitse.",
    ),
    (
        "260",
        "Kiteen kaupungintalon kokoustila",
        "Kitee-talo, Rantakatu 5, 82500 Kitee",
        30,
        True,
        False,
        True,
        "15 € tunti",
        "Kaupungin asiakaspalvelu, vähintään kaksi päivää ennen.",
    ),
    (
        "176",
        "Juuan monitoimitalo",
        "Poikolantie 1, 83900 Juuka",
        200,
        True,
        True,
        True,
        "100 € päivä, yhdistyksille 50 €",
        "Vapaa-aikatoimisto.",
    ),
]


def load_premises() -> list[str]:
    created = 0
    for code, name, address, capacity, step, loop, toilet, price, booking in PREMISES:
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            continue
        _, was_created = Premises.objects.get_or_create(
            municipality=municipality,
            name=name,
            defaults={
                "address": address,
                "capacity": capacity,
                "step_free": step,
                "induction_loop": loop,
                "accessible_toilet": toilet,
                "is_free": not price,
                "price": price,
                "booking": booking,
            },
        )
        created += was_created
    return [f"Premises ready ({created} new)."]
