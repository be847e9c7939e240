"""The North Karelia demo: made-up associations, contact persons and one login per role.

The municipalities and the county are the real ones that `migrate` loads from the
official classification; the demo only adds made-up associations and people.
Loading is idempotent: what exists is left as it is, so a second run changes nothing.
"""

import random

from django.contrib.auth.models import Group
from django.db import transaction

from kumppanuus.accounts.models import User
from kumppanuus.demo import DemoError  # noqa: F401 (raised here, caught by load_demo)
from kumppanuus.places.models import ContactPerson, Municipality
from kumppanuus.places.permissions import OFFICIALS_GROUP
from kumppanuus.places.regions import NORTH_KARELIA_MUNICIPALITIES, PILOT_MUNICIPALITIES

from .lists import ensure as ensure_lists
from .models import Association, FieldOfActivity, Representation, TargetGroup

DEMO_PASSWORD = "kumppanuus-demo"

DEMO_USERS = [
    # email, first name, last name, role description, staff, officials group
    ("admin@demo.kumppanuus.fi", "Aino", "Ylläpitäjä", "administrator", True, False),
    ("edustaja@demo.kumppanuus.fi", "Eero", "Edustaja", "association representative", False, False),
    (
        "yhteyshenkilo@demo.kumppanuus.fi",
        "Kaisa",
        "Kuntala",
        "municipal contact person (Liperi)",
        False,
        False,
    ),
    (
        "koordinaattori@demo.kumppanuus.fi",
        "Kalle",
        "Koordinaattori",
        "forum coordinator",
        False,
        True,
    ),
    ("avustus@demo.kumppanuus.fi", "Anna", "Avustusvalmistelija", "grant officer", False, True),
]

# The demo login of each role, by role: tests and docs pick people by what they do.
DEMO_LOGINS = {
    "admin": "admin@demo.kumppanuus.fi",
    "representative": "edustaja@demo.kumppanuus.fi",
    "contact_person": "yhteyshenkilo@demo.kumppanuus.fi",
    "coordinator": "koordinaattori@demo.kumppanuus.fi",
    "grant_officer": "avustus@demo.kumppanuus.fi",
}

# (name after the municipality's genitive, field slug, target group slugs, description)
KINDS = [
    (
        "Liikuntaseura ry",
        "liikunta",
        ["nuoret", "kaikki"],
        "Liikuntaa kaikenikäisille: salibandya, hiihtoa ja lasten liikuntakerhoja.",
    ),
    (
        "Eläkeläiset ry",
        "elakelaiset",
        ["ikaihmiset"],
        "Eläkeläisten kerhot, retket ja vertaistuki. Yhdistys tekee yhteistyötä kunnan kanssa.",
    ),
    (
        "Kylätoimintayhdistys ry",
        "kylatoiminta",
        ["kaikki"],
        "Kylätalon ylläpito, talkoot ja kyläjuhlat. Yhdistys kehittää kylän palveluja.",
    ),
    (
        "Nuorisoseura ry",
        "nuoriso",
        ["nuoret", "lapset"],
        "Nuorten harrastustoimintaa: teatteria, tanssia ja leirejä.",
    ),
    (
        "Mielenterveysyhdistys ry",
        "mielenterveys",
        ["tyoikaiset"],
        "Vertaistukiryhmiä ja kohtaamispaikka mielenterveyskuntoutujille ja omaisille.",
    ),
    (
        "Kulttuuriyhdistys ry",
        "kulttuuri",
        ["kaikki"],
        "Konsertteja, näyttelyitä ja paikallishistorian tallentamista.",
    ),
]

# The regional ones have a Swedish name too: (Finnish name, Swedish name, …).
REGIONAL = [
    (
        "Pohjois-Karjalan Monikulttuurinen Yhdistys ry",
        "Norra Karelens mångkulturella förening rf",
        "monikulttuurisuus",
        ["kaikki"],
        "Kotoutumista tukevaa toimintaa ja kielikahviloita koko maakunnassa.",
    ),
    (
        "Pohjois-Karjalan Vapaaehtoisverkosto",
        "Norra Karelens frivilligas nätverk",
        "vapaaehtoistoiminta",
        ["kaikki"],
        "Rekisteröimätön vapaaehtoisten verkosto, joka välittää apua sitä tarvitseville.",
    ),
]

CONTACT_NAMES = [
    ("Liisa", "Laaksonen"),
    ("Olli", "Oksanen"),
    ("Kirsi", "Korhonen"),
    ("Juha", "Juntunen"),
    ("Katja", "Kettunen"),
]


