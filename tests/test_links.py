from django.urls import reverse

from kumppanuus.links import url_maker


def test_a_url_maker_gives_what_reverse_gives_for_each_row():
    detail = url_maker("associations:detail", arity=2)
    for pk, slug in [(1, "liperin-liikuntaseura-ry"), (987654321, "a"), (42, "42")]:
        assert detail(pk, slug) == reverse("associations:detail", args=[pk, slug])
    meeting = url_maker("forums:meeting")
    assert meeting(7) == reverse("forums:meeting", args=[7])


def test_fixed_arguments_come_first():
    guideline = url_maker("partnerships:guideline", "kunta")
    assert guideline("426") == reverse("partnerships:guideline", args=["kunta", "426"])


def test_a_url_maker_follows_the_script_prefix_of_the_request():
    from django.urls import set_script_prefix

    meeting = url_maker("forums:meeting")
    assert meeting(7) == "/tapaamiset/7/"
    set_script_prefix("/portaali/")
    try:
        assert url_maker("forums:meeting")(7) == "/portaali/tapaamiset/7/"
        assert url_maker("forums:meeting")(7) == reverse("forums:meeting", args=[7])
    finally:
        set_script_prefix("/")
    assert url_maker("forums:meeting")(7) == "/tapaamiset/7/"
