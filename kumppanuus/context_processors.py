from django.conf import settings

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


def portal(request):
    path = getattr(request, "path", "")
    section = next((name for prefix, name in NAV_SECTIONS if path.startswith(prefix)), "")
    return {"FEEDBACK_EMAIL": settings.FEEDBACK_EMAIL, "NAV_SECTION": section}
