"""Nothing acknowledged is lost: the server killed with SIGKILL while people send questionnaires, and a backup
taken while they do (SQLite; docs/operations.md). Each test has its own data folder and server."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from support import DIA_BINARY, REPO_ROOT, wait_for_health

KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
LINKS = 1_500
CLIENTS = 8


def environment(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    """SQLite in `data_dir`, or the PostgreSQL database at `database_url`."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DIA_PUBLIC_URL", "DIA_SMTP_URL")}
    env.update(DIA_DATA_DIR=str(data_dir), DIA_BCRYPT_COST="4", DIA_SECRET_KEY=KEY, LOG_LEVEL="warning")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def dia(data_dir: Path, *args: str, database_url: str | None = None) -> str:
    result = subprocess.run([str(DIA_BINARY), *args], cwd=REPO_ROOT, env=environment(data_dir, database_url),
                            capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data_dir: Path, database_url: str | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([str(DIA_BINARY), "serve", "--port", str(self.port)], cwd=REPO_ROOT,
                                        env=environment(data_dir, database_url), stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        wait_for_health(self.base, self.process)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture
def seeded(tmp_path):
    """A fresh database with one open scan and LINKS personal links whose answers are saved, ready to send."""
    if not DIA_BINARY.exists():
        pytest.fail(f"{DIA_BINARY} is missing: run `swift build --product dia` (scripts/e2e does this)")
    codes_file = tmp_path / "codes.txt"
    dia(tmp_path, "migrate")
    dia(tmp_path, "seed", "synthetic", "--municipalities", "1", "--responses-per-scan", "20", "--links", str(LINKS),
        "--links-file", str(codes_file))
    return tmp_path, codes_file.read_text().split()


def counts(data_dir: Path) -> tuple[int, int]:
    """Responses of the open scan, and its links that were used."""
    with sqlite3.connect(data_dir / "dia.sqlite") as db:
        scan = db.execute("SELECT id FROM scans WHERE status = 'open'").fetchone()[0]
        responses = db.execute("SELECT COUNT(*) FROM scan_responses WHERE scan_id = ?", (scan,)).fetchone()[0]
        used = db.execute("SELECT COUNT(*) FROM scan_invitations WHERE scan_id = ? AND used = 1", (scan,)).fetchone()[0]
    return responses, used


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def send(base: str, code: str) -> bool:
    """Sends one questionnaire as the check page's button does; whether the server acknowledged it (303)."""
    response = requests.post(f"{base}/vragenlijst/{code}/versturen", allow_redirects=False, timeout=30)
    return response.status_code == 303 and response.headers.get("Location", "").endswith("/bedankt")


class Senders:
    """CLIENTS threads that send the codes one by one and note which were sent and which acknowledged."""

    def __init__(self, base: str, codes: list[str], stop_when_down: bool = True):
        self.base, self.codes, self.stop_when_down = base, list(codes), stop_when_down
        self.lock = threading.Lock()
        self.sent: list[str] = []
        self.acknowledged: list[str] = []
        self.down = False
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(CLIENTS)]

    def run(self) -> None:
        while True:
            with self.lock:
                if not self.codes or self.down:
                    return
                code = self.codes.pop()
                self.sent.append(code)
            try:
                if send(self.base, code):
                    with self.lock:
                        self.acknowledged.append(code)
            except requests.RequestException:
                # The server went away with this one in flight: sent, not acknowledged.
                self.down = self.stop_when_down

    def start(self) -> "Senders":
        for thread in self.threads:
            thread.start()
        return self

    def wait_for(self, acknowledged: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while len(self.acknowledged) < acknowledged and time.monotonic() < deadline:
            time.sleep(0.01)

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=120)


def test_a_server_killed_while_people_send_keeps_every_acknowledged_response_exactly_once(seeded):
    data_dir, codes = seeded
    before, used_before = counts(data_dir)
    server = Server(data_dir)
    senders = Senders(server.base, codes).start()
    senders.wait_for(300)
    server.kill()
    senders.join()
    sent, acknowledged = list(senders.sent), list(senders.acknowledged)
    assert 300 <= len(acknowledged) < len(sent) <= len(acknowledged) + CLIENTS, "the kill came while responses were being sent"

    stored, used = counts(data_dir)
    assert integrity(data_dir / "dia.sqlite") == "ok"
    assert stored - before == used - used_before, "every used link has its response and no response lacks its link"
    assert len(acknowledged) <= stored - before <= len(sent)

    restarted = Server(data_dir)
    try:
        # Sending an acknowledged link again stores nothing: each was stored already, once.
        assert all(send(restarted.base, code) for code in acknowledged)
        assert counts(data_dir)[0] == stored
        # A link in flight at the kill was stored whole or not at all: sending it now completes the count.
        assert all(send(restarted.base, code) for code in sent if code not in set(acknowledged))
        final, final_used = counts(data_dir)
        assert final - before == len(sent) == final_used - used_before
    finally:
        restarted.stop()
    assert integrity(data_dir / "dia.sqlite") == "ok"
    print(f"\nSIGKILL: {len(sent)} sent, {len(acknowledged)} acknowledged, {stored - before} stored at the kill, "
          f"{final - before} after sending the unacknowledged again")


def test_a_backup_taken_while_people_send_holds_every_response_acknowledged_before_it(seeded, tmp_path_factory):
    data_dir, codes = seeded
    before, _ = counts(data_dir)
    server = Server(data_dir)
    try:
        senders = Senders(server.base, codes).start()
        senders.wait_for(200)
        acknowledged_before_backup = len(senders.acknowledged)
        copy = tmp_path_factory.mktemp("backup") / "dia-backup.sqlite"
        output = dia(data_dir, "backup", str(copy))
        senders.join()
        assert "integrity check ok" in output
        assert integrity(copy) == "ok"
        with sqlite3.connect(copy) as db:
            in_copy = db.execute("SELECT COUNT(*) FROM scan_responses").fetchone()[0]
        with sqlite3.connect(data_dir / "dia.sqlite") as db:
            everything_before = db.execute("SELECT COUNT(*) FROM scan_responses").fetchone()[0] - (counts(data_dir)[0] - before)
        assert in_copy - everything_before >= acknowledged_before_backup
        refused = subprocess.run([str(DIA_BINARY), "backup", str(copy)], cwd=REPO_ROOT, env=environment(data_dir),
                                 capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert refused.returncode != 0 and "exists already" in refused.stdout + refused.stderr
    finally:
        server.stop()