def business_id_check_digit(seven_digits: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(seven_digits, (7, 9, 10, 5, 8, 4, 2), strict=True))
    remainder = total % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def business_ids(start: int):
    """Valid Y-tunnus values counting up from start (remainder 1 has no check digit)."""
    number = start
    while True:
        digits = f"{number:07d}"
        check = business_id_check_digit(digits)
        if check is not None:
            yield f"{digits}-{check}"
        number += 1


def _user(email, first, last, *, staff=False, officials=False):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"first_name": first, "last_name": last, "is_staff": staff, "is_superuser": staff},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    if officials:
        user.groups.add(Group.objects.get_or_create(name=OFFICIALS_GROUP)[0])
    return user


@transaction.atomic
def load_demo() -> dict:
    rng = random.Random(2026)
    codes = [code for code, _fi, _sv, _genitive in NORTH_KARELIA_MUNICIPALITIES]
    municipalities = Municipality.objects.in_bulk(codes, field_name="code")
    missing = sorted(set(codes) - set(municipalities))
    if missing:
        raise DemoError(
            f"The municipalities {', '.join(missing)} are not in the database: run "
            "`manage.py migrate` (it loads the official places) before the demo."
        )
    ensure_lists(FieldOfActivity, TargetGroup)
    fields = {f.slug: f for f in FieldOfActivity.objects.all()}
    groups = {g.slug: g for g in TargetGroup.objects.all()}

    users = {}
    for email, first, last, _role, staff, officials in DEMO_USERS:
        users[email] = _user(email, first, last, staff=staff, officials=officials)

    ids = business_ids(3100000)
    created = 0

    def add(name, business_id, field, targets, description, where, registered=True, name_sv=""):
        nonlocal created
        association, was_created = Association.objects.get_or_create(
            name=name,
            defaults={
                "name_sv": name_sv,
                "business_id": business_id if registered else None,
                "is_registered": registered,
                "description": description,
                "email": f"info@{field}.{where[0].code}.example.fi",
                "phone": f"040 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                "post_office": where[0].name_fi,
                "postal_code": f"8{rng.randint(1000, 2999)}",
                "member_count": rng.randint(12, 450),
                "founded_year": rng.randint(1905, 2022),
            },
        )
        if was_created:
            created += 1
            association.municipalities.set(where)
            association.fields.set([fields[field]])
            association.target_groups.set([groups[slug] for slug in targets])
        return association

    for code, _fi, _sv, genitive in NORTH_KARELIA_MUNICIPALITIES:
        for kind, field, targets, description in KINDS:
            add(
                f"{genitive} {kind}", next(ids), field, targets, description, [municipalities[code]]
            )
    all_municipalities = list(municipalities.values())
    for index, (name, name_sv, field, targets, description) in enumerate(REGIONAL):
        add(
            name,
            next(ids),
            field,
            targets,
            description,
            all_municipalities,
            registered=index == 0,
            name_sv=name_sv,
        )

    representative = users["edustaja@demo.kumppanuus.fi"]
    Representation.objects.get_or_create(
        association=Association.objects.get(name="Liperin Liikuntaseura ry"),
        user=representative,
        defaults={"role": Representation.Role.CHAIR},
    )
    ContactPerson.objects.get_or_create(
        user=users["yhteyshenkilo@demo.kumppanuus.fi"],
        municipality=municipalities["426"],
        defaults={
            "title": "Hyvinvointikoordinaattori",
            "public_email": "yhteyshenkilo@demo.kumppanuus.fi",
            "public_phone": "013 123 4567",
        },
    )
    for code, (first, last) in zip(PILOT_MUNICIPALITIES[1:], CONTACT_NAMES, strict=False):
        person = _user(f"{first.lower()}.{last.lower()}@demo.kumppanuus.fi", first, last)
        ContactPerson.objects.get_or_create(
            user=person,
            municipality=municipalities[code],
            defaults={
                "title": "Järjestöyhteyshenkilö",
                "public_email": person.email,
                "public_phone": "013 765 4321",
            },
        )
    return {"associations_created": created, "associations": Association.objects.count()}


def demo_summary() -> list[str]:
    """The associations' demo loader (kumppanuus.demo): load, then say what and who."""
    result = load_demo()
    lines = [
        f"Demo data ready: {result['associations']} associations "
        f"({result['associations_created']} new).",
        f"Demo logins (password '{DEMO_PASSWORD}'):",
    ]
    lines += [f"  {role:<45} {email}" for email, _first, _last, role, *_ in DEMO_USERS]
    return lines
