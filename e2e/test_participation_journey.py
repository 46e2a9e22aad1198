"""The burgerberaad and the participation plan, in Chromium: Voorbeeldstad's coordinator draws letters from an
uploaded address file with a published seed, invitees register with the codes from their letters, the coordinator
closes registration, chooses the panel with quotas and finishes the assembly, after which only the counts remain in
the public account. Demodorp's coordinator turns an advice into a participation plan, completes it and shares it
with the council, whose member then reads it and has an email about it.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from selenium.webdriver.common.by import By

from support import ACCOUNTS, clear_cookies, h1_text, new_document, sign_in, submit_form, text_of, wait_until_loaded

AGES = ["16-24", "25-44", "45-64", "65+"]
EDUCATION = ["laag", "middelbaar", "hoog"]


def test_a_burgerberaad_is_drawn_registered_chosen_and_finished_in_the_browser(browser, site, tmp_path):
    # step 1: a new burgerberaad, its address file, the seed announced in the council, and the draw of 16 letters
    sign_in(browser, site.base_url, ACCOUNTS["other-coordinator"])
    browser.get(site.base_url + "/gemeenten/GM9902/burgerberaad")
    wait_until_loaded(browser)
    submit_form(browser, 'form[action="/gemeenten/GM9902/burgerberaad"]',
                {"title": "Burgerberaad over het stadspark", "areas": "Noord\nZuid"})
    page = urlparse(browser.current_url).path
    assert re.fullmatch(r"/gemeenten/GM9902/burgerberaad/[0-9A-F-]{36}", page), browser.current_url
    addresses = tmp_path / "adressen.csv"
    addresses.write_text("straat;postcode;plaats\n" + "\n".join(f"Parklaan {n};6999 BB;Voorbeeldstad" for n in range(1, 201)))
    submit_form(browser, f'form[action="{page}/adressen"]', {"addresses": str(addresses)})
    assert "200" in browser.find_element(By.CSS_SELECTOR, "main").text
    submit_form(browser, f'form[action="{page}/startgetal"]', {"seed": "20261202", "announced": "Raadsvergadering 2 december"})
    submit_form(browser, f'form[action="{page}/trekking"]', {"letters": "16"})
    browser.get(site.base_url + page + "/brieven")
    wait_until_loaded(browser)
    codes = [element.text for element in browser.find_elements(By.CSS_SELECTOR, ".letter-code")]
    assert len(codes) == 16

    # invitees register with the codes from ten letters, each with their own answers
    register = "/burgerberaad/" + page.rsplit("/", 1)[1] + "/aanmelden"
    clear_cookies(browser)
    for number, code in enumerate(codes[:10]):
        browser.get(site.base_url + register)
        wait_until_loaded(browser)
        submit_form(browser, "main form", {
            "code": code, "leeftijd": AGES[number % 4], "geslacht": ["vrouw", "man"][number % 2],
            "wijk": ["w1", "w2"][(number // 2) % 2], "opleiding": EDUCATION[number % 3], "name": f"Inwoner {number}",
            "email": f"inwoner{number}@example.nl"})
        assert "U bent aangemeld" in browser.find_element(By.CSS_SELECTOR, "main").text, browser.page_source[:3000]

    # step 2: the coordinator closes registration and chooses a panel of 4 with the population's shares
    sign_in(browser, site.base_url, ACCOUNTS["other-coordinator"])
    browser.get(site.base_url + page)
    wait_until_loaded(browser)
    assert "10 van de 16" in browser.find_element(By.CSS_SELECTOR, "main").text
    submit_form(browser, f'form[action="{page}/aanmelden-sluiten"]', {})
    shares = {"share-leeftijd-16-24": "25", "share-leeftijd-25-44": "25", "share-leeftijd-45-64": "25",
              "share-leeftijd-65+": "25", "share-geslacht-vrouw": "50", "share-geslacht-man": "50",
              "share-geslacht-anders": "0", "share-wijk-w1": "50", "share-wijk-w2": "50", "share-opleiding-laag": "34",
              "share-opleiding-middelbaar": "33", "share-opleiding-hoog": "33"}
    submit_form(browser, f'form[action="{page}/selectie"]',
                {"panel": "4", **shares, "selectionSeed": "777", "selectionAnnounced": "Raadsvergadering 9 december"})
    rows = browser.find_elements(By.XPATH, "//table[caption='Gekozen leden en hoe u hen bereikt']/tbody/tr")
    assert len(rows) == 4, browser.find_element(By.CSS_SELECTOR, "main").text

    # the assembly is over: finishing it erases the registrations; the public account still counts them
    submit_form(browser, f'form[action="{page}/afronden"]', {"confirm": "ja"})
    text = browser.find_element(By.CSS_SELECTOR, "main").text
    assert "Afgerond op" in text and "Inwoner 0" not in text
    browser.get(site.base_url + "/burgerberaad/" + page.rsplit("/", 1)[1] + "/verantwoording")
    wait_until_loaded(browser)
    account = browser.find_element(By.CSS_SELECTOR, "main").text
    assert "10 van de 16" in account and "20261202" in account and "Inwoner" not in account


def test_an_advice_becomes_a_plan_that_is_completed_and_shared_with_the_council(browser, site, mailbox):
    before = mailbox.count()
    sign_in(browser, site.base_url, ACCOUNTS["coordinator"])
    browser.get(site.base_url + "/participatie/wijzer?advies=ja&project=Een+nieuw+speelplein+in+Zuid&phase=plan"
                "&influence=adviseren&groups%5B%5D=jongeren&groups%5B%5D=ouders&scale=wijk&weeks=20&budget=40000")
    wait_until_loaded(browser)
    with new_document(browser):
        browser.find_element(By.PARTIAL_LINK_TEXT, "participatieplan voor Demodorp").click()
    assert h1_text(browser) == "Nieuw participatieplan"
    first = browser.find_element(By.CSS_SELECTOR, 'select[name="s1-method"] option:checked').get_attribute("value")
    assert first, "the form comes with the advised mix"
    submit_form(browser, 'main form', {
        "s1-when": "maart 2027", "s1-who": "De wijkregisseur",
        "inwoners-who": "De wijkregisseur", "inwoners-due": "2027-06-30",
        "inwoners-how": "Een bijeenkomst op het plein en een brief aan alle deelnemers",
        "raad-who": "De griffier", "raad-due": "2027-05-31", "raad-how": "Een raadsinformatiebrief met de uitkomst"})
    plan = urlparse(browser.current_url).path
    assert re.fullmatch(r"/gemeenten/GM9901/participatieplannen/[0-9A-F-]{36}", plan), browser.current_url
    assert h1_text(browser) == "Een nieuw speelplein in Zuid"
    submit_form(browser, 'form[action$="/delen"]', {})
    assert "Gedeeld met de raad op" in browser.find_element(By.CSS_SELECTOR, "main").text

    # the council member reads it, and has the email with its link
    clear_cookies(browser)
    sign_in(browser, site.base_url, ACCOUNTS["council"])
    browser.get(site.base_url + "/gemeenten/GM9901/participatieplannen")
    wait_until_loaded(browser)
    with new_document(browser):
        browser.find_element(By.LINK_TEXT, "Een nieuw speelplein in Zuid").click()
    assert "Een raadsinformatiebrief met de uitkomst" in browser.find_element(By.CSS_SELECTOR, "main").text
    message = mailbox.wait_for(ACCOUNTS["council"], "Nieuw participatieplan voor de raad van Demodorp", after=before)
    assert plan in text_of(message)
