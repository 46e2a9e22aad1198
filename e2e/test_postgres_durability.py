"""PostgreSQL: the app killed with SIGKILL while people send questionnaires, and PostgreSQL stopped and started
again while they do. Every acknowledged response is stored exactly once, pages say "try again later" while the
database is away, and the app recovers without a restart. Each test runs its own PostgreSQL server (fsync on),
made with the PostgreSQL programs the PostgreSQL test tier installs."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

from test_durability import CLIENTS, LINKS, Senders, Server, dia, free_port, send

BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"))), None)


class Postgres:
    """A throwaway PostgreSQL server on a free port; as root it runs as the postgres user, as PostgreSQL wants."""

    def __init__(self):
        if BIN is None:
            pytest.skip("PostgreSQL is not installed (scripts/test installs it for its PostgreSQL tier)")
        self.folder = Path(tempfile.mkdtemp(prefix="dia-pg-e2e-"))
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        if self.run_as:
            shutil.chown(self.folder, "postgres", "postgres")
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self.command("initdb", "-D", f"{self.folder}/data", "-A", "trust", "-U", "postgres", "-E", "UTF8",
                     "--locale=C.UTF-8")
        self.start()

    def command(self, program: str, *args: str) -> str:
        result = subprocess.run([*self.run_as, f"{BIN}/{program}", *args], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{program}: {result.stdout}{result.stderr}"
        return result.stdout

    def start(self) -> None:
        self.command("pg_ctl", "-D", f"{self.folder}/data", "-l", f"{self.folder}/server.log", "-w", "-t", "60", "-o",
                     f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200", "start")

    def stop(self) -> None:
        """As a crash or a failover would: at once, without waiting for clients."""
        self.command("pg_ctl", "-D", f"{self.folder}/data", "-m", "immediate", "-w", "stop")

    def number(self, query: str) -> int:
        return int(self.command("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-At", "-c", query))

    def remove(self) -> None:
        subprocess.run([*self.run_as, f"{BIN}/pg_ctl", "-D", f"{self.folder}/data", "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


OPEN_SCAN = "(SELECT id FROM scans WHERE status = 'open')"


@pytest.fixture
def postgres(tmp_path):
    """PostgreSQL with one open scan and LINKS personal links whose answers are saved, ready to send."""
    server = Postgres()
    try:
        codes_file = tmp_path / "codes.txt"
        dia(tmp_path, "migrate", database_url=server.url)
        dia(tmp_path, "seed", "synthetic", "--municipalities", "1", "--responses-per-scan", "20", "--links", str(LINKS),
            "--links-file", str(codes_file), database_url=server.url)
        yield server, tmp_path, codes_file.read_text().split()
    finally:
        server.remove()


def counts(pg: Postgres) -> tuple[int, int]:
    return (pg.number(f"SELECT COUNT(*) FROM scan_responses WHERE scan_id = {OPEN_SCAN}"),
            pg.number(f"SELECT COUNT(*) FROM scan_invitations WHERE scan_id = {OPEN_SCAN} AND used"))


def test_on_postgres_an_app_killed_while_people_send_keeps_every_acknowledged_response_exactly_once(postgres):
    pg, data_dir, codes = postgres
    before, used_before = counts(pg)
    app = Server(data_dir, pg.url)
    senders = Senders(app.base, codes).start()
    senders.wait_for(300)
    app.kill()
    senders.join()
    sent, acknowledged = list(senders.sent), set(senders.acknowledged)
    assert 300 <= len(acknowledged) < len(sent) <= len(acknowledged) + CLIENTS

    stored, used = counts(pg)
    assert stored - before == used - used_before, "every used link has its response and no response lacks its link"
    assert len(acknowledged) <= stored - before <= len(sent)
    restarted = Server(data_dir, pg.url)
    try:
        assert all(send(restarted.base, code) for code in acknowledged)
        assert counts(pg)[0] == stored, "sending an acknowledged link again stores nothing"
        assert all(send(restarted.base, code) for code in sent if code not in acknowledged)
        final, final_used = counts(pg)
        assert final - before == len(sent) == final_used - used_before
    finally:
        restarted.stop()
    print(f"\nPostgreSQL, app killed: {len(sent)} sent, {len(acknowledged)} acknowledged, {stored - before} stored at "
          f"the kill, {final - before} after sending the unacknowledged again")


def test_while_postgres_is_down_pages_say_try_again_later_and_the_app_recovers_by_itself(postgres):
    pg, data_dir, codes = postgres
    before, used_before = counts(pg)
    app = Server(data_dir, pg.url)
    try:
        senders = Senders(app.base, codes, stop_when_down=False).start()
        senders.wait_for(200)
        pg.stop()
        page = requests.get(app.base + "/gemeenten", timeout=30)
        health = requests.get(app.base + "/health", timeout=30)
        sending = requests.post(f"{app.base}/vragenlijst/{codes[0]}/versturen", allow_redirects=False, timeout=30)
        senders.join()
        assert page.status_code == 503 and "Probeer het over een paar minuten opnieuw." in page.text
        assert 'lang="nl"' in page.text and page.headers.get("Retry-After") == "30"
        assert health.status_code == 503 and health.json()["status"] == "unavailable"
        assert sending.status_code == 503 and "is niet bewaard" in sending.text

        pg.start()
        deadline = time.monotonic() + 60
        while requests.get(app.base + "/health", timeout=30).status_code != 200:
            assert time.monotonic() < deadline, "the app did not recover within a minute of PostgreSQL's start"
            time.sleep(0.5)
        recovered = time.monotonic() - (deadline - 60)
        assert requests.get(app.base + "/gemeenten", timeout=30).status_code == 200
        sent, acknowledged = list(senders.sent), set(senders.acknowledged)
        stored = counts(pg)[0] - before
        assert len(acknowledged) <= stored, "nothing acknowledged before the stop was lost"
        assert all(send(app.base, code) for code in sent if code not in acknowledged)
        final, final_used = counts(pg)
        assert final - before == len(sent) == final_used - used_before, "each link stored once, none half"
    finally:
        app.stop()
    print(f"\nPostgreSQL stopped under load: {len(sent)} sent, {len(acknowledged)} acknowledged, {stored} stored "
          f"through the stop, {final - before} after sending the rest again; /health 200 again {recovered:.1f} s after the start")
