"""Hostile input, generated: every route of the running platform gets thousands of requests with extreme and
negative numbers, wrong types, huge and invalid values, missing and repeated fields, long and nested bodies, as
someone signed out, as a coordinator and as programme staff (with a valid CSRF token, so the forms' own checks are
reached). Expected of every answer: no 5xx, the security headers, no stack trace, SQL or path; after each route
/health answers 200; at the end SQLite's integrity and foreign-key checks pass. The server has its own demo
database, so nothing here changes what the other tests see."""

from __future__ import annotations

import os
import random
import re
import socket
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest
import requests

from support import ACCOUNTS, DEMO_PASSWORD, DIA_BINARY, REPO_ROOT, csrf_token, wait_for_health

SEED = 20261201
NUMBERS = ["-9223372036854775808", "9223372036854775807", "9223372036854775808", "-1", "0", "1e308", "NaN", "0x7fffffff",
           "١٢٣", "99999999999999999999999999999"]
TEXTS = ["", " ", "A" * 5_000, "<script>alert(1)</script>", "' OR 1=1 --", "\"; DROP TABLE scans; --", "../../etc/passwd",
         "%00", "\u0000", "\r\nSet-Cookie: x=1", "=HYPERLINK(\"http://evil.example\")", "😀" * 300, "[[[[[[[[[[",
         "javascript:alert(1)", "GM9901", "00000000-0000-0000-0000-000000000000", "2026-02-30", "9999-12-31"]
SEGMENTS = NUMBERS[:6] + ["%FF%FE", "%2e%2e%2f%2e%2e%2f", "A" * 2_000, "%E2%80%AE", "GM9901", "'", "%0d%0aX:1",
                          "00000000-0000-0000-0000-000000000000"]
# The field names of the platform's forms (CONTRIBUTING.md, "Add a form": a new form adds its names here).
FIELDS = ["csrf", "email", "password", "terug", "code", "count", "group", "format", "step", "day", "version", "page",
          "rating", "lessons", "reason", "plannedOn", "motivation", "serves", "offer", "title", "opensOn",
          "closesOn", "minAge", "groups", "text", "kind", "heldOn", "participants", "notes", "scanID", "p1-area",
          "p1-a1-due", "addresses", "municipalityCode", "contactName", "action", "hidden", "answer", "q1",
          "language", "pagina", "active", "age", "currentPassword", "mailGroup", "passwordConfirmation",
          "acceptsTerms", "contactFunction", "decisions", "followUp", "phone", "audiences", "focusAreas", "form",
          "pillar", "slug", "status", "richting", "summary", "description", "provider", "duration", "cost", "weekly",
          "titleNl", "titleEn", "summaryNl", "summaryEn", "storyNl", "storyEn", "workedNl", "workedEn",
          "didNotWorkNl", "didNotWorkEn", "outcome", "visibility", "instruments", "periodFrom", "periodUntil",
          "contact", "contactRole", "offers", "remark", "zoek", "soort", "gebied", "provincie", "grootte", "uitkomst", "message",
          "municipality", "decision", "documentNl", "documentEn", "lessonsNl", "lessonsEn", "theme", "aimNl", "aimEn",
          "descriptionNl", "descriptionEn", "openForApplications", "phase1Nl", "phase1En", "phase1From", "phase1Until",
          "do", "task", "otherTask", "groupName", "legalForm", "budgetLine", "plan", "support", "supporters", "capacity",
          "budget", "consent", "proposal", "progress", "evaluation", "condition", "meetingOn", "reasons", "decidedOn",
          "agreementFrom", "agreementUntil", "agreementBudget", "method", "reporting", "shared", "enabled", "introNl",
          "introEn", "openTasks", "excludedTasks", "conditions", "weeks-besluit", "verdict-kosten", "explanation-kosten",
          "handlerName", "handlerEmail", "gemeente", "fase", "besluit", "focus", "uitdaging", "document", "project", "phase",
          "influence", "scale", "weeks", "advies", "invloed", "groep", "areas", "seed", "announced", "letters", "close",
          "leeftijd", "geslacht", "wijk", "opleiding", "name", "panel", "selectionSeed", "selectionAnnounced", "nearest",
          "share-leeftijd-16-24", "share-wijk-w1", "s1-method", "s1-purpose", "s1-when", "s1-who", "s5-method",
          "inwoners-who", "inwoners-due", "inwoners-how", "raad-who", "raad-due", "raad-how", "agenda", "confirm", "lesson",
          "q2", "q3", "thema", "z-volksvertegenwoordigend.contact", "z-overtuigingskracht.bezwaren", "what", "why",
          "member", "amount", "paid", "override", "overrideReason", "stap", "jaar", "candidateName", "candidateEmail",
          "assessorEmail", "mayorEmail", "publicSources", "interview", "r1-area", "r1-risk", "r1-measure", "r1-owner", "actie",
          "v-schulden", "note", "title-nl", "body-nl", "q1-correct", "q1-a1-why-en", "minutes", "sector", "place", "moment",
          "reply", "contactEmail", "bodyNl", "bodyEn", "q10",
          "office", "street", "postcode", "availability", "keep", "h-deuren-slot", "advice"]
