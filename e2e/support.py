"""Shared helpers for the real-browser tests: accounts, viewports, signing in, and the list of page types.

Every page type is described once (PAGES) and checked twice: by axe-core in Chromium (test_accessibility.py)
and by the Nu HTML Checker on the raw HTML the server sends (test_html_validity.py).
"""

from __future__ import annotations

import csv
import email
import email.policy
import itertools
import threading
import os
import re
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import requests
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

REPO_ROOT = Path(__file__).resolve().parent.parent
DIA_BINARY = REPO_ROOT / ".build" / "debug" / "dia"
E2E_DIR = Path(__file__).resolve().parent
REPORTS_DIR = E2E_DIR / "reports"
SCREENSHOTS_DIR = E2E_DIR / "screenshots"

DEMO_PASSWORD = "demo-democratie"
ACCOUNTS = {
    "staff": "programma@demo.dia.example",
    "coordinator": "trekker@demo.dia.example",  # coordinator (trekker) of GM9901 Demodorp
    "other-coordinator": "trekker.voorbeeldstad@demo.dia.example",  # trekker of GM9902 only
    "council": "raadslid@demo.dia.example",  # council member (raadslid) of GM9901 Demodorp
    "handler": "behandelaar@demo.dia.example",  # handler of challenges (behandelaar) of GM9901 and GM9902
    "mayor": "burgemeester@demo.dia.example",  # burgemeester of GM9901 Demodorp
}

DEMO_SCAN_TITLE = "Quick Scan 2026"  # Demodorp's demo scan whose report is shared with the council

DESKTOP = (1280, 900)
PHONE = (375, 812)
WAIT_SECONDS = 15
POLL_SECONDS = 0.05  # WebDriverWait's default of 0.5 s would add up to most of a long journey's time

CSRF_RE = re.compile(r'<input type="hidden" name="csrf" value="([^"]+)"')


def municipality_names() -> dict[str, str]:
    """CBS code -> name, from the same file the server loads."""
    with open(REPO_ROOT / "Resources" / "Data" / "gemeenten.csv", encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


# ---------------------------------------------------------------------------------------------------------------
# The browser


def set_viewport(driver: WebDriver, width: int, height: int, mobile: bool | None = None) -> None:
    """Exact CSS viewport through the DevTools protocol (window sizes differ per platform; this does not)."""
    if mobile is None:
        mobile = width < 600
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def clear_cookies(driver: WebDriver) -> None:
    """Forgets every cookie of every site (WebDriver's own delete only reaches the current page's site)."""
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})


def desktop(driver: WebDriver) -> None:
    set_viewport(driver, *DESKTOP, mobile=False)


def phone(driver: WebDriver) -> None:
    set_viewport(driver, *PHONE, mobile=True)


def sideways_overflow(driver: WebDriver, width: int) -> tuple[int, int, list[str]]:
    """(page width, `width`, up to 10 elements that stick out of `width` or whose content spills over their box).

    `width` is the width the test set: a mobile viewport widens itself to fit content that is too wide.
    """
    return driver.execute_script("""
        const vw = arguments[0], d = document.documentElement;
        const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
            + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
        const out = [];
        for (const el of document.body.querySelectorAll('*')) {
          if (el.closest('.table-wrap')) continue;  // a wide table scrolls inside its own box, by design
          const r = el.getBoundingClientRect();
          if (r.width === 0) continue;
          const spills = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible'
                         && el.clientWidth > 0 && r.left + el.scrollWidth > vw + 1;
          if (r.right > vw + 1 || spills) {
            out.push(name(el) + ' (' + (spills ? 'content ' + Math.round(r.left + el.scrollWidth) : 'box ' + Math.round(r.right)) + 'px)');
          }
        }
        return [d.scrollWidth, vw, out.slice(0, 10)];
    """, width)


def wait_until_loaded(driver: WebDriver) -> None:
    WebDriverWait(driver, WAIT_SECONDS, poll_frequency=POLL_SECONDS).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def wait_for_path(driver: WebDriver, path: str) -> None:
    """Waits until the browser shows `path` (and query, when `path` has one)."""

    def arrived(d: WebDriver) -> bool:
        url = urlparse(d.current_url)
        here = url.path + (("?" + url.query) if url.query and "?" in path else "")
        return here == path

    try:
        WebDriverWait(driver, WAIT_SECONDS, poll_frequency=POLL_SECONDS).until(arrived)
    except TimeoutException:
        raise AssertionError(f"expected to arrive at {path}, but the browser shows {driver.current_url} "
                             f"(h1: {h1_text(driver)!r})") from None
    wait_until_loaded(driver)


def submit_form(driver: WebDriver, form_selector: str, fields: dict[str, str]) -> None:
    """Types into the named fields of one form and presses its submit button, as a person would."""
    form = driver.find_element(By.CSS_SELECTOR, form_selector)
    for name, value in fields.items():
        element = form.find_element(By.NAME, name)
        kind = (element.get_attribute("type") or element.tag_name).lower()
        if kind == "hidden":
            continue  # sent as the page has it; named in `fields` for the plain-HTTP fetch, which has no page form
        if element.tag_name == "select":
            element.find_element(By.CSS_SELECTOR, f'option[value="{value}"]').click()
        elif kind == "checkbox":
            if bool(value) != element.is_selected():
                element.click()
        elif kind == "radio":
            form.find_element(By.CSS_SELECTOR, f'input[name="{name}"][value="{value}"]').click()
        elif kind == "file":
            element.send_keys(value)  # the path of the file to upload
        elif kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            # typed as digits in the order the browser's language shows day, month and year (anything else, such as
            # a word, is typed as it is, as a person without a date picker would)
            year, month, day = value.split("-")
            order = driver.execute_script(
                "return new Intl.DateTimeFormat(navigator.language).formatToParts(new Date(2027, 1, 1))"
                ".filter(p => ['day', 'month', 'year'].includes(p.type)).map(p => p.type);")
            element.click()
            element.send_keys("".join({"day": day, "month": month, "year": year}[part] for part in order))
        else:
            element.clear()
            element.send_keys(value)
    button = form.find_element(By.CSS_SELECTOR, 'button[type="submit"]')
    with new_document(driver):
        button.click()


@contextmanager
def new_document(driver: WebDriver):
    """Waits, after the body of the with-block, until the browser has loaded a new document (a form's answer)."""
    driver.execute_script("window.__e2eOldDocument = true;")
    yield

    def replaced(d: WebDriver) -> bool:
        return d.execute_script("return window.__e2eOldDocument !== true && document.readyState === 'complete';")

    # While the page is being replaced the driver can answer with odd errors; they only mean "not yet".
    try:
        WebDriverWait(driver, WAIT_SECONDS, poll_frequency=POLL_SECONDS,
                      ignored_exceptions=(WebDriverException,)).until(replaced)
    except TimeoutException:
        raise AssertionError(
            f"no new page loaded within {WAIT_SECONDS} s (the browser shows {driver.current_url})") from None


