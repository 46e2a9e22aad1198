"""Fixtures: the real `dia serve --demo` on a free loopback port, and one headless Chromium for the whole run."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from support import DIA_BINARY, REPO_ROOT, REPORTS_DIR, Mailbox, Site, clear_cookies, desktop, wait_for_health

CHROMEDRIVER = "/usr/bin/chromedriver"
SCRIPT_TIMEOUT_SECONDS = 20  # axe-core answers in a few seconds; a hang shows up fast
PAGE_LOAD_TIMEOUT_SECONDS = 30


def pytest_configure(config: pytest.Config) -> None:
    REPORTS_DIR.mkdir(exist_ok=True)


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def mailbox() -> Mailbox:
    """An SMTP server on loopback that keeps every message the platform sends (aiosmtpd)."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_loopback_port())
    controller.start()
    box.port = controller.port
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def site(mailbox: Mailbox) -> Site:
    """Starts `dia serve --demo` on a fresh database and a free port, mailing to `mailbox`; yields once /health
    answers 200."""
    if not DIA_BINARY.exists():
        pytest.fail(f"{DIA_BINARY} is missing: run `swift build --product dia` (scripts/e2e does this)")
    data_dir = Path(tempfile.mkdtemp(prefix="dia-e2e-"))
    port = free_loopback_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = data_dir / "server.log"
    env = {**os.environ, "DIA_DATA_DIR": str(data_dir), "DIA_PUBLIC_URL": base_url,
           "DIA_SMTP_URL": f"smtp://127.0.0.1:{mailbox.port}", "DIA_MAIL_FROM": "Democratie in Actie <noreply@dia.example>"}
    env.pop("DATABASE_URL", None)  # always the fresh SQLite file, never someone's PostgreSQL
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [str(DIA_BINARY), "serve", "--demo", "--hostname", "127.0.0.1", "--port", str(port)],
            cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    site = Site(base_url=base_url, data_dir=data_dir, log_path=log_path)
    try:
        try:
            wait_for_health(base_url, process, timeout=60)
        except RuntimeError as error:
            pytest.fail(f"{error}\n--- server log ({log_path}) ---\n{site.log_tail(80)}", pytrace=False)
        yield site
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        shutil.copy(log_path, REPORTS_DIR / "server.log")
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the run (starting one per test would cost a second each)."""
    for path in (CHROMEDRIVER, "/usr/bin/chromium"):
        if not os.path.exists(path):
            pytest.fail(f"{path} is missing: install the Debian packages chromium and chromium-driver "
                        "(scripts/e2e does this when run as root)")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=nl-NL",
                     "--window-size=1280,900", "--hide-scrollbars", "--force-color-profile=srgb"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_script_timeout(SCRIPT_TIMEOUT_SECONDS)
    driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(chromium, site):
    """The shared Chromium, reset for one test: no cookies, a blank page, the 1280x900 desktop viewport."""
    chromium.get("about:blank")
    clear_cookies(chromium)
    desktop(chromium)
    yield chromium
    chromium.get("about:blank")
    clear_cookies(chromium)