LEAKS = re.compile(r"Fatal error|Stack trace|\.swift:\d|/work/|/home/|/root/|SQLITE_|sqlite3_|PSQLError|syntax error at",
                   re.IGNORECASE)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    if not DIA_BINARY.exists():
        pytest.fail(f"{DIA_BINARY} is missing: run `swift build --product dia` (scripts/e2e does this)")
    data_dir = Path(tempfile.mkdtemp(prefix="dia-fuzz-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DIA_SMTP_URL")}
    env.update(DIA_DATA_DIR=str(data_dir), DIA_PUBLIC_URL=base, DIA_BCRYPT_COST="4", LOG_LEVEL="warning")
    log = open(data_dir / "server.log", "w")
    process = subprocess.Popen([str(DIA_BINARY), "serve", "--demo", "--hostname", "127.0.0.1", "--port", str(port)],
                               cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        wait_for_health(base, process, timeout=120)
        routes = subprocess.run([str(DIA_BINARY), "routes"], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                                timeout=60).stdout
        yield base, process, data_dir, re.findall(r"\|\s*(GET|POST)\s*\|\s*(\S+)\s*\|", routes)
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def signed_in(base: str, who: str | None) -> tuple[requests.Session, str]:
    """A session (signed in as `who`, or not) and its CSRF token."""
    session = requests.Session()
    form = session.get(base + "/inloggen", timeout=15)
    token = csrf_token(form.text)
    if who:
        session.post(base + "/inloggen", data={"csrf": token, "email": ACCOUNTS[who], "password": DEMO_PASSWORD},
                     timeout=15)
        token = csrf_token(session.get(base + "/account/wachtwoord", timeout=15).text)
    return session, token


def paths(pattern: str, rng: random.Random) -> list[str]:
    """The route with each `:parameter` (and once the last literal part) replaced by hostile segments."""
    parts = pattern.split("/")
    slots = [i for i, part in enumerate(parts) if part.startswith(":")]
    if not slots:
        return [pattern, pattern + "/" + rng.choice(SEGMENTS), pattern + "?pagina=" + rng.choice(NUMBERS)]
    out = []
    for segment in SEGMENTS:
        filled = list(parts)
        for i in slots:
            filled[i] = segment if rng.random() < 0.7 else rng.choice(SEGMENTS)
        out.append("/".join(filled) + rng.choice(["", "?pagina=" + rng.choice(NUMBERS), "?soort=%FF", "?q=" + "x" * 3000]))
    return out


def bodies(token: str, rng: random.Random) -> list[tuple[dict[str, str], object]]:
    """Form bodies: every known field with a hostile value, repeated and missing fields, huge, nested, binary."""
    out: list[tuple[dict[str, str], object]] = []
    for _ in range(6):
        pairs = [("csrf", token)] + [(name, rng.choice(NUMBERS + TEXTS)) for name in rng.sample(FIELDS, 12)]
        pairs += [(rng.choice(FIELDS), rng.choice(NUMBERS)) for _ in range(3)]  # the same field again
        out.append(({"Content-Type": "application/x-www-form-urlencoded"}, pairs))
    out.append(({"Content-Type": "application/x-www-form-urlencoded"}, [("csrf", token)]))  # every field missing
    out.append(({"Content-Type": "application/x-www-form-urlencoded"},
                f"csrf={token}&text=%FF%FE%C0%AF&email=%C3%28&motivation=%ED%A0%80".encode()))  # invalid UTF-8
    out.append(({"Content-Type": "application/json"}, ("[" * 5_000 + "]" * 5_000).encode()))
    out.append(({"Content-Type": "multipart/form-data; boundary=zz"}, b"--zz\r\nContent-Disposition: form-data\r\n\r\n"))
    out.append(({"Content-Type": "application/x-www-form-urlencoded"}, f"csrf={token}&" + "a[b][c][d][e]=1&" * 2_000))
    out.append(({"Content-Type": "application/x-www-form-urlencoded"}, f"csrf={token}&notes=" + "x" * 1_100_000))
    return out


def check(response: requests.Response, label: str) -> None:
    assert response.status_code < 500 or response.status_code == 503, f"{label}: {response.status_code}"
    assert response.headers.get("X-Content-Type-Options") == "nosniff", f"{label}: no security headers"
    assert "frame-ancestors 'none'" in response.headers.get("Content-Security-Policy", ""), f"{label}: no CSP"
    assert not LEAKS.search(response.text[:200_000]), f"{label}: the answer shows internals"


def test_every_route_survives_thousands_of_hostile_requests_as_each_kind_of_visitor(server):
    base, process, data_dir, routes = server
    assert len(routes) > 80, "the route list was read"
    rng = random.Random(SEED)
    visitors = [signed_in(base, who) for who in (None, "coordinator", "staff")]
    cases = 0
    for method, pattern in routes:
        if pattern in ("/uitloggen",):
            continue  # signing out ends the signed-in visitors' sessions; it takes no input
        for session, token in visitors:
            generated = paths(pattern, rng)
            first = generated[0]
            for path in generated:
                label = f"{method} {path[:120]}"
                try:
                    if method == "GET":
                        check(session.get(base + path, timeout=30, allow_redirects=False), label)
                        cases += 1
                    else:
                        # Every kind of body once per route and visitor; then a few generated forms per address.
                        chosen = bodies(token, rng) if path is first else rng.sample(bodies(token, rng)[:6], 4)
                        for headers, body in chosen:
                            try:
                                response = session.post(base + path, data=body, headers=headers, timeout=60,
                                                        allow_redirects=False)
                            except requests.ConnectionError:
                                # A body over the 1 MB limit may be cut off while it is still being sent; the
                                # server must go on answering.
                                if len(body) < 1_000_000:
                                    raise
                                assert requests.get(base + "/health", timeout=15).status_code == 200
                            else:
                                check(response, f"{method} {path} with {str(body)[:200]}")
                            cases += 1
                except requests.ConnectionError as error:
                    pytest.fail(f"{label}: the server stopped answering ({error}); exit code {process.poll()}")
        assert process.poll() is None, f"the server stopped after {method} {pattern}"
        assert requests.get(base + "/health", timeout=15).status_code == 200, f"/health after {method} {pattern}"
    with sqlite3.connect(data_dir / "dia.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    print(f"\nhostile input: {cases} requests to {len(routes)} routes, no 5xx, headers on every answer")
    assert cases > 5_000
