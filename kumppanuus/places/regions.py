"""North Karelia, the region of the demo (DOMAIN.md).

The places themselves come from the official classification
(data/places-2025.json, loaded by `migrate`); this module keeps what the demo
needs besides: the Finnish genitives for made-up association names and the pilot
municipalities. A test checks that it agrees with the classification.
"""

NORTH_KARELIA_COUNTY = {
    "code": "14",
    "name_fi": "Pohjois-Karjalan hyvinvointialue",
    "name_sv": "Norra Karelens välfärdsområde",
    "business_id": "3221317-4",
}

# (code, Finnish name, Swedish name, Finnish genitive for demo names)
NORTH_KARELIA_MUNICIPALITIES = [
    ("090", "Heinävesi", "Heinävesi", "Heinäveden"),
    ("146", "Ilomantsi", "Ilomants", "Ilomantsin"),
    ("167", "Joensuu", "Joensuu", "Joensuun"),
    ("176", "Juuka", "Juga", "Juuan"),
    ("260", "Kitee", "Kides", "Kiteen"),
    ("276", "Kontiolahti", "Kontiolax", "Kontiolahden"),
    ("422", "Lieksa", "Lieksa", "Lieksan"),
    ("426", "Liperi", "Libelits", "Liperin"),
    ("541", "Nurmes", "Nurmes", "Nurmeksen"),
    ("309", "Outokumpu", "Outokumpu", "Outokummun"),
    ("607", "Polvijärvi", "Polvijärvi", "Polvijärven"),
    ("707", "Rääkkylä", "Rääkkylä", "Rääkkylän"),
    ("848", "Tohmajärvi", "Tohmajärvi", "Tohmajärven"),
]

PILOT_MUNICIPALITIES = ["426", "309", "276", "176", "260"]
