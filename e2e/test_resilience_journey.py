"""The basisscan integriteit in Chromium: Demodorp's griffier opens a case for a candidate alderman and names the
burgemeester as assessor; the candidate fills in the questionnaire through the private link, saving once, adding a
document and then sending; a council member and programme staff, who are not named, are refused; the burgemeester
records the checks, the interview and a risk with its measure, closes the case and shares the summary with the
council, whose member then reads it and nothing else; the link then no longer works.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from selenium.webdriver.common.by import By

from support import ACCOUNTS, REPO_ROOT, clear_cookies, new_document, sign_in, submit_form, wait_until_loaded
from test_quickscan_journey import main_text


def test_a_basisscan_is_opened_answered_assessed_and_closed_and_refused_to_who_is_not_named(browser, site, tmp_path):
    base = site.base_url
    sign_in(browser, base, ACCOUNTS["coordinator"])
    browser.get(base + "/gemeenten/GM9901/basisscan")
    wait_until_loaded(browser)
    submit_form(browser, "section.panel form", {
        "candidateName": "Jeroen Bakker", "candidateEmail": "jeroen.bakker@example.org",
        "assessorEmail": ACCOUNTS["mayor"], "mayorEmail": ACCOUNTS["mayor"]})
    case_path = urlparse(browser.current_url).path
    assert re.fullmatch(r"/gemeenten/GM9901/basisscan/[0-9A-F-]{36}", case_path), browser.current_url
    link = browser.find_element(By.CSS_SELECTOR, ".one-time-link code").text
    assert "/basisscan/" in link and "Wacht op de kandidaat" in main_text(browser)

    # the candidate, without an account: saves one answer, comes back, and sends them all
    clear_cookies(browser)
    browser.get(link)
    wait_until_loaded(browser)
    questions = re.findall(r"^      - id: (\S+)", (REPO_ROOT / "Resources" / "Data" / "resilience" / "basisscan.yaml")
                           .read_text(encoding="utf-8"), re.M)
    browser.find_element(By.NAME, "v-nevenfuncties").send_keys("Penningmeester van de tennisclub in Demodorp.")
    with new_document(browser):
        browser.find_element(By.CSS_SELECTOR, 'button[value="opslaan"]').click()
    assert "Uw antwoorden zijn opgeslagen." in main_text(browser)
    browser.get(link)
    wait_until_loaded(browser)
    assert "Penningmeester" in browser.find_element(By.NAME, "v-nevenfuncties").get_attribute("value")
    document = tmp_path / "Nevenfuncties Jeroen Bakker.pdf"
    document.write_bytes(b"%PDF-1.7\nPenningmeester tennisclub Demodorp, onbetaald\n%%EOF\n")
    submit_form(browser, 'form[enctype="multipart/form-data"]', {"document": str(document)})
    assert "Nevenfuncties Jeroen Bakker.pdf" in main_text(browser)
    submit_form(browser, "main form", {f"v-{q}": "Nee." for q in questions if q != "nevenfuncties"})
    assert "Uw antwoorden zijn verstuurd." in main_text(browser)

    # not named on the case: a council member of Demodorp and programme staff get "not found"
    for who in ("council", "staff"):
        clear_cookies(browser)
        sign_in(browser, base, ACCOUNTS[who])
        browser.get(base + case_path)
        wait_until_loaded(browser)
        assert "Dit dossier bestaat niet, of u staat er niet op." in main_text(browser), who
        assert "Jeroen Bakker" not in browser.page_source

    # the burgemeester, named as assessor, reads the answers, records a risk and closes the case
    clear_cookies(browser)
    sign_in(browser, base, ACCOUNTS["mayor"])
    browser.get(base + case_path)
    wait_until_loaded(browser)
    assert "Penningmeester van de tennisclub in Demodorp." in main_text(browser)
    assert browser.find_element(By.PARTIAL_LINK_TEXT, "Nevenfuncties Jeroen Bakker.pdf").get_attribute("download") is not None
    submit_form(browser, "section.panel form", {
        "publicSources": "KVK: penningmeester van de tennisclub. Kadaster: eigen woning.",
        "interview": "Gesprek op het gemeentehuis, met de griffier.",
        "r1-area": "werk", "r1-risk": "De tennisclub vraagt subsidie voor een nieuw clubhuis.",
        "r1-measure": "Geen sport in de portefeuille; niet meedoen aan het besluit over de subsidie.",
        "r1-owner": "Wethouder en gemeentesecretaris",
        "summary": "Eén risico, met een maatregel die de kandidaat aanvaardt."})
    assert "De beoordeling is opgeslagen." in main_text(browser)
    row = browser.find_element(By.XPATH, "//tr[td[contains(., 'subsidie voor een nieuw clubhuis')]]").text
    assert "niet meedoen aan het besluit" in row
    submit_form(browser, 'form[action$="/afsluiten"]', {"confirm": "ja"})
    assert "Het dossier is afgesloten." in main_text(browser)
    submit_form(browser, 'form[action$="/delen"]', {"confirmShare": "ja"})
    assert "De samenvatting is gedeeld met de raad." in main_text(browser)

    # the council reads the summary, and nothing else of the file
    clear_cookies(browser)
    sign_in(browser, base, ACCOUNTS["council"])
    browser.get(base + "/gemeenten/GM9901/basisscan")
    wait_until_loaded(browser)
    shared = main_text(browser)
    assert "Jeroen Bakker" in shared and "Eén risico, met een maatregel die de kandidaat aanvaardt." in shared
    assert "Penningmeester" not in browser.page_source and "clubhuis" not in browser.page_source

    clear_cookies(browser)
    browser.get(link)
    wait_until_loaded(browser)
    assert "Dit dossier is afgesloten." in main_text(browser)
