"""Settings for the test suite: the real settings with test-friendly defaults.

DATABASE_URL and CELERY_BROKER_URL from the environment still win, so CI runs
the same suite on PostgreSQL and Redis.
"""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

from kumppanuus.settings import *  # noqa: E402, F403
from kumppanuus.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# The live server's thread must not keep connections open after the tests.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Each test process has its own cache; the shared file cache has a test of its own.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests see every change at once; the page cache has tests of its own.
PAGE_CACHE_SECONDS = 0
LIST_CACHE_SECONDS = 0
# Templates of the message kinds that tests register for themselves.
TEMPLATES[0]["DIRS"].append(BASE_DIR / "tests" / "templates")  # noqa: F405