def sign_in(driver: WebDriver, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Signs in through the login form and waits for the dashboard."""
    driver.get(base_url + "/inloggen")
    wait_until_loaded(driver)
    submit_form(driver, 'form[action="/inloggen"]', {"email": email, "password": password})
    wait_for_path(driver, "/dashboard")


def h1_text(driver: WebDriver) -> str:
    """The page's main heading ('' when it has none)."""
    headings = driver.find_elements(By.TAG_NAME, "h1")
    return headings[0].text.strip() if headings else ""


# ---------------------------------------------------------------------------------------------------------------
# Plain HTTP, for the raw HTML the server sends


def csrf_token(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "the page has no hidden csrf field"
    return match.group(1)


def http_session(base_url: str, who: str | None = None) -> requests.Session:
    """A requests session; signed in through the real login form when `who` names an account."""
    session = requests.Session()
    if who is not None:
        form = session.get(base_url + "/inloggen", timeout=WAIT_SECONDS)
        form.raise_for_status()
        response = session.post(
            base_url + "/inloggen",
            data={"csrf": csrf_token(form.text), "email": ACCOUNTS[who], "password": DEMO_PASSWORD, "terug": ""},
            timeout=WAIT_SECONDS,
        )
        assert urlparse(response.url).path == "/dashboard", (
            f"signing in as {who} ended at {response.url} with status {response.status_code}"
        )
    return session


# ---------------------------------------------------------------------------------------------------------------
# Email: what the platform sent to the SMTP server of the test run


class Mailbox:
    """An aiosmtpd handler that keeps every message; tests wait for one to arrive for an address."""

    def __init__(self) -> None:
        self.port = 0
        self._messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self._messages.append(message)
        return "250 OK"

    def wait_for(self, recipient: str, subject: str, after: int = 0, timeout: float = 30) -> email.message.EmailMessage:
        """The first message to `recipient` with `subject` among those that arrived after the first `after`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                for message in self._messages[after:]:
                    if recipient in str(message["To"]) and str(message["Subject"]) == subject:
                        return message
            time.sleep(0.2)
        raise AssertionError(f"no message '{subject}' to {recipient} within {timeout} s")

    def messages_to(self, recipient: str, subject: str, after: int = 0) -> list[email.message.EmailMessage]:
        with self._lock:
            return [m for m in self._messages[after:] if recipient in str(m["To"]) and str(m["Subject"]) == subject]

    def count(self) -> int:
        with self._lock:
            return len(self._messages)


def text_of(message: email.message.EmailMessage) -> str:
    """The plain-text part of a message, decoded."""
    return message.get_body(preferencelist=("plain",)).get_content()


# ---------------------------------------------------------------------------------------------------------------
# The site under test, with the few paths that only exist at run time


@dataclass
class Site:
    base_url: str
    data_dir: Path
    log_path: Path
    _cache: dict[str, str] = field(default_factory=dict)
    _free_codes: list[str] = field(default_factory=lambda: ["GM0034", "GM0037", "GM0047", "GM0050", "GM0059",
                                                             "GM0060", "GM0072", "GM0074", "GM0080", "GM0085"])

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def run_dia(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """The `dia` command on the same database as the running server."""
        env = {**os.environ, "DIA_DATA_DIR": str(self.data_dir), "DIA_PUBLIC_URL": self.base_url}
        env.pop("DATABASE_URL", None)
        return subprocess.run([str(DIA_BINARY), *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                              timeout=timeout)

    def signup_detail_path(self, municipality_name: str) -> str:
        """The staff page of the open sign-up of one municipality, read from /beheer/aanmeldingen."""
        html = http_session(self.base_url, "staff").get(self.base_url + "/beheer/aanmeldingen",
                                                         timeout=WAIT_SECONDS).text
        match = re.search(r'<a href="(/beheer/aanmeldingen/[0-9A-Fa-f-]{36})">' + re.escape(municipality_name) + "</a>",
                          html)
        assert match, f"no sign-up of {municipality_name} on /beheer/aanmeldingen"
        return match.group(1)

    def _path_open_signup(self) -> str:
        """The demo's pending sign-up of GM9906 Proefwijk (nobody accepts it during the run)."""
        return self.signup_detail_path("Proefwijk")

    def _path_activation(self) -> str:
        """A valid one-time activation link, made with `dia user create` on the server's own database."""
        if "activation" not in self._cache:
            result = self.run_dia("user", "create", "--email", "nieuw.account@example.nl", "--role", "trekker",
                                  "--municipality", "GM0363")
            assert result.returncode == 0, result.stdout + result.stderr
            links = [line for line in result.stdout.splitlines() if "/activeren/" in line]
            assert links, result.stdout
            self._cache["activation"] = urlparse(links[-1].strip()).path
        return self._cache["activation"]

    def _path_new_signup(self) -> str:
        """Signs up one more real municipality through the public form and returns its staff page."""
        code = self._free_codes.pop(0)
        name = municipality_names()[code]
        session = requests.Session()
        form = session.get(self.base_url + "/doe-mee", timeout=WAIT_SECONDS)
        response = session.post(self.base_url + "/doe-mee", timeout=WAIT_SECONDS, data={
            "csrf": csrf_token(form.text), "municipalityCode": code, "contactName": "Fenna Dijkstra",
            "contactFunction": "griffier", "email": f"griffie.{code.lower()}@example.nl", "phone": "",
            "motivation": "", "acceptsTerms": "ja"})
        assert urlparse(response.url).path == "/doe-mee/bedankt", f"signing up {code} failed: {response.status_code}"
        return self.signup_detail_path(name)

    def _path_unsubscribe(self) -> str:
        """The link in a weekly overview that turns it off: `dia digest` writes this week's overview (programme
        staff have the demo's waiting sign-up in it), and the outbox page shows its text to staff."""
        if "unsubscribe" not in self._cache:
            result = self.run_dia("digest")
            assert result.returncode == 0, result.stdout + result.stderr
            session = http_session(self.base_url, "staff")
            html = session.get(self.base_url + "/beheer/e-mail", timeout=WAIT_SECONDS).text
            match = re.search(r'<a href="(/beheer/e-mail/[0-9A-Fa-f-]{36})">Het overzicht van de week', html)
            assert match, "no weekly overview on /beheer/e-mail after `dia digest`"
            message = session.get(self.base_url + match.group(1), timeout=WAIT_SECONDS).text
            link = re.search(r"(/afmelden/[A-Za-z0-9.-]+)", message)
            assert link, "the weekly overview has no link to turn it off"
            self._cache["unsubscribe"] = link.group(1)
        return self._cache["unsubscribe"]

    def _path_outbox(self) -> str:
        """The outbox, once it holds a message."""
        self._path_outbox_message()
        return "/beheer/e-mail"

    def _path_outbox_message(self) -> str:
        """A message in the outbox, read from /beheer/e-mail; a new sign-up writes some when there are none yet."""
        session = http_session(self.base_url, "staff")
        for attempt in range(2):
            html = session.get(self.base_url + "/beheer/e-mail", timeout=WAIT_SECONDS).text
            match = re.search(r'<a href="(/beheer/e-mail/[0-9A-Fa-f-]{36})">', html)
            if match:
                return match.group(1)
            self._path_new_signup()
        raise AssertionError("no message on /beheer/e-mail, even after a new sign-up")

    def _path_experience_edit(self) -> str:
        """The editing page of one of Demodorp's published experiences, from its list."""
        html = http_session(self.base_url, "coordinator").get(f"{self.base_url}/gemeenten/GM9901/ervaringen",
                                                              timeout=WAIT_SECONDS).text
        match = re.search(r'href="(/gemeenten/GM9901/ervaringen/[0-9A-Fa-f-]{36})"', html)
        assert match, "no experience of Demodorp on /gemeenten/GM9901/ervaringen"
        return match.group(1)

    def _path_experience_review(self) -> str:
        """The review page of the demo experience that waits for programme staff."""
        html = http_session(self.base_url, "staff").get(f"{self.base_url}/beheer/ervaringen", timeout=WAIT_SECONDS).text
        match = re.search(r'href="(/beheer/ervaringen/[0-9A-Fa-f-]{36})"', html)
        assert match, "no experience waiting on /beheer/ervaringen"
        return match.group(1)

    def _path_experience_versions(self) -> str:
        """The comparison of the two versions of Demodorp's Raad in beraad experience (the second waits for review)."""
        html = http_session(self.base_url, "staff").get(f"{self.base_url}/beheer/ervaringen", timeout=WAIT_SECONDS).text
        for item in re.findall(r"<(?:li|tr)\b.*?</(?:li|tr)>", html, flags=re.S):
            match = re.search(r'href="(/beheer/ervaringen/[0-9A-Fa-f-]{36})"', item)
            if match and "Raad in beraad: oefenen met publieke druk" in item:
                return match.group(1) + "/versies"
        raise AssertionError("Demodorp's Raad in beraad experience is not on /beheer/ervaringen")

    def _path_challenge_follow(self) -> str:
        """The follow-up page of a challenge submitted to Demodorp now, as a group of inhabitants would."""
        if "challenge_follow" not in self._cache:
            session = requests.Session()
            form = f"{self.base_url}/gemeenten/GM9901/uitdaagrecht/indienen"
            fields = {"csrf": csrf_token(session.get(form, timeout=WAIT_SECONDS).text),
                      "task": "Onderhoud van speelplekken", "otherTask": "Beheer van speeltuin De Vlinder",
                      "groupName": "Buurtgroep De Vlinder", "legalForm": "vereniging", "contactName": "Emma de Graaf",
                      "email": "emma.devlinder@example.org", "plan": "Wij houden de speeltuin schoon en veilig.",
                      "support": "70 ouders tekenden.", "capacity": "Acht ouders maken een rooster.", "consent": "ja"}
            response = session.post(form, data=fields, timeout=WAIT_SECONDS)
            path = urlparse(response.url).path
            assert re.fullmatch(r"/uitdaagrecht/volgen/[A-Za-z0-9_-]{43}", path), f"submitting a challenge led to {response.url}"
            self._cache["challenge_follow"] = path
        return self._cache["challenge_follow"]

    def _challenge(self, state: str) -> str:
        """A demo challenge of Demodorp in this state ("Voorstel ingediend", "Geëvalueerd"), from the handlers' desk."""
        html = http_session(self.base_url, "handler").get(f"{self.base_url}/gemeenten/GM9901/uitdagingen",
                                                          timeout=WAIT_SECONDS).text
        for item in re.findall(r"<(?:tr|li)\b.*?</(?:tr|li)>", html, flags=re.S):
            match = re.search(r'href="(/gemeenten/GM9901/uitdagingen/[0-9A-Fa-f-]{36})"', item)
            if match and state in item:
                return match.group(1)
        raise AssertionError(f"no challenge '{state}' on Demodorp's desk")

    def _path_challenge_advice(self) -> str:
        return self._challenge("Voorstel ingediend")

    def _path_challenge_entry(self) -> str:
        """The public register entry of Demodorp's evaluated challenge."""
        html = requests.get(f"{self.base_url}/uitdaagrecht?fase=geevalueerd", timeout=WAIT_SECONDS).text
        match = re.search(r'href="(/uitdaagrecht/[0-9A-Fa-f-]{36})"', html)
        assert match, "no evaluated challenge in the register"
        return match.group(1)

    def _request(self, state: str) -> str:
        """A demo request of Demodorp in this state ("Geëvalueerd", "Gepland", "Ingediend"), from its list."""
        html = http_session(self.base_url, "coordinator").get(f"{self.base_url}/gemeenten/GM9901/aanvragen",
                                                              timeout=WAIT_SECONDS).text
        for row in re.findall(r"<tr>.*?</tr>", html, flags=re.S):
            match = re.search(r'href="(/gemeenten/GM9901/aanvragen/[0-9A-Fa-f-]{36})"', row)
            if match and f"<td>{state}</td>" in row:
                return match.group(1)
        raise AssertionError(f"no demo request of Demodorp that is {state}")

    def _path_request_evaluated(self) -> str:
        return self._request("Geëvalueerd")

    def _path_request_submitted(self) -> str:
        return self._request("Ingediend")

    def _path_staff_request_submitted(self) -> str:
        """The same submitted request, on the page where programme staff handle it."""
        return "/beheer/aanvragen/" + self._request("Ingediend").rsplit("/", 1)[1]

    def _path_conversation(self) -> str:
        """Demodorp's verdiepingsgesprek of the demo, from its list of conversations."""
        html = http_session(self.base_url, "coordinator").get(f"{self.base_url}/gemeenten/GM9901/gesprekken",
                                                              timeout=WAIT_SECONDS).text
        for row in re.findall(r"<tr>.*?</tr>", html, flags=re.S):
            match = re.search(r'href="(/gemeenten/GM9901/gesprekken/[0-9A-Fa-f-]{36})"', row)
            if match and "Verdiepingsgesprek" in row:
                return match.group(1)
        raise AssertionError("no verdiepingsgesprek of Demodorp on /gemeenten/GM9901/gesprekken")

    def _scan_rows(self, who: str, code: str) -> list[str]:
        html = http_session(self.base_url, who).get(f"{self.base_url}/gemeenten/{code}/scans", timeout=WAIT_SECONDS).text
        return re.findall(r"<tr>.*?</tr>", html, flags=re.S)

    def _demo_scan_rows(self) -> list[str]:
        """Demodorp's row of the demo's "Quick Scan 2026" (closed, report shared), picked by title: a test may add
        newer scans to Demodorp (test_quickscan_journey.py does), and those must not change the pages checked here."""
        return [row for row in self._scan_rows("coordinator", "GM9901")
                if f">{DEMO_SCAN_TITLE}</a>" in row and "/rapport" in row]

    def _path_scan(self) -> str:
        """The page of Demodorp's demo Quick Scan 2026 (closed, report shared), as its coordinator sees it."""
        rows = self._demo_scan_rows()
        match = next((m for row in rows if (m := re.search(r'href="(/gemeenten/GM9901/scans/[0-9A-F-]{36})"', row))),
                     None)
        assert match, "no Quick Scan of Demodorp on /gemeenten/GM9901/scans"
        return match.group(1)

    def _path_erase_answers(self) -> str:
        """The confirmation before erasing the single answers of Demodorp's Quick Scan 2026 (only opened, never sent)."""
        scan_id = self._path_scan().rsplit("/", 1)[1]
        return f"/gemeenten/GM9901/gegevens/scans/{scan_id}/antwoorden-wissen"

    def _path_report(self) -> str:
        """The report of Demodorp's demo Quick Scan 2026."""
        rows = self._demo_scan_rows()
        match = next((m for row in rows if (m := re.search(r'href="(/gemeenten/GM9901/scans/[^"]+/rapport)"', row))),
                     None)
        assert match, "no Quick Scan report of Demodorp on /gemeenten/GM9901/scans"
        return match.group(1)

    def _path_open_scan(self) -> str:
        """The page of Voorbeeldstad's demo Quick Scan that is open for answers, as its coordinator sees it."""
        if "open_scan" not in self._cache:
            rows = [row for row in self._scan_rows("other-coordinator", "GM9902") if "Open voor antwoorden" in row]
            match = re.search(r'href="(/gemeenten/GM9902/scans/[0-9A-F-]{36})"', rows[0]) if rows else None
            assert match, "no open Quick Scan of Voorbeeldstad on /gemeenten/GM9902/scans"
            self._cache["open_scan"] = match.group(1)
        return self._cache["open_scan"]

    def _path_closed_scan(self) -> str:
        """The page of Voorbeeldstad's demo Quick Scan 2025: closed, its report not shared, so it can open again."""
        if "closed_scan" not in self._cache:
            rows = [row for row in self._scan_rows("other-coordinator", "GM9902") if ">Gesloten<" in row]
            match = re.search(r'href="(/gemeenten/GM9902/scans/[0-9A-F-]{36})"', rows[0]) if rows else None
            assert match, "no closed Quick Scan of Voorbeeldstad on /gemeenten/GM9902/scans"
            self._cache["closed_scan"] = match.group(1)
        return self._cache["closed_scan"]

    def _path_concept_scan(self) -> str:
        """A new Quick Scan of Voorbeeldstad in preparation (settings and custom-question forms on one page)."""
        if "concept_scan" not in self._cache:
            session = http_session(self.base_url, "other-coordinator")
            page = session.get(self.base_url + "/gemeenten/GM9902/scans", timeout=WAIT_SECONDS)
            response = session.post(self.base_url + "/gemeenten/GM9902/scans", data={"csrf": csrf_token(page.text)},
                                    timeout=WAIT_SECONDS)
            path = urlparse(response.url).path
            assert re.fullmatch(r"/gemeenten/GM9902/scans/[0-9A-F-]{36}", path), f"creating a scan led to {response.url}"
            self._cache["concept_scan"] = path
        return self._cache["concept_scan"]

    def _path_open_scan_link(self) -> str:
        """The open link for residents (/scan-inwoners/…) of Voorbeeldstad's open Quick Scan."""
        if "open_scan_link" not in self._cache:
            html = http_session(self.base_url, "other-coordinator").get(
                self.base_url + self._path_open_scan(), timeout=WAIT_SECONDS).text
            match = re.search(r"/scan-inwoners/[A-Z0-9-]+", html)
            assert match, "the open Quick Scan shows no open link for residents"
            self._cache["open_scan_link"] = match.group(0)
        return self._cache["open_scan_link"]

    def _path_questionnaire(self) -> str:
        """A resident's own questionnaire (/vragenlijst/CODE), reached through the open link as a 30-year-old."""
        if "questionnaire" not in self._cache:
            session = requests.Session()
            link = self.base_url + self._path_open_scan_link()
            response = session.post(link, data={"csrf": csrf_token(session.get(link, timeout=WAIT_SECONDS).text),
                                                "age": "30"}, timeout=WAIT_SECONDS)
            path = urlparse(response.url).path
            assert re.fullmatch(r"/vragenlijst/[A-Z0-9]+", path), f"the open link led to {response.url}"
            self._cache["questionnaire"] = path
        return self._cache["questionnaire"]

    def _lottery(self, who: str, code: str, title: str) -> str:
        """The demo lottery of a municipality with this title, from its coordinator's list of burgerberaden (a test
        may add newer ones)."""
        key = "lottery_" + code
        if key not in self._cache:
            html = http_session(self.base_url, who).get(f"{self.base_url}/gemeenten/{code}/burgerberaad",
                                                        timeout=WAIT_SECONDS).text
            match = re.search(rf'href="(/gemeenten/{code}/burgerberaad/[0-9A-F-]{{36}})">{title}</a>', html)
            assert match, f"no burgerberaad '{title}' of {code} on /gemeenten/{code}/burgerberaad"
            self._cache[key] = match.group(1)
        return self._cache[key]

    def _path_lottery(self) -> str:
        """Demodorp's burgerberaad of the demo: letters drawn, registration closed."""
        return self._lottery("coordinator", "GM9901", "Burgerberaad over de energietransitie")

    def _path_plan(self) -> str:
        """Demodorp's participation plan of the demo, shared with the council."""
        if "plan" not in self._cache:
            html = http_session(self.base_url, "coordinator").get(f"{self.base_url}/gemeenten/GM9901/participatieplannen",
                                                                  timeout=WAIT_SECONDS).text
            match = re.search(r'href="(/gemeenten/GM9901/participatieplannen/[0-9A-F-]{36})">Demodorp aardgasvrij', html)
            assert match, "no demo plan on /gemeenten/GM9901/participatieplannen"
            self._cache["plan"] = match.group(1)
        return self._cache["plan"]

    def _path_certificate(self) -> str:
        """The certificate of Demodorp's council member for "De rekenkamer gebruiken", earned here by answering every
        lesson's quiz right (the answers read from the module's file)."""
        if "certificate" not in self._cache:
            import yaml

            module = yaml.safe_load((REPO_ROOT / "Resources" / "Data" / "learning" / "modules" / "rekenkamer.yaml")
                                    .read_text(encoding="utf-8"))
            session = http_session(self.base_url, "council")
            page = ""
            for number, lesson in enumerate(module["lessons"], start=1):
                path = f"{self.base_url}/leerplatform/modules/rekenkamer/les/{number}"
                data = {"csrf": csrf_token(session.get(path, timeout=WAIT_SECONDS).text), "lesson": f"rekenkamer/{number}"}
                for index, question in enumerate(lesson["quiz"], start=1):
                    data[f"q{index}"] = str([answer["correct"] for answer in question["answers"]].index(True) + 1)
                page = session.post(path, data=data, timeout=WAIT_SECONDS).text
            match = re.search(r'href="(/leerplatform/certificaten\?code=[A-Z0-9-]{14})"', page)
            assert match, "completing the module gave no certificate link"
            self._cache["certificate"] = match.group(1)
        return self._cache["certificate"]

    def _path_learning_progress(self) -> str:
        """The council member's progress, once a module is done."""
        self._path_certificate()
        return "/leerplatform/voortgang"

    def _path_selftest_result(self) -> str:
        """A kept self-test result of Demodorp's council member, made here with two competences rated low."""
        if "selftest_result" not in self._cache:
            session = http_session(self.base_url, "council")
            form = self.base_url + "/leerplatform/zelftest"
            fields = dict(self_test_fields("4"))
            for name in fields:
                if name.startswith(("z-analytisch.", "z-samenwerken.")):
                    fields[name] = "2"
            response = session.post(form, data={"csrf": csrf_token(session.get(form, timeout=WAIT_SECONDS).text), **fields},
                                    timeout=WAIT_SECONDS)
            path = urlparse(response.url).path
            assert re.fullmatch(r"/leerplatform/zelftest/[0-9A-F-]{36}", path), f"the self-test led to {response.url}"
            self._cache["selftest_result"] = path
        return self._cache["selftest_result"]

    def _budget_request(self, who: str, text: str) -> str:
        key = "budget_" + text
        if key not in self._cache:
            html = http_session(self.base_url, who).get(f"{self.base_url}/gemeenten/GM9901/opleidingsbudget",
                                                        timeout=WAIT_SECONDS).text
            match = re.search(rf'href="(/gemeenten/GM9901/opleidingsbudget/aanvragen/[0-9A-F-]{{36}})">{text}', html)
            assert match, f"no request '{text}' on /gemeenten/GM9901/opleidingsbudget for {who}"
            self._cache[key] = match.group(1)
        return self._cache[key]

    def _path_budget_waiting(self) -> str:
        """The demo council member's request that waits for the griffie's decision."""
        return self._budget_request("coordinator", "Youssef Bakker: Leergang Omgevingswet")

    def _path_budget_approved(self) -> str:
        """The demo council member's request the griffie approved."""
        return self._budget_request("council", "Training debatteren")

    def integrity_case(self, answered: bool) -> tuple[str, str]:
        """A new basisscan case of Demodorp, opened by its griffier (who is also its assessor) through the form: the
        case's path and the candidate's link; with `answered`, the candidate has sent the questionnaire."""
        session = http_session(self.base_url, "coordinator")
        form = session.get(f"{self.base_url}/gemeenten/GM9901/basisscan", timeout=WAIT_SECONDS)
        opened = session.post(f"{self.base_url}/gemeenten/GM9901/basisscan", timeout=WAIT_SECONDS, data={
            "csrf": csrf_token(form.text), "candidateName": f"Kandidaat {next(_unique)}", "candidateEmail": "kandidaat@example.org",
            "assessorEmail": ACCOUNTS["coordinator"], "mayorEmail": ACCOUNTS["mayor"]})
        path = urlparse(opened.url).path
        match = re.search(r"<code>[^<]*(/basisscan/[A-Za-z0-9_-]{40,})</code>", opened.text)
        assert match, f"opening a basisscan case ended at {opened.url} without the candidate's link"
        if answered:
            questions = re.findall(r"^      - id: (\S+)", (REPO_ROOT / "Resources" / "Data" / "resilience" / "basisscan.yaml")
                                   .read_text(encoding="utf-8"), re.M)
            sent = requests.post(self.base_url + match.group(1), timeout=WAIT_SECONDS,
                                 data={**{f"v-{q}": "Nee." for q in questions}, "actie": "versturen"})
            assert "verstuurd" in sent.text, "the candidate's answers were not sent"
        return path, match.group(1)

    def _path_integrity_link(self) -> str:
        if "integrity_link" not in self._cache:
            self._cache["integrity_link"] = self.integrity_case(answered=False)[1]
        return self._cache["integrity_link"]

    def _path_integrity_answered(self) -> str:
        if "integrity_answered" not in self._cache:
            self._cache["integrity_answered"] = self.integrity_case(answered=True)[0]
        return self._cache["integrity_answered"]

    def _path_integrity_assessed(self) -> str:
        """A new case of Demodorp that its griffier assessed, waiting for the burgemeester to close and share it."""
        if "integrity_assessed" not in self._cache:
            path = self.integrity_case(answered=True)[0]
            session = http_session(self.base_url, "coordinator")
            page = session.get(self.base_url + path, timeout=WAIT_SECONDS)
            version = re.search(r'name="version" value="(\d+)"', page.text)
            assert version, f"no assessment form on {path}"
            assessed = session.post(self.base_url + path + "/beoordeling", timeout=WAIT_SECONDS, data={
                "csrf": csrf_token(page.text), "version": version.group(1), "publicSources": "KVK en Kadaster bekeken.",
                "interview": "Gesprek met de griffier.", "summary": "Geen risico's gevonden."})
            assert "De beoordeling is opgeslagen." in assessed.text, f"the assessment of {path} was not saved"
            self._cache["integrity_assessed"] = path
        return self._cache["integrity_assessed"]

    def _path_integrity_closed(self) -> str:
        """Demodorp's closed demo case of a fictional candidate, from the griffier's list."""
        if "integrity_closed" not in self._cache:
            html = http_session(self.base_url, "coordinator").get(f"{self.base_url}/gemeenten/GM9901/basisscan",
                                                                  timeout=WAIT_SECONDS).text
            match = re.search(r'href="(/gemeenten/GM9901/basisscan/[0-9A-F-]{36})">BI-[0-9A-F]{8}</a></td><td>Sandra Vermeulen',
                              html)
            assert match, "no demo basisscan of Sandra Vermeulen on /gemeenten/GM9901/basisscan"
            self._cache["integrity_closed"] = match.group(1)
        return self._cache["integrity_closed"]

    def _path_signal_report(self) -> str:
        """Demodorp's demo report of a signal, from the list its contact (the burgemeester) reads."""
        if "signal_report" not in self._cache:
            html = http_session(self.base_url, "mayor").get(f"{self.base_url}/gemeenten/GM9901/meldpunt-ondermijning",
                                                            timeout=WAIT_SECONDS).text
            match = re.search(r'href="(/gemeenten/GM9901/meldpunt-ondermijning/[0-9A-F-]{36})">MO-', html)
            assert match, "no demo report on /gemeenten/GM9901/meldpunt-ondermijning for its contact"
            self._cache["signal_report"] = match.group(1)
        return self._cache["signal_report"]
    def _path_homescan_mine(self) -> str:
        """The demo burgemeester's own page of her woningscan request (the demo's, or one made later)."""
        if "homescan_mine" not in self._cache:
            html = http_session(self.base_url, "mayor").get(f"{self.base_url}/woningscan/aanvragen", timeout=WAIT_SECONDS).text
            match = re.search(r'href="(/woningscan/aanvragen/[0-9A-F-]{36})"', html)
            assert match, "the demo burgemeester has no woningscan request on /woningscan/aanvragen"
            self._cache["homescan_mine"] = match.group(1)
        return self._cache["homescan_mine"]

    def _path_homescan_demo(self) -> str:
        """The demo's woningscan request of Demodorp's burgemeester, taken and planned by programme staff: the oldest
        of the burgemeester's in the staff's list (the newest come first), never changed by the page types."""
        if "homescan_demo" not in self._cache:
            html = http_session(self.base_url, "staff").get(f"{self.base_url}/woningscans", timeout=WAIT_SECONDS).text
            rows = re.findall(r'href="(/woningscans/[0-9A-F-]{36})">WS-[0-9A-F]{8}</a></td><td>Burgemeester</td><td>Demodorp', html)
            assert rows, "no woningscan request of Demodorp's burgemeester on /woningscans"
            self._cache["homescan_demo"] = rows[-1]
        return self._cache["homescan_demo"]

    def _path_homescan_new(self) -> str:
        """A woningscan request that nobody has taken yet, sent here by Demodorp's council member: its staff page."""
        if "homescan_new" not in self._cache:
            session = http_session(self.base_url, "council")
            form = session.get(f"{self.base_url}/woningscan/aanvragen", timeout=WAIT_SECONDS)
            sent = session.post(f"{self.base_url}/woningscan/aanvragen", timeout=WAIT_SECONDS, data={
                "csrf": csrf_token(form.text), "office": "raadslid", "municipality": "GM9901", "phone": "0611112222",
                "street": f"Beukenlaan {next(_unique)}", "postcode": "3999 KL", "place": "Demodorp"})
            path = urlparse(sent.url).path
            assert re.fullmatch(r"/woningscan/aanvragen/[0-9A-F-]{36}", path), f"requesting a woningscan led to {sent.url}"
            self._cache["homescan_new"] = "/woningscans/" + path.rsplit("/", 1)[1]
        return self._cache["homescan_new"]

    def _path_lottery_register(self) -> str:
        """The registration page of Demodorp's burgerberaad, which is closed."""
        return "/burgerberaad/" + self._path_lottery().rsplit("/", 1)[1] + "/aanmelden"

    def _path_lottery_audit(self) -> str:
        return "/burgerberaad/" + self._path_lottery().rsplit("/", 1)[1] + "/verantwoording"

    def _path_open_lottery_register(self) -> str:
        """The registration page of Voorbeeldstad's burgerberaad, still open."""
        lottery = self._lottery("other-coordinator", "GM9902", "Burgerberaad over betaalbaar wonen")
        return "/burgerberaad/" + lottery.rsplit("/", 1)[1] + "/aanmelden"

    def _path_concept_lottery(self) -> str:
        """A new burgerberaad of Voorbeeldstad, before its address file (the upload form)."""
        if "concept_lottery" not in self._cache:
            session = http_session(self.base_url, "other-coordinator")
            index = self.base_url + "/gemeenten/GM9902/burgerberaad"
            response = session.post(index, data={"csrf": csrf_token(session.get(index, timeout=WAIT_SECONDS).text),
                                                 "title": "Burgerberaad over de Omgevingsvisie", "areas": "Noord\nZuid"},
                                    timeout=WAIT_SECONDS)
            path = urlparse(response.url).path
            assert re.fullmatch(r"/gemeenten/GM9902/burgerberaad/[0-9A-F-]{36}", path), f"creating led to {response.url}"
            self._cache["concept_lottery"] = path
        return self._cache["concept_lottery"]

    def _path_closed_lottery(self) -> str:
        """A burgerberaad of Voorbeeldstad taken through step 1 here: 60 addresses, a seed, 12 letters, three
        registrations, registration closed; its page then asks for the quotas."""
        if "closed_lottery" not in self._cache:
            session = http_session(self.base_url, "other-coordinator")
            index = self.base_url + "/gemeenten/GM9902/burgerberaad"
            created = session.post(index, data={"csrf": csrf_token(session.get(index, timeout=WAIT_SECONDS).text),
                                                "title": "Burgerberaad over de binnenstad", "areas": "Noord\nZuid"},
                                   timeout=WAIT_SECONDS)
            page = created.url
            csrf = csrf_token(session.get(page, timeout=WAIT_SECONDS).text)
            addresses = "\n".join(f"Marktstraat {n};6999 AA;Voorbeeldstad" for n in range(1, 61))
            session.post(page + "/adressen", data={"csrf": csrf}, files={"addresses": ("adressen.csv", addresses, "text/csv")},
                         timeout=WAIT_SECONDS)
            session.post(page + "/startgetal", data={"csrf": csrf, "seed": "4711", "announced": "Raadsvergadering"},
                         timeout=WAIT_SECONDS)
            session.post(page + "/trekking", data={"csrf": csrf, "letters": "12"}, timeout=WAIT_SECONDS)
            codes = re.findall(r'class="letter-code">([A-Z0-9-]{14})<', session.get(page + "/brieven", timeout=WAIT_SECONDS).text)
            register = self.base_url + "/burgerberaad/" + page.rsplit("/", 1)[1] + "/aanmelden"
            for number, (age, area) in enumerate((("16-24", "w1"), ("45-64", "w2"), ("65+", "w1"))):
                invitee = requests.Session()
                form = invitee.get(register, timeout=WAIT_SECONDS).text
                invitee.post(register, data={"csrf": csrf_token(form), "code": codes[number], "leeftijd": age, "geslacht": "vrouw",
                                             "wijk": area, "opleiding": "middelbaar", "name": f"Inwoner {number}",
                                             "email": f"inwoner{number}@example.nl"}, timeout=WAIT_SECONDS)
            session.post(page + "/aanmelden-sluiten", data={"csrf": csrf, "close": "ja"}, timeout=WAIT_SECONDS)
            path = urlparse(page).path
            assert "3 van de 12" in session.get(page, timeout=WAIT_SECONDS).text, "the closed lottery has three registrations"
            self._cache["closed_lottery"] = path
        return self._cache["closed_lottery"]

    def resolve(self, path: str) -> str:
        """Fills in the {placeholders} of a page type's path with paths that only exist at run time."""
        return re.sub(r"\{(\w+)\}", lambda m: getattr(self, "_path_" + m.group(1))(), path)


# ---------------------------------------------------------------------------------------------------------------
# Every page type of the platform


@dataclass(frozen=True)
class PageType:
    id: str
    path: str
    who: str | None = None  # key of ACCOUNTS, or None for a visitor
    form: str | None = None  # CSS selector of the form to submit after opening the page
    post: str = ""  # how the form's action ends, or a suffix to the path it posts to (for the plain-HTTP fetch)
    fields: tuple[tuple[str, str], ...] = ()  # what is typed before submitting (nothing = empty submit)
    status: int = 200  # the HTTP status the page answers with
    expect: str = "h1"  # CSS selector that proves the page is in the intended state


# A new unknown address each time, so the per-account login throttle (5 failures) never turns this into a 429.
BAD_LOGIN = (("email", "onbekend.{unique}@example.nl"), ("password", "dit-is-niet-goed"))
_unique = itertools.count(1)


def self_test_fields(rating: str = "3") -> tuple[tuple[str, str], ...]:
    """Every statement of the competence self-test rated the same, as its form names them."""
    text = (REPO_ROOT / "Resources" / "Data" / "learning" / "selftest.yaml").read_text(encoding="utf-8")
    return tuple((f"z-{statement}", rating) for statement in re.findall(r"^  - id: (\S+)", text, re.M))


def home_check_fields(keep: bool = False) -> tuple[tuple[str, str], ...]:
    """Every question of the woningscan's self-check answered, ja, nee and weet-niet in turn, as its form names them."""
    text = (REPO_ROOT / "Resources" / "Data" / "resilience" / "homecheck.yaml").read_text(encoding="utf-8")
    questions = re.findall(r'^  - id: "(\S+)"', text, re.M)
    answers = tuple((f"h-{question}", ("ja", "nee", "weet-niet")[index % 3]) for index, question in enumerate(questions))
    return answers + ((("keep", "ja"),) if keep else ())


def typed_values(page: "PageType") -> dict[str, str]:
    """What is typed into the page's form, with {unique} replaced by a number not used before in this run."""
    return {name: value.replace("{unique}", str(next(_unique))) if "{unique}" in value else value
            for name, value in page.fields}

PAGES: list[PageType] = [
    PageType("home", "/"),
    PageType("home-in-english", "/?lang=en", expect='html[lang="en"]'),
    PageType("municipality-list", "/gemeenten", expect="table"),
    PageType("municipality-list-no-results", "/gemeenten?zoek=xyz", expect=".result-count"),
    PageType("municipality-page-real", "/gemeenten/GM0014", expect="dl.facts"),
    PageType("municipality-page-demo", "/gemeenten/GM9901", expect=".notice-demo"),
    PageType("signup-form", "/doe-mee", expect='form[action="/doe-mee"]'),
    PageType("signup-form-errors", "/doe-mee", form='form[action="/doe-mee"]', status=422, expect=".error-summary"),
    PageType("signup-thanks", "/doe-mee/bedankt", expect=".panel-success"),
    PageType("login", "/inloggen", expect='form[action="/inloggen"]'),
    PageType("login-failed", "/inloggen", form='form[action="/inloggen"]', fields=BAD_LOGIN, status=401,
             expect=".error-summary"),
    PageType("activation-invalid-link", "/activeren/invalid", status=404),
    PageType("forgot-password", "/wachtwoord-vergeten", expect='form[action="/wachtwoord-vergeten"]'),
    PageType("forgot-password-errors", "/wachtwoord-vergeten", form='form[action="/wachtwoord-vergeten"]', status=422,
             expect=".error-summary"),
    # an address without an account gets the same answer as one with an account, and no email
    PageType("forgot-password-answered", "/wachtwoord-vergeten", form='form[action="/wachtwoord-vergeten"]',
             fields=(("email", "onbekend.{unique}@example.nl"),), expect=".notice"),
    PageType("activation-form", "{activation}", expect='input[name="passwordConfirmation"]'),
    PageType("activation-form-errors", "{activation}", form="main form", status=422, expect=".error-summary"),
    # The offer catalogue: browsing (anyone) and editing (programme staff)
    PageType("catalogue-list", "/aanbod", expect=".offer-list"),
    PageType("catalogue-list-filtered", "/aanbod?pijler=innovatietrajecten&gebied=beter-betrokken-inwoners",
             expect="option[value='innovatietrajecten'][selected]"),
    PageType("catalogue-list-no-results", "/aanbod?zoek=xyzxyz", expect=".result-count"),
    PageType("catalogue-list-staff", "/aanbod?vervallen=ja", who="staff", expect="input[name='vervallen'][checked]"),
    PageType("offer-page", "/aanbod/raad-in-beraad", expect=".offer-facts"),
    PageType("offer-page-retired", "/aanbod/introductie-omgevingswet-raad", expect=".notice"),
    PageType("offer-edit", "/beheer/aanbod/raad-in-beraad", who="staff", expect="textarea[name='descriptionNl']"),
    PageType("offer-new-errors", "/beheer/aanbod/nieuw", who="staff", form="main form", status=422,
             expect=".error-summary"),
    # Requests for offers: the municipality's side and the programme's
    PageType("requests-list", "/gemeenten/GM9901/aanvragen", who="coordinator", expect="table"),
    PageType("request-form", "/gemeenten/GM9901/aanvragen/nieuw?aanbod=raad-in-beraad", who="coordinator",
             expect="select[name='offer']"),
    PageType("request-form-errors", "/gemeenten/GM9901/aanvragen/nieuw", who="coordinator", form="main form",
             post="/aanvragen", status=422, expect=".error-summary"),
    PageType("request-evaluated", "{request_evaluated}", who="coordinator", expect="table"),
    PageType("request-submitted", "{request_submitted}", who="coordinator", expect="form input[value='intrekken']"),
    PageType("requests-staff", "/beheer/aanvragen", who="staff", expect="table"),
    PageType("request-staff-submitted", "{staff_request_submitted}", who="staff",
             expect="form input[value='toekennen']"),
    PageType("request-staff-reject-errors", "{staff_request_submitted}", who="staff",
             form="form:has(input[value='afwijzen'])", post="/stap",
             fields=(("action", "afwijzen"), ("version", "1"), ("reason", " ")), status=422, expect=".error-summary"),
    # Leren van elkaar: experiences, their search and feed, the municipality's own and the programme's review
    PageType("experiences-list", "/ervaringen", expect=".offer-list"),
    PageType("experiences-search", "/ervaringen?zoek=participatie&gebied=beter-betrokken-inwoners", expect="mark"),
    PageType("experiences-no-results", "/ervaringen?zoek=xyzxyz", expect=".result-count"),
    PageType("experiences-in-english", "/ervaringen?lang=en&zoek=burgerberaad", expect='html[lang="en"]'),
    PageType("experience-page", "/ervaringen/demodorp-raad-in-beraad-publieke-druk-zwembad", expect="#werkte-niet"),
    PageType("experience-participants-only", "/ervaringen/voorbeeldstad-woningscan-na-bedreiging-raadslid",
             who="council", expect="#werkte-niet"),
    PageType("experiences-mine", "/gemeenten/GM9901/ervaringen", who="coordinator", expect="table"),
    PageType("experience-form", "/gemeenten/GM9901/ervaringen/nieuw", who="coordinator",
             expect="textarea[name='didNotWorkNl']"),
    PageType("experience-form-errors", "/gemeenten/GM9901/ervaringen/nieuw", who="coordinator", form="main form.form",
             post="/ervaringen/nieuw", status=422, expect=".error-summary"),
    PageType("experience-edit", "{experience_edit}", who="coordinator", expect="input[value='offline']"),
    PageType("experiences-review-list", "/beheer/ervaringen", who="staff", expect="table"),
    PageType("experience-review", "{experience_review}", who="staff", expect="textarea[name='remark']"),
    PageType("experience-versions", "{experience_versions}", who="staff", expect="li.diff-added"),
    PageType("experience-review-errors", "{experience_review}", who="staff",
             form="form:has(input[value='terugsturen'])", post="/stap",
             fields=(("action", "terugsturen"), ("version", "1"), ("remark", " ")), status=422, expect=".error-summary"),
    PageType("experiences-similar", "/gemeenten/GM9901/vergelijkbaar", who="council", expect=".offer-list"),
    PageType("experience-contact-errors", "/ervaringen/demodorp-raad-in-beraad-publieke-druk-zwembad", who="other-coordinator",
             form="form:has(textarea[name='message'])", post="/contact", fields=(("message", " "),), status=422,
             expect=".error-summary"),
    # The municipality's own data: download everything, erase a closed scan's single answers
    PageType("data-overview", "/gemeenten/GM9901/gegevens", who="coordinator", expect="a[download]"),
    PageType("data-erase-confirm", "{erase_answers}", who="coordinator", expect="form button.button-warning"),
    # Innovation tracks: the list, a track open for applications, a result that became an offer, staff's decisions
    PageType("tracks-list", "/innovatietrajecten", expect=".offer-list"),
    PageType("track-open", "/innovatietrajecten/digitale-democratie-en-jongeren", who="coordinator",
             expect="textarea[name='motivation']"),
    PageType("track-apply-errors", "/innovatietrajecten/digitale-democratie-en-jongeren", who="coordinator",
             form="form:has(textarea[name='motivation'])", post="/aanmelden",
             fields=(("municipality", "GM9901"), ("motivation", " ")), status=422,
             expect=".error-summary"),
    PageType("track-result", "/innovatietrajecten/energietransitie-met-inwoners/resultaten/warmtegesprekken-aan-de-keukentafel",
             expect="#lessen"),
    PageType("tracks-staff", "/beheer/innovatietrajecten", who="staff", expect="h1"),
    PageType("track-new", "/beheer/innovatietrajecten/nieuw", who="staff", expect="input[name='phase1From']"),
    PageType("track-new-errors", "/beheer/innovatietrajecten/nieuw", who="staff", form="main form.form",
             fields=(("version", "0"),), status=422, expect=".error-summary"),
    PageType("track-edit", "/beheer/innovatietrajecten/digitale-democratie-en-jongeren/bewerken", who="staff",
             expect="input[name='version']"),
    PageType("track-result-form-errors", "/beheer/innovatietrajecten/digitale-democratie-en-jongeren/resultaten/nieuw",
             who="staff", form="main form.form", status=422, expect=".error-summary"),
    # The uitdaagrecht: the register, a municipality's rules and form, a group's page, the handlers' desk
    PageType("challenge-register", "/uitdaagrecht", expect="table"),
    PageType("challenge-register-filtered", "/uitdaagrecht?provincie=Utrecht&fase=geevalueerd",
             expect="option[value='Utrecht'][selected]"),
    PageType("challenge-register-unknown-municipality", "/uitdaagrecht?gemeente=Nergenshuizen", expect=".result-count"),
    PageType("challenge-entry", "{challenge_entry}", expect="#evaluatie"),
    PageType("challenge-municipality", "/gemeenten/GM9901/uitdaagrecht", expect="#voorwaarden"),
    PageType("challenge-municipality-off", "/gemeenten/GM9903/uitdaagrecht", expect="h1"),
    PageType("challenge-submit", "/gemeenten/GM9901/uitdaagrecht/indienen", expect="input[name='groupName']"),
    PageType("challenge-submit-errors", "/gemeenten/GM9901/uitdaagrecht/indienen", form="main form.form", status=422,
             expect=".error-summary"),
    PageType("challenge-follow", "{challenge_follow}", expect="input[type='file']"),
    PageType("challenge-follow-errors", "{challenge_follow}", form="form:has(input[value='bericht'])",
             fields=(("message", " "),), status=422, expect=".error-summary"),
    PageType("challenge-rules", "/gemeenten/GM9901/uitdaagrecht/regels", who="coordinator",
             expect="input[name='weeks-besluit']"),
    PageType("challenge-rules-errors", "/gemeenten/GM9901/uitdaagrecht/regels", who="coordinator", form="main form.form",
             fields=(("openTasks", " "), ("weeks-besluit", "0")), status=422, expect=".error-summary"),
    PageType("challenge-desk", "/gemeenten/GM9901/uitdagingen", who="handler", expect="table"),
    PageType("challenge-advice", "{challenge_advice}", who="handler", expect="input[name='verdict-kosten']"),
    PageType("challenge-advice-errors", "{challenge_advice}", who="handler", form="form:has(input[value='advies'])",
             status=422, expect=".error-summary"),
    PageType("challenge-national", "/beheer/uitdaagrecht", who="staff", expect=".stats"),
    # The trajectory and its conversations
    # Demodorp has walked the whole trajectory: its repeat scan shows what changed
    PageType("trajectory", "/gemeenten/GM9901/traject", who="coordinator", expect="#effect"),
    PageType("trajectory-current-step", "/gemeenten/GM9902/traject", who="other-coordinator",
             expect="ol.steps li[aria-current='step']"),
    PageType("trajectory-council", "/gemeenten/GM9901/traject", who="council", expect="ol.steps"),
    PageType("trajectory-staff", "/gemeenten/GM9902/traject", who="staff", expect="input[name='day']"),
    PageType("trajectory-mark-errors", "/gemeenten/GM9902/traject", who="staff", form="main form", post="/traject/stap",
             fields=(("step", "1"), ("day", "2099-01-01")), status=422, expect=".error-summary"),
    PageType("conversations", "/gemeenten/GM9901/gesprekken", who="coordinator", expect="table"),
    PageType("conversation-new", "/gemeenten/GM9901/gesprekken/nieuw", who="coordinator",
             expect="textarea[name='participants']"),
    PageType("conversation-new-errors", "/gemeenten/GM9901/gesprekken/nieuw", who="coordinator", form="main form",
             post="/gesprekken", fields=(("heldOn", "morgen"),), status=422, expect=".error-summary"),
    PageType("conversation", "{conversation}", who="coordinator", expect="input[name='version']"),
    PageType("agenda", "/gemeenten/GM9901/verbeteragenda", who="coordinator", expect="#prioriteit-2"),
    PageType("agenda-council", "/gemeenten/GM9901/verbeteragenda", who="council", expect="#prioriteit-1"),
    PageType("agenda-version", "/gemeenten/GM9901/verbeteragenda/versies/2", who="coordinator", expect="#wijzigingen"),
    PageType("agenda-form", "/gemeenten/GM9901/verbeteragenda/bewerken", who="coordinator", expect="select[name='p1-area']"),
    PageType("agenda-empty", "/gemeenten/GM9902/verbeteragenda", who="other-coordinator", expect="h1"),
    PageType("agenda-form-errors", "/gemeenten/GM9902/verbeteragenda/bewerken", who="other-coordinator", form="main form",
             post="/verbeteragenda/bewerken", fields=(("version", "0"),), status=422, expect=".error-summary"),
    PageType("agendas-staff", "/beheer/verbeteragendas", who="staff", expect="table"),
    PageType("programme-dashboard", "/beheer/trajecten", who="staff", expect="svg"),
    PageType("programme-dashboard-filtered", "/beheer/trajecten?provincie=Utrecht&grootte=20k-50k", who="staff",
             expect="option[value='Utrecht'][selected]"),
    PageType("audit-log", "/beheer/logboek", who="staff", expect="table"),
    PageType("privacy", "/privacy"),
    PageType("accessibility-statement", "/toegankelijkheid"),
    PageType("processing-agreement", "/verwerkersovereenkomst"),
    PageType("not-found", "/bestaat-niet", status=404),
    PageType("dashboard-staff", "/dashboard", who="staff", expect=".stats"),
    PageType("dashboard-coordinator", "/dashboard", who="coordinator", expect=".cards"),
    PageType("municipality-dashboard", "/gemeenten/GM9901/dashboard", who="coordinator", expect=".steps"),
    PageType("municipality-dashboard-forbidden", "/gemeenten/GM9901/dashboard", who="other-coordinator",
             status=403),
    PageType("signups-list", "/beheer/aanmeldingen", who="staff", expect="table"),
    PageType("signup-detail-open", "{open_signup}", who="staff", expect='form[action$="/accepteren"]'),
    PageType("signup-detail-reject-errors", "{open_signup}", who="staff", form='form[action$="/afwijzen"]',
             post="/afwijzen", status=422, expect=".error-summary"),
    PageType("signup-detail-accepted", "{new_signup}", who="staff", form='form[action$="/accepteren"]',
             post="/accepteren", expect=".one-time-link"),
    PageType("reach", "/beheer/bereik", who="staff", expect="table"),
    PageType("outbox", "{outbox}", who="staff", expect="table"),
    PageType("mail-preferences", "/account/e-mail", who="coordinator", expect='input[name="topics[]"]'),
    PageType("unsubscribe", "{unsubscribe}", expect="main form button"),
    PageType("outbox-message", "{outbox_message}", who="staff", expect=".mail-text"),
    PageType("change-password", "/account/wachtwoord", who="coordinator", expect='input[name="currentPassword"]'),
    PageType("change-password-errors", "/account/wachtwoord", who="coordinator",
             form='form[action="/account/wachtwoord"]', status=422, expect=".error-summary"),
    # Quick Scan: managing a scan and reading its report (signed in) ...
    PageType("scans-list", "/gemeenten/GM9901/scans", who="coordinator", expect="table"),
    PageType("scan-closed", "{scan}", who="coordinator", expect="dl.facts"),
    PageType("scan-open", "{open_scan}", who="other-coordinator", expect='form[action$="/links"]'),
    PageType("scan-close-confirm", "{open_scan}/sluiten", who="other-coordinator", expect='form[action$="/sluiten"]'),
    PageType("scan-reopen-confirm", "{closed_scan}/heropenen", who="other-coordinator", expect="input[name='closesOn']"),
    PageType("scan-reopen-errors", "{closed_scan}/heropenen", who="other-coordinator", form="main form.form",
             post="/heropenen", fields=(("closesOn", "gisteren"),), status=422, expect=".error-summary"),
    PageType("scan-concept", "{concept_scan}", who="other-coordinator", expect='form[action$="/instellingen"]'),
    PageType("scan-report", "{report}", who="coordinator", expect="#scores"),
    # ... and answering it, as a resident without an account.
    PageType("questionnaire-code-form", "/vragenlijst", expect='form[action="/vragenlijst"]'),
    PageType("questionnaire-code-form-errors", "/vragenlijst", form='form[action="/vragenlijst"]', status=422,
             expect=".error-summary"),
    PageType("questionnaire-open-link", "{open_scan_link}", expect='input[name="age"]'),
    PageType("questionnaire-open-link-errors", "{open_scan_link}", form="main form", status=422,
             expect=".error-summary"),
    PageType("questionnaire-start", "{questionnaire}", expect='a[href$="/stap/1"]'),
    PageType("questionnaire-step", "{questionnaire}/stap/1", expect="fieldset"),
    # the notice that shows a respondent their own link, once, right after their answers moved to it
    PageType("questionnaire-step-own-link", "{questionnaire}/stap/1?eigen=ja", expect=".notice .letter-url"),
    # a code that cannot be used: never made, replaced by the respondent's own, sent, or its scan closed
    PageType("questionnaire-link-unusable", "/vragenlijst/AAAABBBBCCCCDDDDEEEEFFFFGG", status=404),
    # the page after the ten themes where a resident picks at most three to improve first, and four ticked
    PageType("questionnaire-top-three", "{questionnaire}/stap/11", expect="input[type=checkbox]"),
    PageType("questionnaire-top-three-errors", "{questionnaire}/stap/11", form="form.questionnaire", status=422,
             fields=(("a:rol-raad.belang", "5"), ("a:controle.belang", "5"), ("a:toerusting.belang", "5"),
                     ("a:burgerparticipatie.belang", "5")), expect=".error-summary"),
    PageType("questionnaire-check", "{questionnaire}/controle"),
    PageType("questionnaire-check-errors", "{questionnaire}/controle", form='form[action$="/versturen"]',
             post="/versturen", status=422, expect='.error-summary a[href="#wijzig-1"]'),
    PageType("questionnaire-thanks", "/vragenlijst/bedankt"),
    # The ParticipatieWijzer: the methods, filtered, one method, and the advisor empty, with errors and with advice.
    PageType("participation-methods", "/participatie/methoden", expect="ul.cards"),
    PageType("participation-methods-filtered", "/participatie/methoden?groep=laaggeletterden&fase=plan", expect=".result-count"),
    PageType("participation-method", "/participatie/methoden/burgerberaad", expect="#waarden"),
    PageType("participation-advisor", "/participatie/wijzer", expect='input[name="project"]'),
    PageType("participation-advisor-errors", "/participatie/wijzer?advies=ja&budget=veel", status=422, expect=".error-summary"),
    PageType("participation-advice",
             "/participatie/wijzer?advies=ja&project=Een+wijk+aardgasvrij+maken&phase=plan&influence=coproduceren"
             "&groups%5B%5D=ouderen&groups%5B%5D=anderstaligen&scale=wijk&weeks=30&budget=60000", expect="ol.advice"),
    # A burgerberaad by lot: the coordinator's list (and its form with errors), a lottery drawn and closed, a new one
    # before its file, the letters, registration open (empty and with errors) and closed, and the public account.
    PageType("lottery-index", "/gemeenten/GM9901/burgerberaad", who="coordinator", expect="table"),
    PageType("lottery-index-errors", "/gemeenten/GM9901/burgerberaad", who="coordinator",
             form='form[action="/gemeenten/GM9901/burgerberaad"]', status=422, expect=".error-summary"),
    PageType("lottery-drawn", "{lottery}", who="coordinator", expect="dl.facts"),
    PageType("lottery-concept", "{concept_lottery}", who="other-coordinator", expect='input[type="file"]'),
    PageType("lottery-letters", "{lottery}/brieven", who="coordinator", expect="ol.letters .letter-code"),
    PageType("lottery-register", "{open_lottery_register}", expect='input[name="code"]'),
    PageType("lottery-register-errors", "{open_lottery_register}", form="main form", status=422, expect=".error-summary"),
    PageType("lottery-register-closed", "{lottery_register}", expect="main .lead"),
    PageType("lottery-audit", "{lottery_audit}", expect="pre.command"),
    PageType("lottery-select", "{closed_lottery}", who="other-coordinator", expect='input[name="panel"]'),
    PageType("lottery-select-errors", "{closed_lottery}", who="other-coordinator", form='form[action$="/selectie"]',
             post="/selectie", status=422, expect=".error-summary"),
    # Participation plans: the list for the coordinator and for a council member, the demo's shared plan, a new plan
    # empty, made from an advice and with errors, and editing one.
    PageType("plans-index", "/gemeenten/GM9901/participatieplannen", who="coordinator", expect="table"),
    PageType("plans-index-council", "/gemeenten/GM9901/participatieplannen", who="council", expect="table"),
    PageType("plan", "{plan}", who="council", expect="#terugkoppeling-raad"),
    PageType("plan-new", "/gemeenten/GM9902/participatieplannen/nieuw", who="other-coordinator",
             expect='select[name="s1-method"]'),
    PageType("plan-new-from-advice",
             "/gemeenten/GM9902/participatieplannen/nieuw?project=Een+wijk+aardgasvrij+maken&phase=plan"
             "&influence=coproduceren&groups%5B%5D=ouderen&groups%5B%5D=anderstaligen&scale=wijk&weeks=30&budget=60000",
             who="other-coordinator", expect='select[name="s2-method"] option[selected]:not([value=""])'),
    PageType("plan-new-errors", "/gemeenten/GM9902/participatieplannen/nieuw", who="other-coordinator",
             form='main form', status=422, expect=".error-summary"),
    PageType("plan-edit", "{plan}/bewerken", who="coordinator", expect='textarea[name="raad-how"]'),
    # The learning platform: the modules (also filtered), a module, a lesson, its quiz answered and sent empty.
    PageType("learning-modules", "/leerplatform", expect="ul.cards"),
    PageType("learning-modules-filtered", "/leerplatform?soort=vaardigheden&thema=rol-en-positie", expect=".result-count"),
    PageType("learning-module", "/leerplatform/modules/begroting-lezen", expect="dl.facts"),
    PageType("learning-lesson", "/leerplatform/modules/begroting-lezen/les/1", expect='input[name="q1"]'),
    PageType("learning-lesson-answered", "/leerplatform/modules/begroting-lezen/les/1", form="form.quiz",
             fields=(("lesson", "begroting-lezen/1"), ("q1", "1"), ("q2", "2"), ("q3", "1")), expect=".quiz-result"),
    PageType("learning-lesson-errors", "/leerplatform/modules/begroting-lezen/les/1", form="form.quiz", status=422,
             fields=(("lesson", "begroting-lezen/1"),), expect=".error-summary"),
    # The competence self-test: the form, sent empty, answered by a visitor, and a council member's kept result.
    PageType("selftest", "/leerplatform/zelftest", expect="form.selftest"),
    PageType("selftest-errors", "/leerplatform/zelftest", form="form.selftest", status=422, expect=".error-summary"),
    PageType("selftest-result-visitor", "/leerplatform/zelftest", form="form.selftest", fields=self_test_fields(),
             expect="figure.chart-figure svg"),
    PageType("selftest-result", "{selftest_result}", who="council", expect="figure.chart-figure svg"),
    # Progress and certificates: a council member's progress, checking a code (empty, unknown) and a certificate.
    PageType("learning-progress", "{learning_progress}", who="council", expect="ul.cards"),
    PageType("certificate-check", "/leerplatform/certificaten", expect='input[name="code"]'),
    PageType("certificate-check-errors", "/leerplatform/certificaten?code=AAAA-BBBB-CCCC", status=404, expect=".error-summary"),
    PageType("certificate", "{certificate}", expect="article.certificate"),
    # The council's learning: the griffier's totals, the education budget for a member and for the griffie (also with
    # a wrong amount), a request's form (also sent empty), a request waiting for a decision and one approved.
    PageType("council-learning", "/gemeenten/GM9901/leerplatform", who="coordinator", expect="table"),
    PageType("budget-member", "/gemeenten/GM9901/opleidingsbudget", who="council", expect="dl.offer-facts"),
    PageType("budget-griffie", "/gemeenten/GM9901/opleidingsbudget", who="coordinator", expect='select[name="member"]'),
    PageType("budget-griffie-errors", "/gemeenten/GM9901/opleidingsbudget", who="coordinator", form="section.panel form",
             post="/budget", fields=(("amount", "veel"),), status=422, expect=".error-summary"),
    PageType("budget-request-new", "/gemeenten/GM9901/opleidingsbudget/aanvragen", who="council", expect='input[name="cost"]'),
    PageType("budget-request-errors", "/gemeenten/GM9901/opleidingsbudget/aanvragen", who="council", form="main form",
             status=422, expect=".error-summary"),
    PageType("budget-request-waiting", "{budget_waiting}", who="coordinator", expect='input[name="stap"]'),
    PageType("budget-request-decision-errors", "{budget_waiting}", who="coordinator", form="section.panel form", status=422,
             expect=".error-summary"),
    PageType("budget-request-approved", "{budget_approved}", who="council", expect="dl.offer-facts"),
    # Programme staff edit a module: its details, a lesson with its quiz (also with the note left empty), the versions.
    PageType("learning-edit-module", "/leerplatform/modules/begroting-lezen/bewerken", who="staff", expect='input[name="title-en"]'),
    PageType("learning-edit-lesson", "/leerplatform/modules/begroting-lezen/les/1/bewerken", who="staff",
             expect='textarea[name="q1-a1-why-en"]'),
    PageType("learning-edit-lesson-errors", "/leerplatform/modules/begroting-lezen/les/1/bewerken", who="staff",
             form="main form", fields=(("note", ""),), status=422, expect=".error-summary"),
    PageType("learning-versions", "/leerplatform/modules/begroting-lezen/versies", who="staff", expect="table"),
    # The basisscan integriteit: the griffier's cases (also with the new-case form sent empty), a closed case with its
    # risks, an answered case with the assessment form (also sent empty), and the candidate's questionnaire (also sent
    # with answers missing).
    PageType("integrity-cases", "/gemeenten/GM9901/basisscan", who="coordinator", expect="table"),
    PageType("integrity-cases-errors", "/gemeenten/GM9901/basisscan", who="coordinator", form="section.panel form",
             status=422, expect=".error-summary"),
    PageType("integrity-case-closed", "{integrity_closed}", who="mayor", expect="table"),
    PageType("integrity-shared-summary", "/gemeenten/GM9901/basisscan", who="council", expect="article.panel"),
    PageType("integrity-case-share", "{integrity_assessed}", who="mayor", expect='input[name="confirmShare"]'),
    PageType("integrity-case-share-errors", "{integrity_assessed}", who="mayor", form='form[action$="/delen"]',
             post="/delen", status=422, expect=".error-summary"),
    PageType("integrity-case-assess", "{integrity_answered}", who="coordinator", expect='textarea[name="publicSources"]'),
    PageType("integrity-case-assess-errors", "{integrity_answered}", who="coordinator", form="section.panel form",
             post="/beoordeling", fields=(("version", "2"),), status=422, expect=".error-summary"),
    PageType("integrity-questionnaire", "{integrity_link}", expect='textarea[name="v-schulden"]'),
    PageType("integrity-questionnaire-errors", "{integrity_link}", form="main form", status=422, expect=".error-summary"),
    PageType("integrity-questionnaire-document-errors", "{integrity_link}", form='form[enctype="multipart/form-data"]',
             post="/documenten", status=422, expect=".error-summary"),
    # Ondermijning: the overview, signals of one sector, the knowledge base and an article, the quiz's levels and one
    # level (also sent with nothing answered), the news with programme staff's form (also sent empty), reporting a
    # signal (sent empty, and sent for Demodorp with the code shown), following it up (with a wrong code), and the
    # municipality's desk for its contact and its griffier (naming nobody), with the contact's page of one report.
    PageType("undermining-home", "/ondermijning", expect=".notice-urgent"),
    PageType("undermining-signals", "/ondermijning/signalen?sector=vastgoed", expect="article.panel"),
    PageType("undermining-knowledge", "/ondermijning/kennis", expect="ul.cards"),
    PageType("undermining-article", "/ondermijning/kennis/wet-bibob", expect=".prose h2"),
    PageType("undermining-quiz", "/ondermijning/quiz", who="council", expect="ol.cards"),
    PageType("undermining-level", "/ondermijning/quiz/1", expect='input[name="q10"]'),
    PageType("undermining-level-errors", "/ondermijning/quiz/1", form="main form", status=422, expect=".error-summary"),
    PageType("undermining-news", "/ondermijning/nieuws", who="staff", expect='textarea[name="bodyNl"]'),
    PageType("undermining-news-errors", "/ondermijning/nieuws", who="staff", form="section.panel form", status=422,
             expect=".error-summary"),
    PageType("undermining-report", "/ondermijning/melden", expect='select[name="gemeente"]'),
    PageType("undermining-report-errors", "/ondermijning/melden", form="main form", status=422, expect=".error-summary"),
    PageType("undermining-reported", "/ondermijning/melden", form="main form",
             fields=(("gemeente", "GM9901"), ("what", "Een loods waar 's nachts busjes komen en gaan.")),
             expect=".letter-code"),
    PageType("undermining-follow-up", "/ondermijning/melding", expect='input[name="code"]'),
    PageType("undermining-follow-up-errors", "/ondermijning/melding", form="main form", fields=(("code", "ABCD-EFGH"),),
             status=404, expect=".error-summary"),
    PageType("signal-desk", "/gemeenten/GM9901/meldpunt-ondermijning", who="mayor", expect="table"),
    PageType("signal-desk-errors", "/gemeenten/GM9901/meldpunt-ondermijning", who="coordinator", form="section.panel form",
             status=422, expect=".error-summary"),
    PageType("signal-report", "{signal_report}", who="mayor", expect='textarea[name="reply"]'),
    # The woningscan: the self-check (also sent empty, answered by a visitor, and kept by a council member), the
    # request's form (also sent empty) and the requester's status page; the staff's list, a request nobody has taken,
    # and the demo request as its handler sees it (with the plan and the finish forms sent wrong).
    PageType("homescan-selfcheck", "/woningscan", expect='input[name="h-deuren-slot"]'),
    PageType("homescan-selfcheck-errors", "/woningscan", form="form.homecheck", status=422, expect=".error-summary"),
    PageType("homescan-selfcheck-advice", "/woningscan", form="form.homecheck", fields=home_check_fields(), expect="#advies"),
    PageType("homescan-selfcheck-kept", "/woningscan", who="council", form="form.homecheck", fields=home_check_fields(keep=True),
             expect='form[action="/woningscan/antwoorden-verwijderen"]'),
    PageType("homescan-request", "/woningscan/aanvragen", who="mayor", expect='input[name="postcode"]'),
    PageType("homescan-request-errors", "/woningscan/aanvragen", who="mayor", form="main form", status=422,
             expect=".error-summary"),
    PageType("homescan-request-status", "{homescan_mine}", who="mayor", expect="dl.offer-facts"),
    PageType("homescan-staff-list", "/woningscans", who="staff", expect="table"),
    PageType("homescan-staff-new", "{homescan_new}", who="staff", expect='form[action$="/behandelen"]'),
    PageType("homescan-staff-handler", "{homescan_demo}", who="staff", expect='input[name="plannedOn"]'),
    PageType("homescan-staff-plan-errors", "{homescan_demo}", who="staff", form='form[action$="/plannen"]', post="/plannen",
             fields=(("version", "3"), ("plannedOn", "gisteren")), status=422, expect=".error-summary"),
    PageType("homescan-staff-finish-errors", "{homescan_demo}", who="staff", form='form[action$="/afronden"]',
             post="/afronden", fields=(("version", "3"),), status=422, expect=".error-summary"),
]


def open_page(driver: WebDriver, site: Site, page: PageType) -> str:
    """Brings the browser to the page type, signed in and with the form submitted where needed. Returns the path."""
    clear_cookies(driver)
    if page.who is not None:
        sign_in(driver, site.base_url, ACCOUNTS[page.who])
    path = site.resolve(page.path)
    driver.get(site.base_url + path)
    wait_until_loaded(driver)
    if page.form is not None:
        submit_form(driver, page.form, typed_values(page))
    assert driver.find_elements(By.CSS_SELECTOR, page.expect), (
        f"{page.id}: expected {page.expect!r} on {driver.current_url} (h1: {h1_text(driver)!r})"
    )
    return path


def fetch_page(site: Site, page: PageType) -> tuple[int, str, str]:
    """The raw HTML the server sends for the page type: (status, html, path)."""
    session = http_session(site.base_url, page.who)
    path = site.resolve(page.path)
    response = session.get(site.base_url + path, timeout=WAIT_SECONDS)
    if page.form is not None:
        # The respondents' forms behind a code carry no token: the code in their address stands in for it.
        token = CSRF_RE.search(response.text)
        data = {**({"csrf": token.group(1)} if token else {}), **typed_values(page)}
        # Where the page's own form posts when its action ends in `post`, else the page's path with `post` added.
        action = re.search(f'action="([^"]*{re.escape(page.post)})"', response.text) if page.post else None
        target = action.group(1) if action else path.split("?")[0] + page.post
        response = session.post(site.base_url + target, data=data, timeout=WAIT_SECONDS)
    return response.status_code, response.text, path


def wait_for_health(base_url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dia serve stopped with exit code {process.returncode} before /health answered")
        try:
            response = requests.get(base_url + "/health", timeout=2)
            if response.status_code == 200:
                return
            last = f"status {response.status_code}: {response.text[:200]}"
        except requests.RequestException as error:
            last = type(error).__name__
        time.sleep(0.25)
    raise RuntimeError(f"/health did not answer 200 within {timeout:.0f} s (last: {last})")
