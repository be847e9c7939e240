"""National-scale places for `make bench`: 21 counties and 300 municipalities."""

from kumppanuus.places.models import Municipality, WellbeingCounty

STEMS = [
    "Aho",
    "Hirvi",
    "Ilo",
    "Joki",
    "Kalli",
    "Karhu",
    "Koivu",
    "Kuusi",
    "Lahna",
    "Lumi",
    "Mänty",
    "Niitty",
    "Ojala",
    "Paju",
    "Pihla",
    "Rauta",
    "Salmi",
    "Savi",
    "Suvi",
    "Tammi",
    "Tuuli",
    "Uusi",
    "Vaahte",
    "Vesi",
    "Ylä",
]
ENDINGS = [
    "järvi",
    "lahti",
    "joki",
    "mäki",
    "salo",
    "vaara",
    "koski",
    "niemi",
    "saari",
    "la",
    "pää",
    "ranta",
]


def fill(rng, ctx, progress):
    counties = WellbeingCounty.objects.bulk_create(
        [
            WellbeingCounty(
                code=f"{n:02d}",
                name_fi=f"Hyvinvointialue {n:02d}",
                name_sv=f"Välfärdsområde {n:02d}",
            )
            for n in range(1, 22)
        ]
    )
    names = [f"{stem}{ending}" for stem in STEMS for ending in ENDINGS]
    rng.shuffle(names)
    codes = rng.sample(range(1, 1000), 300)
    municipalities = Municipality.objects.bulk_create(
        [
            Municipality(
                code=f"{code:03d}",
                name_fi=names[i],
                name_sv=names[i],
                county=counties[i % len(counties)],
            )
            for i, code in enumerate(sorted(codes))
        ]
    )
    ctx["municipalities"] = [m.pk for m in municipalities]
    progress("municipalities", len(municipalities), len(municipalities))
