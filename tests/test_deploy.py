"""Production settings: `check --deploy` is clean, and missing secrets stop the server."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "SECRET_KEY": "k7$Qp2!vX9#mL4@rT8^wZ1&bN6*cF3(hJ5)dS0-gY7+eU2=aR9",
    "FIELD_ENCRYPTION_KEYS": f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}",
    "FIELD_HASH_KEY": "a-long-random-hash-key-for-the-deploy-check",
    "ALLOWED_HOSTS": "brightline.example.org",
    "DATABASE_URL": "sqlite:////tmp/brightline-deploy-check.sqlite3",
    "EMAIL_HOST": "smtp.example.org",
    "EMAIL_USE_TLS": "1",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_deploy_check_requires_encryption_keys():
    env = {
        k: v for k, v in PRODUCTION.items() if k not in ("FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY")
    }
    result = _manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "core.E002" in result.stderr
    assert "core.E003" in result.stderr


def test_malformed_encryption_key_is_reported():
    result = _manage("check", env={**PRODUCTION, "FIELD_ENCRYPTION_KEYS": "short"})
    assert result.returncode != 0
    assert "core.E001" in result.stderr
