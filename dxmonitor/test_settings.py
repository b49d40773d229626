"""Settings for the test suite: the real settings with fast hashing, in-process jobs and in-memory mail."""

import os
import tempfile
from pathlib import Path

from dxmonitor.settings import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # argon2 is asserted in its own test
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
_TMP = Path(tempfile.mkdtemp(prefix="dxm-test-"))
MEDIA_ROOT = _TMP / "media"
DXM_EVENTS_DIR = _TMP / "events"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
LANGUAGE_CODE = os.environ.get("DXM_TEST_LANGUAGE", "vi")
