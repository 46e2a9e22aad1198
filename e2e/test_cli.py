"""The `dia` command line, each test on a fresh SQLite database in its own temporary DIA_DATA_DIR."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
DIA = REPO_ROOT / ".build" / "debug" / "dia"


@pytest.fixture
def dia(tmp_path):
    """Runs `dia ARGS` from the repository root on a fresh data folder; returns the finished process."""
    if not DIA.exists():
        pytest.fail(f"{DIA} is missing: run `swift build --product dia` (scripts/e2e does this)")

    def run(*args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DIA_PUBLIC_URL")}
        env.update({"DIA_DATA_DIR": str(tmp_path), "DIA_BCRYPT_COST": "4", **extra_env})
        return subprocess.run([str(DIA), *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)

    return run


@pytest.fixture
def migrated(dia):
    """`dia` on a fresh data folder that `dia migrate` has prepared, as an operator does on day one."""
    result = dia("migrate")
    assert result.returncode == 0, output(result)
    return dia


def output(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


def test_migrate_reports_342_municipalities(dia):
    result = dia("migrate")
    assert result.returncode == 0, output(result)
    assert "holds 342 municipalities" in result.stdout, output(result)


def test_user_create_prints_a_one_time_activation_link(migrated):
    result = migrated("user", "create", "--email", "a@b.nl", "--role", "trekker", "--municipality", "GM0363")
    assert result.returncode == 0, output(result)
    links = [line.strip() for line in result.stdout.splitlines() if "/activeren/" in line]
    assert len(links) == 1, output(result)
    assert links[0].startswith("http://localhost:8080/activeren/"), links[0]
    assert len(links[0].rsplit("/", 1)[1]) >= 32, "the token is too short to be unguessable"


def test_user_create_with_unknown_role_fails_naming_the_role_option(migrated):
    result = migrated("user", "create", "--email", "a@b.nl", "--role", "keizer", "--municipality", "GM0363")
    assert result.returncode != 0, output(result)
    assert "--role" in result.stderr, output(result)
    assert "trekker" in result.stderr, "the message should list the roles that do exist"


def test_user_create_with_unknown_municipality_fails_naming_the_municipality_option(migrated):
    result = migrated("user", "create", "--email", "a@b.nl", "--role", "trekker", "--municipality", "GM9999")
    assert result.returncode != 0, output(result)
    assert "--municipality" in result.stderr, output(result)
    assert "/activeren/" not in output(result)


def test_reset_password_prints_a_new_link_for_an_existing_account(migrated):
    created = migrated("user", "create", "--email", "a@b.nl", "--role", "trekker", "--municipality", "GM0363")
    assert created.returncode == 0, output(created)
    first_link = next(line for line in created.stdout.splitlines() if "/activeren/" in line).strip()

    result = migrated("user", "reset-password", "a@b.nl")
    assert result.returncode == 0, output(result)
    links = [line.strip() for line in result.stdout.splitlines() if "/activeren/" in line]
    assert len(links) == 1, output(result)
    assert links[0] != first_link


def test_reset_password_for_an_unknown_email_fails(migrated):
    result = migrated("user", "reset-password", "niemand@example.nl")
    assert result.returncode != 0, output(result)
    assert "niemand@example.nl" in result.stderr
    assert "/activeren/" not in output(result)


def test_user_create_before_migrate_explains_what_to_do_instead_of_an_sql_error(dia):
    result = dia("user", "create", "--email", "a@b.nl", "--role", "trekker", "--municipality", "GM0363")
    if result.returncode == 0:
        return  # creating the tables on the way is just as good
    assert "no such table" not in output(result), output(result)
    assert "dia migrate" in result.stderr, output(result)


def test_seed_demo_prints_the_demo_logins(dia):
    result = dia("seed", "demo")
    assert result.returncode == 0, output(result)
    for email in ("programma@demo.dia.example", "trekker@demo.dia.example", "begeleider@demo.dia.example",
                  "raadslid@demo.dia.example"):
        assert email in result.stdout, output(result)
    assert "demo-democratie" in result.stdout


def test_non_postgres_database_url_fails_in_one_line_without_the_password(dia):
    result = dia("migrate", DATABASE_URL="mysql://u:geheim@x/db")
    assert result.returncode == 1, output(result)
    lines = [line for line in output(result).splitlines() if line.strip()]
    assert len(lines) == 1, output(result)
    assert lines[0].startswith("dia: DATABASE_URL:"), lines[0]
    assert "geheim" not in output(result)


def test_unreachable_postgres_fails_naming_database_url_without_the_password(dia):
    result = dia("migrate", DATABASE_URL="postgres://u:geheim@127.0.0.1:1/db")
    assert result.returncode == 1, output(result)
    assert "geheim" not in output(result)
    lines = [line for line in result.stderr.splitlines() if "DATABASE_URL" in line]
    assert len(lines) == 1 and "does not answer" in lines[0], output(result)


def test_unreachable_postgres_says_why_in_plain_words(dia):
    result = dia("migrate", DATABASE_URL="postgres://u:geheim@127.0.0.1:1/db")
    line = next((line for line in result.stderr.splitlines() if "DATABASE_URL" in line), "")
    assert line.endswith("does not answer (connection refused)"), line
