from django.urls import path, register_converter

from . import views
from .models import COUNTY_KIND, MUNICIPALITY_KIND


class OwnerKindConverter:
    regex = f"{MUNICIPALITY_KIND}|{COUNTY_KIND}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(OwnerKindConverter, "owner_kind")

app_name = "partnerships"

GUIDELINE = "ohjeet/<owner_kind:kind>/<str:code>/"

urlpatterns = [
    path("ohjeet/", views.index, name="index"),
    path("ohjeet/alue/<str:county_code>/", views.region, name="region"),
    path("ohjeet/alue/<str:county_code>/<slug:section>/", views.compare, name="compare"),
    path("hyvinvointi/alue/<str:county_code>/", views.priorities, name="priorities"),
    path("hyvinvointi/painopisteet/<int:pk>/", views.priority, name="priority"),
    path(GUIDELINE, views.guideline, name="guideline"),
    path(GUIDELINE + "versiot/<int:number>/", views.version, name="version"),
    path(GUIDELINE + "versiot/<int:number>/tuloste/", views.version_print, name="print"),
    path(GUIDELINE + "muutokset/", views.changes, name="changes"),
    path(GUIDELINE + "muokkaa/", views.edit, name="edit"),
    path(GUIDELINE + "julkaise/", views.publish, name="publish"),
]
