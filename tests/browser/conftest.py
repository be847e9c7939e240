"""Playwright with Debian's Chromium, a live server and axe-core.

The tests skip when no Chromium is found, unless REQUIRE_BROWSER=1 (CI sets it):
then a missing browser fails the run.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from associations.demo import DEMO_LOGINS
from kumppanuus.accounts.models import User
from kumppanuus.demo import load_all

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]

ROLE_EMAILS = DEMO_LOGINS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
        pytest.skip(f"No Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)

    # Playwright's sync API keeps an event loop in this thread for the rest of
    # the session; the ORM calls of the tests are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fi-FI")
    # Generous: on a busy 2-core machine a page or a file chooser may take a while.
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    load_all()


@pytest.fixture
def login_as(page, live_server, demo):
    """Log the browser in as a demo role: login_as("representative") returns the user."""

    def login(role):
        user = User.objects.get(email=ROLE_EMAILS[role])
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        return user

    return login
