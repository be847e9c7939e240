from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("avustukset/", views.rounds, name="rounds"),
    path("avustukset/hakuajat.ics", views.calendar, name="calendar"),
    path("avustukset/vuosi/", views.year_view, name="year"),
    path("avustukset/uusi/", views.round_create, name="round_create"),
    path("avustukset/<int:pk>/", views.round_detail, name="round"),
    path("avustukset/<int:pk>/muokkaa/", views.round_edit, name="round_edit"),
    path("avustukset/<int:pk>/kopioi/", views.round_copy, name="round_copy"),
    path("avustukset/<int:pk>/hae/", views.apply, name="apply"),
    path("avustukset/<int:pk>/hakemukset/", views.round_applications, name="round_applications"),
    path("avustukset/<int:pk>/arvioijat/", views.round_reviewers, name="round_reviewers"),
    path("avustukset/<int:pk>/viesti/", views.round_message, name="round_message"),
    path("avustukset/<int:pk>/julkaise/", views.decisions_publish, name="decisions_publish"),
    path("avustukset/<int:pk>/paatosesitys.<str:fmt>", views.proposal_export, name="export"),
    path("avustukset/<int:pk>/viennit/<int:job_pk>/", views.export_job, name="export_job"),
    path(
        "avustukset/<int:pk>/viennit/<int:job_pk>/lataa/",
        views.export_download,
        name="export_download",
    ),
    path("avustukset/<int:pk>/paatokset/", views.decide_selection, name="decide_selection"),
    path("avustukset/<int:pk>/myonnetyt/", views.round_grants, name="round_grants"),
    path("avustukset/tilastot/", views.statistics, name="statistics"),
    path("hakemukset/<int:pk>/paatos/", views.decide, name="decide"),
    path("hakemukset/<int:pk>/maksut/", views.payments, name="payments"),
    path("hakemukset/<int:pk>/kayttoselvitys/", views.usage_report, name="usage_report"),
    path("hakemukset/<int:pk>/", views.application, name="application"),
    path("hakemukset/<int:pk>/arvio/", views.review, name="review"),
    path("hakemukset/<int:pk>/lisapisteet/", views.application_bonus, name="application_bonus"),
    path("hakemukset/<int:pk>/liitteet/", views.attachment_add, name="attachment_add"),
    path("hakemukset/<int:pk>/liitteet/kayta/", views.attachment_reuse, name="attachment_reuse"),
    path("hakemukset/<int:pk>/lisatietoja/", views.info_request, name="info_request"),
    path("hakemukset/<int:pk>/myohassa/", views.late_accept, name="late_accept"),
    path(
        "hakemukset/<int:pk>/liitteet/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "hakemukset/<int:pk>/liitteet/<int:attachment_pk>/poista/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("hakemukset/<int:pk>/laheta/", views.submit, name="submit"),
    path("hakemukset/<int:pk>/kuitti/", views.receipt, name="receipt"),
    path("hakemukset/<int:pk>/peru/", views.withdraw, name="withdraw"),
]
