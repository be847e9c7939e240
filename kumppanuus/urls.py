from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Kumppanuus"
admin.site.site_title = "Kumppanuus"

urlpatterns = [
    path("", views.home, name="home"),
    path("oma/", views.dashboard, name="dashboard"),
    path("saavutettavuusseloste/", views.accessibility, name="accessibility"),
    path("tietosuojaseloste/", views.privacy, name="privacy"),
    path("health/", views.health, name="health"),
    path("tili/", include("kumppanuus.accounts.urls")),
    path("", include("kumppanuus.notifications.urls")),
    path("kieli/<str:code>/", views.language, name="language"),
    path("yllapito/", admin.site.urls),
    path("", include("kumppanuus.places.urls")),
    path("", include("associations.urls")),
    path("", include("forums.urls")),
    path("", include("grants.urls")),
    path("", include("kumppanuus.partnerships.urls")),
    path("", include("kumppanuus.agreements.urls")),
]
