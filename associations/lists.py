"""The managed lists of fields of activity and target groups.

The data migration 0002 creates them; tests and the demo call ensure() again
because a transactional test empties every table.
"""

FIELDS = [
    ("sosiaali-ja-terveys", "Sosiaali- ja terveys", "Social- och hälsovård", "Social and health"),
    ("liikunta", "Liikunta ja urheilu", "Idrott och motion", "Sports and exercise"),
    ("kulttuuri", "Kulttuuri", "Kultur", "Culture"),
    ("nuoriso", "Nuorisotyö", "Ungdomsarbete", "Youth work"),
    ("kylatoiminta", "Kylätoiminta", "Byaverksamhet", "Village activities"),
    ("monikulttuurisuus", "Monikulttuurisuus", "Mångkulturalitet", "Multiculturalism"),
    ("vapaaehtoistoiminta", "Vapaaehtoistoiminta", "Frivilligverksamhet", "Volunteering"),
    ("elakelaiset", "Eläkeläiset", "Pensionärer", "Pensioners"),
    ("vammaiset", "Vammaisjärjestöt", "Funktionshinderorganisationer", "Disability organisations"),
    (
        "mielenterveys",
        "Mielenterveys ja päihteet",
        "Mental hälsa och missbruk",
        "Mental health and substance abuse",
    ),
    ("lapsiperheet", "Lapset ja perheet", "Barn och familjer", "Children and families"),
    ("ymparisto", "Ympäristö ja luonto", "Miljö och natur", "Environment and nature"),
    (
        "asukastoiminta",
        "Asukas- ja kaupunginosatoiminta",
        "Invånar- och stadsdelsverksamhet",
        "Residents and neighbourhoods",
    ),
    (
        "maanpuolustus",
        "Maanpuolustus ja turvallisuus",
        "Försvar och säkerhet",
        "Defence and safety",
    ),
    ("muu", "Muu toiminta", "Annan verksamhet", "Other activities"),
]

TARGET_GROUPS = [
    (
        "lapset",
        "Lapset ja lapsiperheet",
        "Barn och barnfamiljer",
        "Children and families with children",
    ),
    ("nuoret", "Nuoret", "Unga", "Young people"),
    ("tyoikaiset", "Työikäiset", "Personer i arbetsför ålder", "Working-age adults"),
    ("ikaihmiset", "Ikäihmiset", "Äldre", "Older people"),
    ("kaikki", "Kaikki ikäryhmät", "Alla åldersgrupper", "All age groups"),
]


def ensure(field_model, target_group_model) -> None:
    """Create or update the lists (models are passed in so that migrations can use this)."""
    for model, rows in ((field_model, FIELDS), (target_group_model, TARGET_GROUPS)):
        if model.objects.count() == len(rows):
            continue
        for order, (slug, fi, sv, en) in enumerate(rows):
            model.objects.update_or_create(
                slug=slug, defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "order": order}
            )
