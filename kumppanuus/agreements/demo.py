"""Made-up partnership agreements in North Karelia (kumppanuus.demo, after the associations).

Dates follow today, so the demo always has an agreement that ends within 90
days, one in force for years with review dates, and a draft waiting for its
association's acceptance.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from associations.models import Association
from kumppanuus.places.models import Municipality

from . import reminders
from .models import Agreement, Party, ReviewDate

# (code, title, goals, associations, starts (days from today), ends, reviews, status,
#  the municipality's part, the associations' part)
AGREEMENTS = [
    (
        "426",
        "Lähiliikuntapaikkojen kunnossapito",
        "Kylien lähiliikuntapaikat pysyvät kunnossa ja kaikkien käytössä. Seura ja "
        "kylätoimijat hoitavat latuja ja kenttiä, kunta tukee rahalla ja koneilla.",
        ["Liperin Liikuntaseura ry", "Liperin Kylätoimintayhdistys ry"],
        -300,
        60,
        [-120],
        "active",
        ("Kunta antaa koneet ja polttoaineen sekä vuosittaisen avustuksen.", 12000, "", ""),
        ("Yhdistys ajaa ladut ja hoitaa kentät talkoilla.", None, "", "n. 400 talkootuntia"),
    ),
    (
        "426",
        "Ikäihmisten kohtaamispaikka Kammari",
        "Ikäihmisten yksinäisyys vähenee: kohtaamispaikka on auki neljänä päivänä viikossa.",
        ["Liperin Eläkeläiset ry"],
        -30,
        3 * 365,
        [180, 545],
        "active",
        (
            "Kunta antaa tilat maksutta ja nimeää yhdyshenkilön.",
            5000,
            "Kunnantalon kerhohuone",
            "",
        ),
        ("Yhdistys pitää paikan auki vapaaehtoisin voimin.", None, "", "vapaaehtoiset emännät"),
    ),
    (
        "309",
        "Nuorten iltatoiminta",
        "Nuorilla on turvallinen paikka viettää iltaa perjantaisin ja lauantaisin.",
        ["Outokummun Nuorisoseura ry"],
        30,
        2 * 365,
        [200],
        "draft",
        ("Kunta maksaa ohjaajan palkkion ja antaa nuorisotilan.", 8000, "Nuorisotila Kipinä", ""),
        ("Yhdistys järjestää illat ja kouluttaa vapaaehtoiset.", None, "", "2 ohjaajaa"),
    ),
    (
        "167",
        "Mielen hyvinvoinnin vertaisryhmät",
        "Matalan kynnyksen vertaisryhmiä nuorille aikuisille kaikissa kaupunginosissa.",
        ["Joensuun Mielenterveysyhdistys ry"],
        -200,
        400,
        [100],
        "active",
        ("Kaupunki antaa tilat ja tiedottaa ryhmistä.", 15000, "Järjestötalo", ""),
        ("Yhdistys kouluttaa ja tukee vertaisohjaajat.", None, "", "6 vertaisohjaajaa"),
    ),
]


@transaction.atomic
def load_demo() -> list[str]:
    today = timezone.localdate()
    now = timezone.now()
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    created = 0
    for code, title, goals, names, starts, ends, reviews, status, public, private in AGREEMENTS:
        municipality = Municipality.objects.filter(code=code).first()
        associations = list(Association.objects.filter(name__in=names))
        if municipality is None or not associations:
            continue
        agreement, was_created = Agreement.objects.get_or_create(
            municipality=municipality,
            title=title,
            defaults={
                "goals": goals,
                "starts_on": today + timedelta(days=starts),
                "ends_on": today + timedelta(days=ends),
                "status": status,
                "created_by": admin,
            },
        )
        if not was_created:
            continue
        created += 1
        accepted = now if status != "draft" else None
        responsibilities, money, premises, work = public
        Party.objects.create(
            agreement=agreement,
            responsibilities=responsibilities,
            money_per_year=money,
            premises=premises,
            work=work,
            accepted_at=now,
            accepted_by=admin,
        )
        responsibilities, money, premises, work = private
        for association in associations:
            Party.objects.create(
                agreement=agreement,
                association=association,
                responsibilities=responsibilities,
                money_per_year=money,
                premises=premises,
                work=work,
                accepted_at=accepted,
                accepted_by=admin if accepted else None,
            )
        ReviewDate.objects.bulk_create(
            ReviewDate(agreement=agreement, date=today + timedelta(days=days))
            for days in reviews
            if days > starts
        )
        reminders.plan(agreement)
    return [f"Partnership agreements ready ({created} new)."]
