"""The forums' part of `make bench`: the filler makes forums, meetings, members and answers."""

import random

from django.db.models import Count

from forums import benchdata
from forums.models import AgendaItem, Forum, Invitee, Meeting, Membership
from kumppanuus import bench
from tests import factories


def test_the_filler_makes_forums_with_meetings_members_and_answers_and_pages_load(client, db):
    municipalities = [factories.make_municipality(code=code).pk for code in ("426", "167")]
    for number in range(12):
        factories.make_user(f"edustaja{number}@bench.example.fi")
    options = {"associations": 300}
    assert "forums" in [filler.name for filler in bench.fillers()]
    assert bench._pages["forums"].pages is benchdata.bench_pages
    assert not benchdata.filled(options)

    benchdata.fill(random.Random(7), {"municipalities": municipalities}, lambda *a: None, options)

    assert benchdata.forum_count({"associations": 100_000}) == 2_000
    assert benchdata.filled(options)
    assert Forum.objects.count() == 6
    # bulk_create passes by save(): the calendar's name search is filled all the same.
    assert not Forum.objects.filter(name_search="").exists()
    assert Meeting.objects.count() == 60
    assert Membership.objects.count() == 6 * 8
    assert Invitee.objects.count() == 60 * 8
    assert AgendaItem.objects.count() == 60 * 4
    assert Invitee.objects.exclude(answer="").exists()
    assert Meeting.objects.filter(status="held").exclude(minutes="").exists()
    sizes = Forum.objects.annotate(n=Count("meetings")).values_list("n", flat=True)
    assert set(sizes) == {10}
    # The bench logs in as the last bench user, who coordinates a forum.
    assert Forum.objects.filter(coordinators__user__email="edustaja11@bench.example.fi").exists()

    pages = benchdata.bench_pages()
    assert [name for name, _url, _login in pages] == [
        "forum calendar",
        "forum page",
        "meeting page",
    ]
    for _name, url, _login in pages:
        response = client.get(url)
        assert response.status_code == 200, url
