"""Demo grant rounds of Liperi, Outokumpu and Joensuu departments and the wellbeing county.

Idempotent like the associations demo (which it builds on and loads first if
needed): what exists is left as it is. The demo grant officer
avustus@demo.kumppanuus.fi works through real officer roles on every demo body.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from associations import demo as associations_demo
from associations.models import Association
from kumppanuus.accounts.models import User
from kumppanuus.places.models import Municipality

from . import statistics
from .models import (
    Application,
    ApplicationPriority,
    BudgetLine,
    GrantBody,
    GrantOfficer,
    InfoRequest,
    Payment,
    Round,
    ScoringCriterion,
)

OFFICER_EMAIL = "avustus@demo.kumppanuus.fi"

BODIES = [
    # key, municipality code (None: the county of Liperi), kind, name fi, name sv, board
    ("liperi-liikunta", "426", "liikuntatoimi", "Liperin liikuntatoimi", "Libelits idrottsväsende",
     "Liperin vapaa-aikalautakunta"),
    ("liperi-sivistys", "426", "sivistystoimi", "Liperin sivistystoimi",
     "Libelits bildningsväsende", "Liperin sivistyslautakunta"),
    ("outokumpu-kulttuuri", "309", "kulttuuritoimi", "Outokummun kulttuuritoimi",
     "Outokumpu kulturväsende", "Outokummun hyvinvointilautakunta"),
    ("joensuu-nuoriso", "167", "nuorisotoimi", "Joensuun nuorisopalvelut",
     "Joensuu ungdomstjänster", "Joensuun kasvatus- ja opetuslautakunta"),
    ("siun-sote", None, "county", "Siun sote – järjestöavustukset",
     "Siun sote – understöd till organisationer", "Aluehallitus"),
]  # fmt: skip

ATTACHMENTS = ["toimintasuunnitelma", "talousarvio", "tilinpaatos", "toimintakertomus"]


def _rounds(now):
    day = timedelta(days=1)
    return [
        # body key, name fi, name sv, kind, opens, closes, money
        ("liperi-liikunta", "Liikuntaseurojen toiminta-avustukset", "Verksamhetsunderstöd för "
         "idrottsföreningar", "toiminta-avustus", now - 20 * day, now + 14 * day, "40000.00"),
        ("liperi-sivistys", "Kohdeavustukset tapahtumiin", "Riktade understöd för evenemang",
         "kohdeavustus", now + 10 * day, now + 45 * day, "12000.00"),
        ("outokumpu-kulttuuri", "Kulttuuriavustukset", "Kulturunderstöd", "toiminta-avustus",
         now - 60 * day, now - 10 * day, "25000.00"),
        ("joensuu-nuoriso", "Nuorisojärjestöjen starttiavustukset", "Startunderstöd för "
         "ungdomsorganisationer", "starttiavustus", now + 20 * day, now + 60 * day, "8000.00"),
        ("siun-sote", "Sosiaali- ja terveysjärjestöjen avustukset", "Understöd till social- och "
         "hälsoorganisationer", "projektiavustus", now - 5 * day, now + 30 * day, "150000.00"),
    ]  # fmt: skip


def _application(round, association, status, amount, now):
    application, created = Application.objects.get_or_create(
        round=round,
        association=association,
        defaults={
            "status": status,
            "purpose": "Säännöllinen toiminta ja tapahtumat",
            "description": "Harjoitukset, kerhot ja kaksi avointa tapahtumaa vuoden aikana.",
            "amount_requested": Decimal(amount),
            "contact_name": "Demo Yhteyshenkilö",
            "contact_email": association.email or "demo@example.fi",
        },
    )
    if not created:
        return application
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                application=application,
                kind="expense",
                description="Tilavuokrat",
                amount=Decimal(amount) * 2,
            ),
            BudgetLine(
                application=application,
                kind="income",
                description="Jäsenmaksut",
                amount=Decimal(amount),
            ),
        ]
    )
    if status in (Application.Status.SUBMITTED, Application.Status.DECIDED):
        Application.objects.filter(pk=application.pk).update(
            submitted_at=min(now, round.closes_at) - timedelta(days=2),
            reference=f"AV-DEMO-{application.pk:06d}",
        )
    return application


@transaction.atomic
def load_demo() -> dict:
    if not User.objects.filter(email=OFFICER_EMAIL).exists():
        associations_demo.load_demo()
    officer = User.objects.get(email=OFFICER_EMAIL)
    liperi = Municipality.objects.get(code="426")
    bodies = {}
    for key, code, kind, name_fi, name_sv, board in BODIES:
        where = (
            {"municipality": Municipality.objects.get(code=code)}
            if code
            else {"county": liperi.county}
        )
        bodies[key], _ = GrantBody.objects.get_or_create(
            name_fi=name_fi, defaults={"kind": kind, "name_sv": name_sv, "board": board, **where}
        )
        GrantOfficer.objects.get_or_create(body=bodies[key], user=officer)

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    rounds = {}
    for key, name_fi, name_sv, kind, opens, closes, money in _rounds(now):
        rounds[key], created = Round.objects.get_or_create(
            body=bodies[key],
            name_fi=name_fi,
            defaults={
                "name_sv": name_sv,
                "kind": kind,
                "description": "Avustusta voivat hakea alueella toimivat yhdistykset.",
                "criteria": "Toiminnan laajuus, avoimuus ja vaikutus kuntalaisten hyvinvointiin.",
                "money_available": Decimal(money),
                "opens_at": opens,
                "closes_at": closes,
                "required_attachments": ATTACHMENTS[:2],
                "usage_report_due": (closes + timedelta(days=365)).date(),
                "bonus_per_priority": 2,
                "bonus_cap": 6,
            },
        )
        if created:
            ScoringCriterion.objects.bulk_create(
                [
                    ScoringCriterion(round=rounds[key], name="Toiminnan laajuus", weight=2),
                    ScoringCriterion(round=rounds[key], name="Avoimuus kaikille", weight=1),
                    ScoringCriterion(round=rounds[key], name="Talouden realistisuus", weight=1),
                ]
            )

    def association(name):
        return Association.objects.get(name=name)

    liperi_round = rounds["liperi-liikunta"]
    _application(liperi_round, association("Liperin Liikuntaseura ry"), "draft", "3000.00", now)
    youth = _application(
        liperi_round, association("Liperin Nuorisoseura ry"), "submitted", "4500.00", now
    )
    # The welfare priorities it serves: the bonus shows in the officer's table.
    for priority in liperi_round.welfare_priorities(youth.association)[:2]:
        ApplicationPriority.objects.get_or_create(
            application=youth,
            priority=priority,
            defaults={"how": "Nuoret suunnittelevat ja vetävät osan kerhoista itse."},
        )
    _application(liperi_round, association("Liperin Eläkeläiset ry"), "submitted", "1200.50", now)
    _application(
        liperi_round, association("Liperin Kylätoimintayhdistys ry"), "withdrawn", "800.00", now
    )
    returned = _application(
        liperi_round, association("Liperin Kulttuuriyhdistys ry"), "returned_for_info", "950", now
    )
    if not returned.info_requests.exists():
        InfoRequest.objects.create(
            application=returned,
            message="Lisätkää talousarvioon tapahtumien pääsylipputulot.",
            asked_by=officer,
        )
    closed = rounds["outokumpu-kulttuuri"]
    decided = _application(
        closed, association("Outokummun Kulttuuriyhdistys ry"), "decided", "5000", now
    )
    if not decided.published_at:
        # A published grant, half paid: the public list of grants given shows it.
        Application.objects.filter(pk=decided.pk).update(
            decision=Application.Decision.GRANTED,
            granted_amount=Decimal("4000.00"),
            conditions="Käyttöselvitys vuoden kuluessa.",
            decided_at=now - timedelta(days=3),
            published_at=now - timedelta(days=2),
        )
        statistics.changed()
        Payment.objects.get_or_create(
            application=decided,
            instalment=1,
            defaults={"paid_on": (now - timedelta(days=1)).date(), "amount": Decimal("2000.00")},
        )
    _application(closed, association("Outokummun Nuorisoseura ry"), "submitted", "2500.00", now)
    county_round = rounds["siun-sote"]
    _application(
        county_round, association("Liperin Mielenterveysyhdistys ry"), "submitted", "20000", now
    )
    return {"rounds": Round.objects.count(), "applications": Application.objects.count()}


def demo_summary() -> list[str]:
    """The grants' demo loader (kumppanuus.demo)."""
    result = load_demo()
    return [f"Grants ready: {result['rounds']} rounds, {result['applications']} applications."]
