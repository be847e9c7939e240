from django.urls import path

from . import views

app_name = "associations"

urlpatterns = [
    path("yhdistykset/", views.directory, name="directory"),
    path("yhdistykset/vienti.<str:fmt>", views.directory_export, name="export"),
    path("yhdistykset/uusi/", views.create, name="create"),
    path("yhdistykset/<int:pk>/", views.detail, name="detail_short"),
    path("yhdistykset/<int:pk>/hallinta/muokkaa/", views.edit, name="edit"),
    path("yhdistykset/<int:pk>/hallinta/", views.manage, name="manage"),
    path("yhdistykset/<int:pk>/hallinta/historia/", views.history, name="history"),
    path(
        "yhdistykset/<int:pk>/hallinta/edustajat/<int:representation_pk>/poista/",
        views.representative_remove,
        name="representative_remove",
    ),
    path(
        "yhdistykset/<int:pk>/hallinta/pyynnot/<int:request_pk>/<str:decision>/",
        views.request_decide,
        name="request_decide",
    ),
    path(
        "yhdistykset/<int:pk>/hallinta/kutsut/<int:invitation_pk>/peru/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path(
        "yhdistykset/<int:pk>/hallinta/kutsut/<int:invitation_pk>/laheta-uudelleen/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path("yhdistykset/<int:pk>/vahvista/", views.verify, name="verify"),
    path("yhdistykset/<int:pk>/pyyda-edustajaksi/", views.request_to_represent, name="request"),
    path("yhdistykset/<int:pk>-<slug:slug>/", views.detail, name="detail"),
    path("kunnat/", views.municipality_list, name="municipalities"),
    path("kunnat/<str:code>/", views.municipality_detail, name="municipality"),
]
