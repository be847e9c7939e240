"""Made-up welfare priorities for the demo's North Karelia (kumppanuus.demo)."""

from .models import Municipality, WelfarePriority
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
