"""National-scale associations for `make bench`, each with one representative."""

from django.contrib.auth.hashers import make_password
from django.db.models import Count
from django.db.models.functions import Lower
from django.utils.text import slugify

from kumppanuus.accounts.models import User
from kumppanuus.places.models import Municipality

from .demo import business_ids
from .models import Association, FieldOfActivity, Representation, TargetGroup
from .selectors import MAX_RESULTS

KINDS = [
    ("Liikuntaseura ry", "liikunta"),
    ("Urheiluseura ry", "liikunta"),
    ("Eläkeläiset ry", "elakelaiset"),
    ("Kylätoimikunta ry", "kylatoiminta"),
    ("Nuorisoseura ry", "nuoriso"),
    ("Kulttuuriyhdistys ry", "kulttuuri"),
    ("Mielenterveysyhdistys ry", "mielenterveys"),
    ("Vapaaehtoisverkosto ry", "vapaaehtoistoiminta"),
    ("Ympäristöyhdistys ry", "ymparisto"),
    ("Perheyhdistys ry", "lapsiperheet"),
    ("Invalidiyhdistys ry", "vammaiset"),
    ("Asukasyhdistys ry", "asukastoiminta"),
]
PREFIXES = ["", "Keski-", "Itä-", "Länsi-", "Pohjois-", "Etelä-", "Ylä-", "Ala-"]
SENTENCES = [
    "Yhdistys järjestää viikoittaista toimintaa kaikenikäisille.",
    "Toiminta perustuu vapaaehtoisten työhön ja talkoisiin.",
    "Teemme yhteistyötä kunnan ja hyvinvointialueen kanssa.",
    "Järjestämme retkiä, kerhoja ja vertaistukiryhmiä.",
    "Haemme avustusta toimitilojen vuokraan ja tapahtumiin.",
    "Kylätalolla kokoontuu monta ryhmää viikossa.",
    "Liikuntavuoroja on salibandyyn, lentopalloon ja kuntosalille.",
]
BATCH = 5000


def fill(rng, ctx, progress, count=100_000):
    municipalities = ctx["municipalities"]
    fields = {f.slug: f.pk for f in FieldOfActivity.objects.all()}
    groups = [g.pk for g in TargetGroup.objects.all()]
    password = make_password("bench-salasana")
    ids = business_ids(1_000_000)
    through_m = Association.municipalities.through
    through_f = Association.fields.through
    through_t = Association.target_groups.through
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        rows, places, kinds = [], [], []
        for _ in range(size):
            kind, field = rng.choice(KINDS)
            home = rng.choice(municipalities)
            name = (
                f"{rng.choice(PREFIXES)}{rng.choice(('Seudun ', 'Kylän ', ''))}"
                f"{kind.split()[0]} {done + len(rows) + 1} {kind.split()[-1]}"
            )
            rows.append(
                Association(
                    name=name,
                    slug=slugify(name)[:220],
                    business_id=next(ids),
                    description=" ".join(rng.sample(SENTENCES, 3)),
                    email=f"info{done + len(rows)}@yhdistys.example.fi",
                    member_count=rng.randint(5, 2000),
                    founded_year=rng.randint(1900, 2024),
                )
            )
            places.append(home)
            kinds.append(field)
        for association in rows:
            association.update_search_text()
        created = Association.objects.bulk_create(rows)
        users = User.objects.bulk_create(
            [
                User(
                    email=f"edustaja{a.pk}@bench.example.fi",
                    password=password,
                    first_name="Edustaja",
                    last_name=str(a.pk),
                )
                for a in created
            ]
        )
        through_m.objects.bulk_create(
            [
                through_m(association_id=a.pk, municipality_id=m)
                for a, m in zip(created, places, strict=True)
            ]
        )
        through_f.objects.bulk_create(
            [
                through_f(association_id=a.pk, fieldofactivity_id=fields[f])
                for a, f in zip(created, kinds, strict=True)
            ]
        )
        through_t.objects.bulk_create(
            [through_t(association_id=a.pk, targetgroup_id=rng.choice(groups)) for a in created]
        )
        Representation.objects.bulk_create(
            [
                Representation(association=a, user=u, role="chair")
                for a, u in zip(created, users, strict=True)
            ]
        )
        done += size
        progress("associations", done, count)
    ctx["representative_email"] = users[-1].email


def fill_for_bench(rng, ctx, progress, options):
    fill(rng, ctx, progress, count=options["associations"])


def filled(options) -> bool:
    return Association.objects.count() == options["associations"]


def bench_pages() -> list[tuple[str, str, str]]:
    """The associations' pages that `make bench` loads (the last bench user manages one)."""
    # The last bench representative (other apps' fillers add bench users of their own).
    user = (
        User.objects.filter(email__endswith="@bench.example.fi", representations__isnull=False)
        .order_by("pk")
        .last()
    )
    middle = Association.objects.count() // 2
    association = Association.objects.order_by("pk")[middle]
    municipality = (
        Municipality.objects.annotate(n=Count("associations")).order_by("-n", "code").first()
    )
    field = FieldOfActivity.objects.annotate(n=Count("associations")).order_by("-n").first()
    # Halfway through the field's list, but no deeper than the directory pages.
    deep = max(1, min(field.n // 20 // 2, MAX_RESULTS // 20))
    managed = user.representations.get().association
    # The way a visitor reaches the deep page: "next" links carry the last row of the page before.
    listed = Association.objects.public().filter(fields=field).order_by(Lower("name"), "pk")
    cursor = (
        f"&after={listed.values_list('pk', flat=True)[(deep - 1) * 20 - 1]}" if deep > 1 else ""
    )
    return [
        ("front page", "/", ""),
        ("directory search", "/yhdistykset/?q=liikunta", ""),
        (
            "filtered directory, deep page",
            f"/yhdistykset/?field={field.slug}&page={deep}{cursor}",
            "",
        ),
        (
            "filtered directory, deep page by its number",
            f"/yhdistykset/?field={field.slug}&page={deep}",
            "",
        ),
        ("association page", association.get_absolute_url(), ""),
        ("municipality page", municipality.get_absolute_url(), ""),
        (
            "association management (logged in)",
            f"/yhdistykset/{managed.pk}/hallinta/",
            user.email,
        ),
    ]
