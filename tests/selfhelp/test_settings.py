"""Production settings refuse to start without their secrets; check --deploy passes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 30 + "-production-secret-for-the-deploy-check-only",
    "ALLOWED_HOSTS": "selfhelp.example.org",
    "DATABASE_URL": "postgres://selfhelp@db.invalid:5432/selfhelp",
    "CSRF_TRUSTED_ORIGINS": "https://selfhelp.example.org",
}


def manage(*args, env_overrides, drop=()):
    # Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE: check --deploy rightly warns about it.
    drop = (*drop, "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "selfhelp.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing):
    overrides = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", env_overrides=overrides, drop=(missing,))
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", env_overrides={**PRODUCTION, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


def test_strict_parsing_of_booleans():
    result = manage("check", env_overrides={**PRODUCTION, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_database_url_must_be_postgresql():
    result = manage("check", env_overrides={**PRODUCTION, "DATABASE_URL": "sqlite:///db.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_URL must be a PostgreSQL URL" in result.stderr


def test_check_deploy_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
