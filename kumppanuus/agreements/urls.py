from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("sopimukset/", views.agreement_list, name="list"),
    path("sopimukset/<int:pk>/", views.agreement_detail, name="detail"),
    path("sopimukset/<int:pk>/muokkaa/", views.agreement_edit, name="edit"),
    path("sopimukset/<int:pk>/hyvaksy/<int:party_pk>/", views.agreement_accept, name="accept"),
    path("sopimukset/<int:pk>/paivamaarat/", views.agreement_dates, name="dates"),
    path("sopimukset/<int:pk>/irtisano/", views.agreement_terminate, name="terminate"),
    path("sopimukset/<int:pk>/historia/", views.agreement_history, name="history"),
    path("sopimukset/<int:pk>/liitteet/", views.attachment_add, name="attachment_add"),
    path(
        "sopimukset/<int:pk>/liitteet/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "sopimukset/<int:pk>/liitteet/<int:attachment_pk>/poista/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("kunnat/<str:code>/sopimukset/", views.agreement_manage, name="manage"),
    path("kunnat/<str:code>/sopimukset/uusi/", views.agreement_create, name="create"),
]
