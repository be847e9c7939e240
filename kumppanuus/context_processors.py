from django.conf import settings


def portal(request):
    return {"FEEDBACK_EMAIL": settings.FEEDBACK_EMAIL}
