"""The `dia` command line, each test on a fresh SQLite database in its own temporary DIA_DATA_DIR."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
DIA = REPO_ROOT / ".build" / "debug" / "dia"
KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="  # DIA_SECRET_KEY where the command needs one (production, PostgreSQL)


def runner(data_dir: Path):
    """`dia ARGS` from the repository root on the data folder `data_dir`; returns the finished process."""
    if not DIA.exists():
        pytest.fail(f"{DIA} is missing: run `swift build --product dia` (scripts/e2e does this)")

    def run(*args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DIA_PUBLIC_URL")}
        env.update({"DIA_DATA_DIR": str(data_dir), "DIA_BCRYPT_COST": "4", **extra_env})
        return subprocess.run([str(DIA), *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)

    return run


@pytest.fixture
def dia(tmp_path):
    """Runs `dia ARGS` from the repository root on a fresh data folder; returns the finished process."""
    return runner(tmp_path)


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
    assert result.stderr.strip().count("\n") == 0, f"one line saying why, no log lines around it: {result.stderr!r}"


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


def test_postgres_or_production_without_a_secret_key_stops_in_one_line_saying_how_to_make_one(dia):
    for args, env in ((("migrate",), {"DATABASE_URL": "postgres://u:geheim@127.0.0.1:1/db"}),
                      (("migrate", "--env", "production"), {})):
        result = dia(*args, **env)
        assert result.returncode == 1, output(result)
        lines = [line for line in output(result).splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("dia: DIA_SECRET_KEY:"), output(result)
        assert "openssl rand -base64 32" in lines[0] and "geheim" not in output(result)


def test_a_secret_key_is_made_once_in_the_data_folder_outside_production(dia, tmp_path):
    assert dia("migrate").returncode == 0
    key = (tmp_path / "secret.key").read_text()
    assert dia("migrate").returncode == 0
    assert (tmp_path / "secret.key").read_text() == key
    assert oct((tmp_path / "secret.key").stat().st_mode & 0o777) == "0o600"


def test_another_secret_key_than_the_databases_stops_in_one_line(dia):
    assert dia("migrate").returncode == 0
    result = dia("migrate", DIA_SECRET_KEY="AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
    assert result.returncode == 1, output(result)
    assert "DIA_SECRET_KEY: this is not the key" in result.stderr, output(result)


def test_seed_demo_prints_the_demo_logins(dia):
    result = dia("seed", "demo")
    assert result.returncode == 0, output(result)
    for email in ("programma@demo.dia.example", "trekker@demo.dia.example", "begeleider@demo.dia.example",
                  "raadslid@demo.dia.example"):
        assert email in result.stdout, output(result)
    assert "demo-democratie" in result.stdout


def test_demo_data_is_refused_in_production_because_its_password_is_published(dia):
    for args in (("seed", "demo", "--env", "production"), ("serve", "--demo", "--env", "production", "--port", "0")):
        result = dia(*args, DIA_SECRET_KEY=KEY)
        assert result.returncode == 1, output(result)
        assert "refused with --env production" in result.stderr, output(result)
        assert "demo-democratie" not in output(result)


def test_maintenance_applies_the_retention_periods_and_says_what_went(migrated):
    result = migrated("seed", "demo")
    assert result.returncode == 0, output(result)
    result = migrated("maintenance", DIA_RETENTION_ANSWERS_MONTHS="1")
    assert result.returncode == 0, output(result)
    assert "answers 1 months after closing" in result.stdout, output(result)
    erased = re.search(r"scans whose single answers were erased: (\d+)", result.stdout)
    assert erased and int(erased.group(1)) >= 2, output(result)  # the demo's scans closed more than a month ago
    # the demo's basisscan closed 25 days ago: kept for the standard 12 months
    assert "basisscan integriteit files destroyed: 0" in result.stdout, output(result)
    # the demo's woningscan is planned, not carried out: it stays
    assert "woningscan requests removed: 0" in result.stdout, output(result)
    again = migrated("maintenance", DIA_RETENTION_ANSWERS_MONTHS="1")
    assert "scans whose single answers were erased: 0" in again.stdout, output(again)


def test_a_retention_period_out_of_range_stops_the_command_naming_the_variable(migrated):
    result = migrated("maintenance", DIA_RETENTION_ANSWERS_MONTHS="0")
    assert result.returncode == 1, output(result)
    assert "DIA_RETENTION_ANSWERS_MONTHS" in result.stderr and "from 1 to 120" in result.stderr, output(result)


def test_demo_links_lead_to_the_address_serve_listens_on_when_none_is_configured(tmp_path):
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DIA_PUBLIC_URL", "DIA_SMTP_URL")}
    env.update({"DIA_DATA_DIR": str(tmp_path), "DIA_BCRYPT_COST": "4"})
    server = subprocess.Popen([str(DIA), "serve", "--demo", "--port", str(port)], cwd=REPO_ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
    try:
        printed = ""
        deadline = time.time() + 120
        while "scan-inwoners" not in printed and time.time() < deadline and server.poll() is None:
            printed += server.stdout.readline()
        link = re.search(r"(http://\S+/scan-inwoners/\S+)", printed)
        assert link, printed
        assert link.group(1).startswith(f"http://127.0.0.1:{port}/"), printed
        # the printed link is the one the platform uses in its pages and mails, and it answers
        for _ in range(100):
            try:
                with urllib.request.urlopen(link.group(1), timeout=5) as response:
                    assert response.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the printed open link did not answer")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ervaringen/feed.atom", timeout=5) as feed:
            assert f"http://127.0.0.1:{port}/ervaringen" in feed.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_non_postgres_database_url_fails_in_one_line_without_the_password(dia):
    result = dia("migrate", DATABASE_URL="mysql://u:geheim@x/db")
    assert result.returncode == 1, output(result)
    lines = [line for line in output(result).splitlines() if line.strip()]
    assert len(lines) == 1, output(result)
    assert lines[0].startswith("dia: DATABASE_URL:"), lines[0]
    assert "geheim" not in output(result)


def test_unreachable_postgres_fails_naming_database_url_without_the_password(dia):
    result = dia("migrate", DATABASE_URL="postgres://u:geheim@127.0.0.1:1/db", DIA_SECRET_KEY=KEY)
    assert result.returncode == 1, output(result)
    assert "geheim" not in output(result)
    lines = [line for line in result.stderr.splitlines() if "DATABASE_URL" in line]
    assert len(lines) == 1 and "does not answer" in lines[0], output(result)


def test_unreachable_postgres_says_why_in_plain_words(dia):
    result = dia("migrate", DATABASE_URL="postgres://u:geheim@127.0.0.1:1/db", DIA_SECRET_KEY=KEY)
    line = next((line for line in result.stderr.splitlines() if "DATABASE_URL" in line), "")
    assert line.endswith("does not answer (connection refused)"), line


# ---------------------------------------------------------------------------------------------------------------
# dia scan list / dia scan report, on the demo data (read only, so one seeded database serves them all)

UUID_RE = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
CODE_RE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}")  # 16 characters in groups of four


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """`dia` on a database that `dia seed demo` has filled; the tests that use it only read."""
    run = runner(tmp_path_factory.mktemp("demo"))
    result = run("seed", "demo")
    assert result.returncode == 0, output(result)
    return run


def scan_list(run, *args: str) -> list[dict]:
    result = run("scan", "list", "--format", "json", *args)
    assert result.returncode == 0, output(result)
    return json.loads(result.stdout)


def demo_scan_id(run, code: str, title: str) -> str:
    return next(row["id"] for row in scan_list(run) if row["municipalityCode"] == code and row["title"] == title)


def test_scan_list_json_lists_demodorps_scans_with_ids_and_response_counts(demo):
    rows = scan_list(demo)
    assert len({row["id"] for row in rows}) == len(rows), "every scan should have an id of its own"
    assert all(UUID_RE.fullmatch(row["id"]) for row in rows), [row["id"] for row in rows]
    demodorp = {row["title"]: row for row in rows if row["municipalityCode"] == "GM9901"}
    assert set(demodorp) == {"Quick Scan 2024", "Quick Scan 2026"}, demodorp
    # The demo seeds 12 + 5 + 24 + 90 responses in 2024 and 15 + 4 + 30 + 120 in 2026.
    assert demodorp["Quick Scan 2024"]["responses"] == 131
    assert demodorp["Quick Scan 2026"]["responses"] == 169
    assert demodorp["Quick Scan 2024"]["status"] == "closed"
    assert demodorp["Quick Scan 2026"]["status"] == "report"
    assert all(row["municipality"] == "Demodorp" for row in demodorp.values())

    # --municipality narrows the list to the same two scans.
    only = scan_list(demo, "--municipality", "GM9901")
    assert sorted(row["id"] for row in only) == sorted(row["id"] for row in demodorp.values())


def test_scan_report_json_suppresses_demodorps_college_in_2026_and_gives_theme_totals(demo):
    scan_id = demo_scan_id(demo, "GM9901", "Quick Scan 2026")
    result = demo("scan", "report", scan_id, "--format", "json")
    assert result.returncode == 0, output(result)
    report = json.loads(result.stdout)
    assert report["scanID"] == scan_id and report["municipality"] == "Demodorp"
    assert report["suppressedGroups"] == ["college"]
    college = next(group for group in report["groups"] if group["group"] == "college")
    assert college["shown"] is False and college.get("responses") is None, "a suppressed group's count must not show"
    assert len(report["themes"]) >= 5
    for theme in report["themes"]:
        assert isinstance(theme["total"], (int, float)) and 0 <= theme["total"] <= 100, theme
        assert "college" not in {score["group"] for score in theme["groups"]}, theme["id"]
    assert report["trend"], "Demodorp's 2026 scan has the 2024 scan to compare with"


def test_scan_report_csv_theme_totals_match_the_json_rounded_to_one_decimal(demo):
    scan_id = demo_scan_id(demo, "GM9901", "Quick Scan 2026")
    as_json = demo("scan", "report", scan_id, "--format", "json")
    as_csv = demo("scan", "report", scan_id, "--format", "csv")
    assert as_json.returncode == 0 and as_csv.returncode == 0, output(as_json) + output(as_csv)
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert rows and list(rows[0]) == ["section", "theme", "group", "measure", "value"], as_csv.stdout[:200]
    csv_totals = {row["theme"]: row["value"] for row in rows
                  if (row["section"], row["group"], row["measure"]) == ("theme", "total", "score")}
    json_totals = {theme["id"]: theme["total"] for theme in json.loads(as_json.stdout)["themes"]}
    assert set(csv_totals) == set(json_totals)
    for theme, total in json_totals.items():
        assert csv_totals[theme] == f"{total:.1f}", f"{theme}: CSV {csv_totals[theme]}, JSON {total}"
    assert {"section": "responses", "theme": "", "group": "college", "measure": "suppressed", "value": ""} in rows


@pytest.mark.parametrize("scan_id", ["00000000-0000-0000-0000-000000000000", "geen-id"])
def test_scan_report_of_an_unknown_id_fails_saying_so(demo, scan_id):
    result = demo("scan", "report", scan_id, "--format", "json")
    assert result.returncode != 0, output(result)
    assert f"There is no scan with the id {scan_id}" in result.stderr, output(result)
    assert "dia scan list" in result.stderr, "the message should say where to find the ids"
    assert "{" not in result.stdout, "no report should be printed"


def test_scan_report_of_a_scan_that_is_not_closed_fails_saying_so(demo):
    open_scan = next(row for row in scan_list(demo) if row["status"] == "open")
    result = demo("scan", "report", open_scan["id"], "--format", "json")
    assert result.returncode != 0, output(result)
    assert "is open" in result.stderr and "once it is closed" in result.stderr, output(result)
    assert "{" not in result.stdout, "no report should be printed"


def test_seed_synthetic_makes_closed_scans_of_the_given_size_and_writes_the_link_codes(dia, tmp_path):
    links_file = tmp_path / "codes.txt"
    result = dia("seed", "synthetic", "--municipalities", "2", "--responses-per-scan", "50", "--links", "5",
                 "--links-file", str(links_file))
    assert result.returncode == 0, output(result)

    rows = scan_list(dia)
    closed = [row for row in rows if row["status"] == "closed"]
    assert sorted(row["municipalityCode"] for row in closed) == ["GM7001", "GM7002"], rows
    assert [row["responses"] for row in closed] == [50, 50], closed
    # --links opens one more scan in the first municipality, for the links; nobody has sent it yet.
    others = [row for row in rows if row["status"] != "closed"]
    assert [(row["municipalityCode"], row["status"], row["responses"]) for row in others] == [("GM7001", "open", 0)]

    codes = links_file.read_text().splitlines()
    assert len(codes) == 5 and len(set(codes)) == 5, codes
    assert all(CODE_RE.fullmatch(code) for code in codes), codes
    assert not any(code in result.stdout for code in codes), "with --links-file the codes go to the file only"


def test_lottery_verify_repeats_a_draw_from_the_file_and_seed_and_refuses_a_wrong_fingerprint(dia, tmp_path):
    # The same addresses in another order, with a BOM, a header and a repeat: the same draw and fingerprints.
    addresses = [f"Dorpsstraat {n};9999 AA;Demodorp" for n in range(1, 201)]
    first = tmp_path / "adressen.csv"
    first.write_text("straat;postcode;plaats\n" + "\n".join(addresses) + "\n", encoding="utf-8")
    second = tmp_path / "adressen-omgekeerd.csv"
    second.write_text("\ufeff" + "\r\n".join(reversed(addresses + addresses[:3])) + "\r\n", encoding="utf-8")
    runs = [dia("lottery", "verify", "--addresses", str(path), "--seed", "raad 8 december: 4711", "--letters", "20", "--list")
            for path in (first, second)]
    for result in runs:
        assert result.returncode == 0, output(result)
    one, other = (json.loads(result.stdout) for result in runs)
    assert one["drawFingerprint"] == other["drawFingerprint"] and one["drawn"] == other["drawn"]
    assert one["fileFingerprint"] == other["fileFingerprint"]
    assert (one["addresses"], one["skippedLines"], other["duplicates"]) == (200, 1, 3)
    assert len(one["drawn"]) == 20
    # The doc's Python lines give the same draw.
    import hashlib
    normal = [a.lower().replace(";", ", ") for a in addresses]
    expected = sorted(normal, key=lambda a: hashlib.sha256(("raad 8 december: 4711\n" + a).encode()).hexdigest())[:20]
    assert one["drawn"] == expected

    matching = dia("lottery", "verify", "--addresses", str(first), "--seed", "raad 8 december: 4711", "--letters", "20",
                   "--expect", one["drawFingerprint"])
    assert matching.returncode == 0 and json.loads(matching.stdout)["matches"] is True, output(matching)
    other_seed = dia("lottery", "verify", "--addresses", str(first), "--seed", "4712", "--letters", "20",
                     "--expect", one["drawFingerprint"])
    assert other_seed.returncode != 0 and "differs from --expect" in output(other_seed)
    too_many = dia("lottery", "verify", "--addresses", str(first), "--seed", "4711", "--letters", "201")
    assert too_many.returncode != 0 and "--letters" in output(too_many) and "200 addresses" in output(too_many)
