"""The bare Django reference page of `make bench`.

One indexed query for 20 rows of the 100 000-row association table, rendered
by a template, with no middleware and no apps: what one machine gives a page
that does almost nothing.
"""

import os

from django.conf import settings

if not settings.configured:
    import dj_database_url

    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ.get("SECRET_KEY", "reference"),
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=600)},
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [],
                "OPTIONS": {
                    "loaders": [
                        (
                            "django.template.loaders.locmem.Loader",
                            {
                                "reference.html": '<!DOCTYPE html><html lang="fi"><head><title>'
                                "Reference</title></head><body><ul>{% for id, name in rows %}"
                                "<li>{{ id }} {{ name }}</li>{% endfor %}</ul></body></html>"
                            },
                        )
                    ]
                },
            }
        ],
        USE_TZ=True,
    )

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.urls import path  # noqa: E402


def reference(request):
    start = int(request.GET.get("after", "50000"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, name FROM associations_association WHERE id > %s ORDER BY id LIMIT 20",
            [start],
        )
        rows = cursor.fetchall()
    response = render(request, "reference.html", {"rows": rows})
    response["X-Query-Count"] = "1"
    return response


urlpatterns = [path("", reference)]
application = get_wsgi_application()
