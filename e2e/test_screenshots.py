"""Full-page screenshots of the main pages at 1280 and 375 CSS pixels wide, for people to look at.

They land in e2e/screenshots/ (not committed). Two small copies are made for the README; with
DIA_REFRESH_DOC_SCREENSHOTS=1 they replace the committed ones in docs/screenshots/. Each screenshot test also proves the page reflows: nothing makes the page itself scroll
sideways (WCAG 1.4.10); a wide table may scroll inside its own box.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from support import (DESKTOP, PAGES, PHONE, REPO_ROOT, SCREENSHOTS_DIR, PageType, desktop, open_page, phone,
                     sideways_overflow)

DOCS_SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
DOCS_MAX_BYTES = 250_000  # committed files: small, and always under 300 KB

BY_ID = {page.id: page for page in PAGES}
SHOTS: dict[str, PageType] = {
    "home": BY_ID["home"],
    "gemeenten": BY_ID["municipality-list"],
    "gemeente": PageType("municipality-page-amsterdam", "/gemeenten/GM0363", expect="dl.facts"),
    "doe-mee-fouten": BY_ID["signup-form-errors"],
    "inloggen": BY_ID["login"],
    "dashboard-programma": BY_ID["dashboard-staff"],
    "bereik": BY_ID["reach"],
    "dashboard-gemeente": BY_ID["municipality-dashboard"],
    "quickscan-rapport": BY_ID["scan-report"],
    "vragenlijst-stap": BY_ID["questionnaire-step"],
    "vragenlijst-top-drie": BY_ID["questionnaire-top-three-errors"],
    "participatie-methode": BY_ID["participation-method"],
    "participatiewijzer-advies": BY_ID["participation-advice"],
    "participatieplan": BY_ID["plan"],
    "leerplatform-les": BY_ID["learning-lesson-answered"],
    "leerplatform-zelftest": BY_ID["selftest-result"],
    "burgerberaad-loting": BY_ID["lottery-drawn"],
    "burgerberaad-aanmelden": BY_ID["lottery-register"],
    "aanbod": BY_ID["catalogue-list"],
    "aanbod-item": BY_ID["offer-page"],
    "aanvraag": BY_ID["request-evaluated"],
    "aanvragen-beheer": BY_ID["requests-staff"],
    "traject": BY_ID["trajectory-staff"],
    "traject-effect": BY_ID["trajectory"],
    "gesprek": BY_ID["conversation"],
    "verbeteragenda": BY_ID["agenda"],
    "verbeteragenda-schrijven": BY_ID["agenda-form"],
    "trajecten-programma": BY_ID["programme-dashboard"],
    "logboek": BY_ID["audit-log"],
    "ervaringen-zoeken": BY_ID["experiences-search"],
    "ervaring": BY_ID["experience-page"],
    "ervaring-schrijven": BY_ID["experience-form"],
    "ervaring-controleren": BY_ID["experience-review"],
    "gemeenten-zoals-de-uwe": BY_ID["experiences-similar"],
    "innovatietraject": BY_ID["track-open"],
    "gegevens": BY_ID["data-overview"],
    "aanmeldingen": BY_ID["signups-list"],
    "scan-heropenen": BY_ID["scan-reopen-confirm"],
    "innovatietraject-schrijven": BY_ID["track-new-errors"],
    "ervaring-versies": BY_ID["experience-versions"],
    "uitdaagrecht-gemeente": BY_ID["challenge-municipality"],
    "uitdaging-indienen-fouten": BY_ID["challenge-submit-errors"],
    "uitdaging-volgen": BY_ID["challenge-follow"],
    "uitdagingen-behandelen": BY_ID["challenge-desk"],
    "uitdaging-advies": BY_ID["challenge-advice"],
    "uitdaagrecht-register": BY_ID["challenge-register"],
}
WIDTHS = {"desktop": desktop, "phone": phone}


def full_page_png(driver, scale: float = 1.0) -> bytes:
    """The whole document, not only the viewport, through the DevTools protocol."""
    width, height = driver.execute_script(
        "const d = document.documentElement;"
        "return [Math.max(d.scrollWidth, window.innerWidth), Math.max(d.scrollHeight, document.body.scrollHeight)];")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True, "fromSurface": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": scale},
    })
    return base64.b64decode(shot["data"])


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(SHOTS))
def test_page_screenshot_fits_the_screen_width_without_sideways_scrolling(browser, site, name: str, width: str):
    WIDTHS[width](browser)
    open_page(browser, site, SHOTS[name])
    SCREENSHOTS_DIR.mkdir(exist_ok=True)
    (SCREENSHOTS_DIR / f"{name}-{width}.png").write_bytes(full_page_png(browser))

    page_width, viewport, sticking_out = sideways_overflow(browser, {"desktop": DESKTOP, "phone": PHONE}[width][0])
    assert page_width <= viewport, (
        f"{name} at {width}: the page is {page_width}px wide in a {viewport}px viewport; sticking out: {sticking_out}")


def small_png(driver, max_bytes: int = DOCS_MAX_BYTES) -> bytes:
    for scale in (1.0, 0.8, 0.65, 0.5, 0.4):
        png = full_page_png(driver, scale)
        if len(png) <= max_bytes:
            return png
    raise AssertionError(f"even at scale {scale} the screenshot is {len(png)} bytes")


@pytest.mark.parametrize("name, page_id, set_width", [
    ("home-desktop", "home", desktop),
    ("gemeenten-phone", "municipality-list", phone),
])
def test_documentation_screenshot_is_refreshed_and_stays_small(browser, site, name, page_id, set_width):
    set_width(browser)
    open_page(browser, site, BY_ID[page_id])
    png = small_png(browser)
    folder = DOCS_SCREENSHOTS if os.environ.get("DIA_REFRESH_DOC_SCREENSHOTS") == "1" else SCREENSHOTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    target: Path = folder / f"{name}.png"
    target.write_bytes(png)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size <= DOCS_MAX_BYTES
