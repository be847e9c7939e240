from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("kirjaudu/", views.LoginView.as_view(), name="login"),
    path("ulos/", views.logout_view, name="logout"),
    path("profiili/", views.profile, name="profile"),
    path("omat-tiedot.json", views.my_data, name="my_data"),
    path("salasana/vaihda/", views.PasswordChangeView.as_view(), name="password_change"),
    path("salasana/unohtunut/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "salasana/unohtunut/lahetetty/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "salasana/uusi/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "salasana/uusi/valmis/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("kutsu/<str:token>/", views.invitation, name="invitation"),
]
