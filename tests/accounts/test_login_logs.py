import time_machine
from axes.models import AccessLog

from kumppanuus.accounts.tasks import purge_login_logs
from tests import factories


def test_login_records_older_than_the_limit_are_deleted(client, db, settings):
    settings.LOGIN_LOG_DAYS = 30
    user = factories.make_user("kirjautuja@example.fi")
    credentials = {"username": user.email, "password": factories.PASSWORD}
    with time_machine.travel("2026-09-01 12:00:00+03:00", tick=False):
        assert client.post("/tili/kirjaudu/", credentials).status_code == 302
    with time_machine.travel("2026-11-20 12:00:00+02:00", tick=False):
        assert client.post("/tili/kirjaudu/", credentials).status_code == 302
        assert AccessLog.objects.count() == 2
        purge_login_logs.delay()
        assert AccessLog.objects.get().attempt_time.month == 11
