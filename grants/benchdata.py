"""Grant applications for `make bench`: one for every other association (50 000 of
100 000), in rounds of 500 across the country, and one round with 2 000 whose
officer's table the bench loads. Rows go in with bulk_create, so a full fill
takes seconds, not minutes.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from associations.models import Association
from kumppanuus.accounts.models import User

from . import statistics
from .models import Application, GrantBody, GrantOfficer, Round

OFFICER_EMAIL = "avustus@bench.example.fi"
BIG_ROUND = 2000
ROUND_SIZE = 500
BATCH = 5000
KINDS = [kind for kind, _label in GrantBody.Kind.choices if kind != "county"]
PURPOSES = [
    "Säännöllinen toiminta ja harjoitukset",
    "Kesätapahtuma kaikille kuntalaisille",
    "Kerhotoiminta lapsille ja nuorille",
    "Vertaistukiryhmät ja retket",
    "Kylätalon vuokra ja lämmitys",
]


def application_count(options) -> int:
    return options["associations"] // 2


def _round_sizes(total, associations):
    big = min(BIG_ROUND, associations, total)
    sizes, rest = [big], total - big
    while rest > 0:
        size = min(ROUND_SIZE, rest, associations)
        sizes.append(size)
        rest -= size
    return sizes


def fill(rng, ctx, progress, count):
    names = dict(Association.objects.order_by("pk").values_list("pk", "name"))
    association_ids = list(names)
    municipalities = ctx["municipalities"]
    officer = User.objects.create(
        email=OFFICER_EMAIL,
        password=make_password("bench-salasana"),
        first_name="Avustus",
        last_name="Valmistelija",
    )
    sizes = _round_sizes(count, len(association_ids)) if association_ids and count else []
    # Coming rounds take no applications yet.
    sizes += [0] * max(1, len(sizes) // 5)
    bodies = GrantBody.objects.bulk_create(
        [
            GrantBody(
                municipality_id=municipalities[n % len(municipalities)],
                kind=KINDS[n % len(KINDS)],
                name_fi=f"Avustuslautakunta {n + 1}",
                name_sv=f"Understödsnämnd {n + 1}",
                board="Vapaa-aikalautakunta",
            )
            for n in range(len(sizes))
        ]
    )
    if not bodies:
        return
    GrantOfficer.objects.create(body=bodies[0], user=officer)
    now = timezone.now().replace(microsecond=0)
    day = timedelta(days=1)
    rounds = []
    for n, body in enumerate(bodies):
        # The big round has closed and waits for decisions; of the others half are
        # open and half decided, and the last ones are coming.
        phase = "closed" if n == 0 else "coming" if not sizes[n] else ("open", "decided")[n % 2]
        opens, closes = {
            "closed": (now - 40 * day, now - 5 * day),
            "open": (now - 10 * day, now + rng.randint(5, 60) * day),
            "coming": (now + rng.randint(5, 90) * day, now + 120 * day),
            "decided": (now - 200 * day, now - 150 * day),
        }[phase]
        rounds.append(
            (
                Round(
                    body=body,
                    name_fi=f"Toiminta-avustukset {n + 1}",
                    name_sv=f"Verksamhetsunderstöd {n + 1}",
                    kind=Round.Kind.OPERATING if n % 2 else Round.Kind.PROJECT,
                    description="Avustusta voivat hakea alueella toimivat yhdistykset.",
                    money_available=Decimal(sizes[n] * 1500),
                    opens_at=opens,
                    closes_at=closes,
                    usage_report_due=(closes + 365 * day).date(),
                ),
                phase,
            )
        )
    created = Round.objects.bulk_create([round for round, _phase in rounds])
    ctx["grant_round"] = created[0].pk
    done, batch, reference = 0, [], 0
    for round, (_round, phase), size in zip(created, rounds, sizes, strict=True):
        for association_id in rng.sample(association_ids, size):
            reference += 1
            amount = Decimal(rng.randint(2, 200) * 50)
            application = Application(
                round=round,
                association_id=association_id,
                association_name=names[association_id],
                purpose=rng.choice(PURPOSES),
                description="Harjoitukset, kerhot ja kaksi avointa tapahtumaa vuoden aikana.",
                amount_requested=amount,
                contact_name="Bench Yhteyshenkilö",
                contact_email="yhteys@bench.example.fi",
            )
            if phase == "open" and rng.random() < 0.5:
                application.status = Application.Status.DRAFT
            else:
                application.status = Application.Status.SUBMITTED
                application.submitted_at = round.closes_at - rng.randint(1, 20) * day
                application.reference = f"AV-B-{reference:07d}"
            if phase == "decided":
                application.status = Application.Status.DECIDED
                granted = rng.random() < 0.8
                application.decision = "granted" if granted else "rejected"
                application.granted_amount = (amount * 4 / 5).quantize(1) if granted else None
                application.rejection_reason = "" if granted else "Määräraha ei riittänyt."
                application.decided_at = application.published_at = round.closes_at + 20 * day
            batch.append(application)
            if len(batch) >= BATCH:
                Application.objects.bulk_create(batch)
                done += len(batch)
                batch = []
                progress("applications", done, count)
    Application.objects.bulk_create(batch)
    done += len(batch)
    progress("applications", count, count)
    ctx["grant_applications"] = done
    # Written in bulk, without signals: the statistics kept from an earlier fill are out
    # of date once this one commits.
    statistics.changed()


def fill_for_bench(rng, ctx, progress, options):
    fill(rng, ctx, progress, application_count(options))


def filled(options) -> bool:
    return GrantOfficer.objects.filter(user__email=OFFICER_EMAIL).exists()


def bench_pages() -> list[tuple[str, str, str]]:
    """The one-stop listing, the grants given of a decided round, the statistics, and
    the officer's table of the round with 2 000 applications (logged in as its officer)."""
    big = Round.objects.filter(body__officers__user__email=OFFICER_EMAIL).order_by("pk").first()
    decided = Round.objects.filter(applications__published_at__isnull=False).order_by("pk").first()
    pages = [
        ("grant listing", "/avustukset/", ""),
        ("grant statistics", "/avustukset/tilastot/", ""),
    ]
    if decided:
        pages.append(("grants given in a round", f"/avustukset/{decided.pk}/myonnetyt/", ""))
    if big:
        pages.append(
            (
                "officer's table, 2 000 applications (logged in)",
                f"/avustukset/{big.pk}/hakemukset/",
                OFFICER_EMAIL,
            )
        )
    return pages
