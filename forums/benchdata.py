"""Forums for `make bench`: 2 000 forums and 20 000 meetings with members and answers.

The numbers follow the associations' scale (one forum per 50 associations:
2 000 at the default 100 000), so a small fill in the tests stays small.
Members are the bench representatives the associations filler made; each
meeting invites the forum's members and most of them have answered.
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from kumppanuus.accounts.models import User

from .models import Coordinator, Forum, Invitee, Meeting, Membership, name_search_text

ASSOCIATIONS_PER_FORUM = 50
MEETINGS_PER_FORUM = 10
MEMBERS_PER_FORUM = 8
BATCH = 500
KINDS = [
    (Forum.Kind.WELLBEING_GATHERING, "Hyvinvointihytinät", True),
    (Forum.Kind.ASSOCIATION_FORUM, "Järjestöfoorumi", True),
    (Forum.Kind.ADVISORY_BOARD, "Järjestöasiain neuvottelukunta", False),
    (Forum.Kind.PARTNERSHIP_TABLE, "Kumppanuuspöytä", False),
    (Forum.Kind.THEMATIC_GROUP, "Teematyöryhmä", False),
]
ANSWERS = ["yes", "yes", "yes", "no", "maybe", ""]
AGENDA = ["Kokouksen avaus", "Ajankohtaiset", "Järjestöavustukset", "Seuraava kokous"]


def forum_count(options) -> int:
    return max(5, options["associations"] // ASSOCIATIONS_PER_FORUM)


def fill(rng, ctx, progress, options):
    from .models import AgendaItem

    count = forum_count(options)
    municipalities = ctx["municipalities"]
    users = list(
        User.objects.filter(email__endswith="@bench.example.fi")
        .order_by("pk")
        .values_list("pk", "email", "first_name", "last_name")
    )
    # The bench logs in as the last bench user: let them coordinate the first forum.
    coordinator_id = users[-1][0]
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    area = Forum.area_municipalities.through
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        forums = []
        for number in range(done, done + size):
            kind, title, is_open = KINDS[number % len(KINDS)]
            forums.append(
                Forum(
                    name=f"{title} {number + 1}",
                    name_search=name_search_text(f"{title} {number + 1}"),
                    kind=kind,
                    is_open=is_open,
                    description="Kunnan, hyvinvointialueen ja järjestöjen yhteinen foorumi.",
                    meetings_per_year=rng.choice((2, 3, 4, 6)),
                )
            )
        forums = Forum.objects.bulk_create(forums)
        area.objects.bulk_create(
            [area(forum_id=f.pk, municipality_id=rng.choice(municipalities)) for f in forums]
        )
        Coordinator.objects.bulk_create(
            [
                Coordinator(
                    forum=f,
                    user_id=coordinator_id if done == 0 and i == 0 else rng.choice(users)[0],
                )
                for i, f in enumerate(forums)
            ]
        )
        members, meetings, seats = [], [], {}
        for forum in forums:
            chosen = rng.sample(users, min(MEMBERS_PER_FORUM, len(users)))
            seats[forum.pk] = chosen
            for role_number, (pk, _email, _first, _last) in enumerate(chosen):
                members.append(
                    Membership(
                        forum=forum,
                        user_id=pk,
                        role="chair" if role_number == 0 else "member",
                        term_start=now.date() - timedelta(days=400),
                    )
                )
            for number in range(MEETINGS_PER_FORUM):
                starts = now + timedelta(days=rng.randint(-365, 365), hours=rng.randint(-6, 6))
                held = starts < now
                meetings.append(
                    Meeting(
                        forum=forum,
                        title=f"{forum.name}: tapaaminen {number + 1}",
                        kind=Meeting.Kind.MEETING if not forum.is_open else Meeting.Kind.FORUM,
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=2),
                        place="Kunnantalo",
                        address="Keskustie 1",
                        step_free=True,
                        capacity=40 if forum.is_open else None,
                        status=Meeting.Status.HELD if held else Meeting.Status.INVITED,
                        minutes="Käytiin läpi ajankohtaiset asiat." if held else "",
                        minutes_visibility="public" if held else "",
                        head_count=rng.randint(10, 60) if held and forum.is_open else None,
                    )
                )
        Membership.objects.bulk_create(members)
        meetings = Meeting.objects.bulk_create(meetings)
        items, invitees = [], []
        for meeting in meetings:
            held = meeting.status == Meeting.Status.HELD
            for order, title in enumerate(AGENDA, start=1):
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        order=order,
                        title=title,
                        duration_minutes=20,
                        decision="Merkittiin tiedoksi." if held else "",
                    )
                )
            for pk, email, first, last in seats[meeting.forum_id]:
                answer = rng.choice(ANSWERS)
                invitees.append(
                    Invitee(
                        meeting=meeting,
                        user_id=pk,
                        name=f"{first} {last}",
                        email=email,
                        invited_at=meeting.starts_at - timedelta(days=20),
                        answer=answer,
                        answered_at=meeting.starts_at - timedelta(days=10) if answer else None,
                        attended=(answer == "yes") if held else None,
                    )
                )
        AgendaItem.objects.bulk_create(items)
        Invitee.objects.bulk_create(invitees)
        done += size
        progress("forums", done, count)


def filled(options) -> bool:
    return Forum.objects.count() == forum_count(options)


def bench_pages() -> list[tuple[str, str, str]]:
    """The calendar, a busy forum's page and a meeting's page with its agenda and answers."""
    forum = (
        Forum.objects.annotate(coming=Count("meetings", filter=Q(meetings__status="invited")))
        .order_by("-coming", "pk")
        .first()
    )
    meeting = forum.meetings.filter(status=Meeting.Status.INVITED).order_by("starts_at").first()
    return [
        ("forum calendar", "/kalenteri/", ""),
        ("forum page", forum.get_absolute_url(), ""),
        ("meeting page", meeting.get_absolute_url(), ""),
    ]
