"""axe-core (WCAG 2.1 A and AA rules) on every page type, at desktop and at phone width, in real Chromium."""

from __future__ import annotations

import json

import pytest
from axe_selenium_python import Axe

from support import (DESKTOP, PAGES, PHONE, REPORTS_DIR, PageType, desktop, open_page, phone, set_viewport,
                     sideways_overflow)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations", "incomplete"]})

WIDTHS = {"desktop": desktop, "phone": phone}


def describe(violations: list[dict], page: PageType, path: str, width: str) -> str:
    lines = [f"{len(violations)} axe rule(s) violated on {page.id} ({path}) at {width} width:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            selector = " ".join(node["target"]) if all(isinstance(t, str) for t in node["target"]) else node["target"]
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {selector}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
def test_page_meets_wcag21_aa_rules_of_axe(browser, site, page: PageType, width: str):
    WIDTHS[width](browser)
    path = open_page(browser, site, page)

    axe = Axe(browser)
    axe.inject()
    results = axe.run(options=AXE_OPTIONS)

    rules_checked = {r["id"] for kind in ("passes", "violations", "incomplete", "inapplicable") for r in results[kind]}
    record = {
        "page": page.id, "path": path, "width": width,
        "viewport": {"desktop": DESKTOP, "phone": PHONE}[width],
        "axe_version": results["testEngine"]["version"],
        "rules_checked": sorted(rules_checked),
        "rules_applied": sorted({r["id"] for kind in ("passes", "violations", "incomplete") for r in results[kind]}),
        "violations": [{"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]]}
                       for v in results["violations"]],
        "incomplete": [{"id": v["id"], "targets": [n["target"] for n in v["nodes"]]} for v in results["incomplete"]],
    }
    out = REPORTS_DIR / "axe"
    out.mkdir(exist_ok=True)
    (out / f"{page.id}-{width}.json").write_text(json.dumps(record, indent=2))

    assert results["violations"] == [], describe(results["violations"], page, path, width)


REFLOW_VIEWPORT = (320, 640)  # WCAG 2.1 success criterion 1.4.10: content reflows at 320 CSS pixels


@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
def test_page_reflows_at_320_css_pixels_without_sideways_scrolling(browser, site, page: PageType):
    set_viewport(browser, *REFLOW_VIEWPORT, mobile=True)
    path = open_page(browser, site, page)
    page_width, viewport, sticking_out = sideways_overflow(browser, REFLOW_VIEWPORT[0])
    assert page_width <= viewport and not sticking_out, (
        f"{page.id} ({path}) at {viewport}px: the page is {page_width}px wide; sticking out: {sticking_out}")
