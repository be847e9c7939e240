from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.text import capfirst
from django.utils.translation import get_language_info

# The main menu's sections by the start of the path, for aria-current.
NAV_SECTIONS = [
    ("/yhdistykset/", "associations"),
    ("/kunnat/", "municipalities"),
    ("/oma/", "dashboard"),
    ("/foorumit/", "forums"),
    ("/tapaamiset/", "forums"),
    ("/kalenteri/", "forums"),
    ("/avustukset/", "grants"),
    ("/hakemukset/", "grants"),
]


# The links of the base template's header and footer, by their URL names.
NAV_LINKS = {
    "home": "home",
    "associations": "associations:directory",
    "municipalities": "associations:municipalities",
    "forums": "forums:list",
    "grants": "grants:rounds",
    "dashboard": "dashboard",
    "admin": "admin:index",
    "profile": "accounts:profile",
    "login": "accounts:login",
    "logout": "accounts:logout",
    "accessibility": "accessibility",
    "privacy": "privacy",
}


@cache
def _nav_urls(prefix: str) -> dict:
    """The base template's links, reversed once per script prefix (every page draws them)."""
    urls = {key: reverse(name) for key, name in NAV_LINKS.items()}
    # The language menu: each language by its own name (as get_language_info gives it).
    urls["languages"] = [
        {
            "code": code,
            "name": capfirst(get_language_info(code)["name_local"]),
            "url": reverse("language", args=[code]),
        }
        for code, _name in settings.LANGUAGES
    ]
    return urls


@receiver(setting_changed)
def _forget_nav_urls(setting, **kwargs):
    if setting in {"ROOT_URLCONF", "LANGUAGES"}:
        _nav_urls.cache_clear()


def portal(request):
    path = getattr(request, "path", "")
    section = next((name for prefix, name in NAV_SECTIONS if path.startswith(prefix)), "")
    return {
        "FEEDBACK_EMAIL": settings.FEEDBACK_EMAIL,
        "NAV_SECTION": section,
        "NAV_URLS": _nav_urls(get_script_prefix()),
    }
