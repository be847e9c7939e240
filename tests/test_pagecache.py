import pytest
from django.urls import reverse

from associations.models import Association


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_anonymous_pages_are_cached_until_something_changes(
    client, page_cache, association, representative, django_capture_on_commit_callbacks
):
    url = association.get_absolute_url()
    assert "Liperin Liikuntaseura ry" in client.get(url).content.decode()
    Association.objects.filter(pk=association.pk).update(description="Kirjoitettu ohi palvelun")
    assert "Kirjoitettu ohi palvelun" not in client.get(url).content.decode()

    editor = client.__class__()
    editor.force_login(representative)
    data = {
        "name": association.name,
        "is_registered": "on",
        "business_id": association.business_id,
        "municipalities": [m.pk for m in association.municipalities.all()],
        "description": "Muokattu palvelussa",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(reverse("associations:edit", args=[association.pk]), data)
    assert response.status_code == 302
    assert "Muokattu palvelussa" in client.get(url).content.decode()


def test_logged_in_people_never_get_the_cached_page(
    client, page_cache, association, representative
):
    url = association.get_absolute_url()
    client.get(url)
    client.force_login(representative)
    manage = reverse("associations:manage", args=[association.pk])
    assert manage in client.get(url).content.decode()


def test_languages_are_cached_separately(client, page_cache, municipality):
    url = reverse("associations:municipalities")
    assert 'lang="fi"' in client.get(url).content.decode()
    client.cookies["django_language"] = "sv"
    assert 'lang="sv"' in client.get(url).content.decode()


def test_language_link_sets_the_language_and_returns(client, municipality):
    response = client.get(reverse("language", args=["sv"]), {"next": "/kunnat/"})
    assert response.status_code == 302 and response.url == "/kunnat/"
    assert response.cookies["django_language"].value == "sv"
    assert 'lang="sv"' in client.get("/kunnat/").content.decode()


def test_language_link_refuses_other_sites_and_unknown_languages(client, db):
    response = client.get(reverse("language", args=["en"]), {"next": "https://evil.example/"})
    assert response.url == "/"
    assert client.get(reverse("language", args=["de"])).status_code == 404


def test_a_page_that_used_a_csrf_token_is_never_stored(rf, page_cache):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from kumppanuus.pagecache import cache_for_anonymous

    calls = []

    @cache_for_anonymous("associations")
    def form_page(request):
        calls.append(1)
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    @cache_for_anonymous("associations")
    def plain_page(request):
        calls.append(2)
        return HttpResponse("Hei")

    for view in (form_page, form_page, plain_page, plain_page):
        request = rf.get(f"/{view.__name__}/")
        request.user = AnonymousUser()
        request.LANGUAGE_CODE = "fi"
        view(request)

    assert calls == [1, 1, 2]


def test_a_change_refreshes_pages_only_after_it_is_committed(
    client, page_cache, association, django_capture_on_commit_callbacks
):
    from kumppanuus import pagecache

    url = association.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        Association.objects.filter(pk=association.pk).update(description="Uusi kuvaus")
        pagecache.invalidate("associations")
        # Still inside the transaction: another visitor gets the page as it was.
        assert "Uusi kuvaus" not in client.get(url).content.decode()
    assert "Uusi kuvaus" in client.get(url).content.decode()


def test_a_change_refreshes_only_the_pages_that_show_it(
    client, page_cache, association, django_capture_on_commit_callbacks
):
    from kumppanuus import pagecache

    url = reverse("associations:directory")
    client.get(url)
    Association.objects.filter(pk=association.pk).update(name="Liperin Urheilijat ry")

    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate("forums")
    assert "Liperin Urheilijat ry" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate("associations")
    assert "Liperin Urheilijat ry" in client.get(url).content.decode()


def test_an_admin_delete_refreshes_the_public_pages(
    client, page_cache, association, admin_user, django_capture_on_commit_callbacks
):
    url = reverse("associations:directory")
    assert "Liperin Liikuntaseura ry" in client.get(url).content.decode()
    admin = client.__class__()
    admin.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/yllapito/associations/association/",
            {"action": "delete_selected", "_selected_action": [association.pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert not Association.objects.exists()
    assert "Liperin Liikuntaseura ry" not in client.get(url).content.decode()


def test_a_change_in_another_process_refreshes_this_ones_pages(
    client, page_cache, association, settings, tmp_path
):
    """Web, worker and commands share the embedded default cache (files under var/)."""
    import os
    import subprocess
    import sys

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    url = association.get_absolute_url()
    client.get(url)
    Association.objects.filter(pk=association.pk).update(description="Toisesta prosessista")
    assert "Toisesta prosessista" not in client.get(url).content.decode()

    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from kumppanuus import pagecache; pagecache.invalidate('associations')",
        ],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kumppanuus.settings",
            "VAR_DIR": str(tmp_path),
            "DEBUG": "1",
            "CACHE_URL": "",
        },
        check=True,
        capture_output=True,
        cwd=settings.BASE_DIR,
    )

    assert "Toisesta prosessista" in client.get(url).content.decode()


def test_kept_values_are_computed_anew_after_their_topic_changes(
    db, django_capture_on_commit_callbacks
):
    from kumppanuus import pagecache

    computed = []

    def compute(value):
        def run():
            computed.append(value)
            return value

        return run

    assert pagecache.kept("test:kept", ("t1",), compute(1)) == 1
    assert pagecache.kept("test:kept", ("t1",), compute(2)) == 1
    pagecache.invalidate("t2", now=True)  # another topic
    assert pagecache.kept("test:kept", ("t1",), compute(3)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate("t1")  # after the commit only
        assert pagecache.kept("test:kept", ("t1",), compute(4)) == 1
    assert pagecache.kept("test:kept", ("t1",), compute(5)) == 5
    pagecache.invalidate("t1", now=True)
    assert pagecache.kept("test:kept", ("t1",), compute(6)) == 6
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate()  # every topic
    assert pagecache.kept("test:kept", ("t1",), compute(7)) == 7
    assert computed == [1, 5, 6, 7]


def test_a_value_computed_while_its_topic_changed_is_computed_again(db):
    """The generation is read before the value is computed: a change committed during
    the computation (which may not have seen it) does not leave its result kept."""
    from kumppanuus import pagecache

    def stale():
        pagecache._bump([pagecache._generation_key("t1")])  # another process commits
        return "stale"

    assert pagecache.kept("test:race", ("t1",), stale) == "stale"
    assert pagecache.kept("test:race", ("t1",), lambda: "fresh") == "fresh"
    assert pagecache.kept("test:race", ("t1",), lambda: "later") == "fresh"
