from django.urls import path

from . import views

app_name = "places"

urlpatterns = [
    path("kunnat/<str:code>/yhteyshenkilot/", views.contact, name="contact"),
    path(
        "kunnat/<str:code>/yhteyshenkilot/<int:contact_pk>/poista/",
        views.contact_remove,
        name="contact_remove",
    ),
    path(
        "kunnat/<str:code>/yhteyshenkilot/kutsut/<int:invitation_pk>/peru/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path(
        "kunnat/<str:code>/yhteyshenkilot/kutsut/<int:invitation_pk>/laheta-uudelleen/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path("kunnat/<str:code>/hyvinvointi/", views.priorities, name="priorities"),
    path(
        "kunnat/<str:code>/hyvinvointi/<int:pk>/muokkaa/",
        views.priority_edit,
        name="priority_edit",
    ),
    path(
        "kunnat/<str:code>/hyvinvointi/<int:pk>/poista/",
        views.priority_delete,
        name="priority_delete",
    ),
    path("toimitilat/", views.premises_list, name="premises"),
    path("kunnat/<str:code>/toimitilat/", views.premises_manage, name="premises_manage"),
    path(
        "kunnat/<str:code>/toimitilat/<int:pk>/muokkaa/",
        views.premises_edit,
        name="premises_edit",
    ),
    path(
        "kunnat/<str:code>/toimitilat/<int:pk>/poista/",
        views.premises_delete,
        name="premises_delete",
    ),
]
