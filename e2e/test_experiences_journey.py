"""Leren van elkaar, in Chromium: a coordinator writes an experience and sends it in, programme staff publish it,
a visitor finds it by another form of a word, and the Atom feed lists it.

Runs after the page checks (pytest takes the files in order): it adds an experience of Voorbeeldstad.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import requests
from selenium.webdriver.common.by import By

from support import WAIT_SECONDS, clear_cookies, new_document, sign_in, wait_until_loaded
from test_trajectory_journey import click_button

TITLE = "Jongeren kiezen mee waar de nieuwe skatebaan komt"
ATOM = "{http://www.w3.org/2005/Atom}"


def test_an_experience_is_written_sent_in_published_and_then_found_by_search_and_in_the_feed(browser, site):
    # the coordinator of Voorbeeldstad writes the experience
    sign_in(browser, site.base_url, "trekker.voorbeeldstad@demo.dia.example")
    browser.get(site.base_url + "/gemeenten/GM9902/ervaringen")
    wait_until_loaded(browser)
    with new_document(browser):
        browser.find_element(By.LINK_TEXT, "Nieuwe ervaring").click()
    typed = {
        "titleNl": TITLE,
        "summaryNl": "Tweehonderd jongeren hebben geparticipeerd en stemden over drie plekken.",
        "storyNl": "Jongeren hebben geparticipeerd via school, sportclubs en een online stemming.",
        "workedNl": "- Stemmen in de klas, met uitleg van een raadslid",
        "didNotWorkNl": "- De buurt van de gekozen plek hoorden we te laat",
    }
    for name, value in typed.items():
        browser.find_element(By.NAME, name).send_keys(value)
    browser.find_element(By.CSS_SELECTOR, "label[for='veld-outcome-1']").click()
    browser.find_element(By.XPATH, "//label[normalize-space()='Beter betrokken inwoners']").click()
    # a month field: Chromium shows a picker; its value is what a person picks
    browser.execute_script(
        "document.getElementById('veld-periodFrom').value = '2025-09';"
        "document.getElementById('veld-periodUntil').value = '2026-02';")
    click_button(browser, "Opslaan")
    assert "De ervaring is opgeslagen." in browser.find_element(By.TAG_NAME, "main").text
    click_button(browser, "Indienen voor publicatie")
    assert "Ingediend voor controle" in browser.find_element(By.CSS_SELECTOR, "main .panel").text

    # programme staff read it and publish it
    clear_cookies(browser)
    sign_in(browser, site.base_url, "programma@demo.dia.example")
    browser.get(site.base_url + "/beheer/ervaringen")
    wait_until_loaded(browser)
    with new_document(browser):
        browser.find_element(By.LINK_TEXT, TITLE).click()
    assert "De buurt van de gekozen plek hoorden we te laat" in browser.find_element(By.TAG_NAME, "main").text
    click_button(browser, "Publiceren")
    assert "De ervaring is gepubliceerd." in browser.find_element(By.TAG_NAME, "main").text

    # a visitor finds it by another form of the word, the match marked, and opens it
    clear_cookies(browser)
    browser.get(site.base_url + "/ervaringen")
    wait_until_loaded(browser)
    search = browser.find_element(By.NAME, "zoek")
    search.send_keys("participatie skatebanen")
    with new_document(browser):
        search.submit()
    marks = [mark.text for mark in browser.find_elements(By.CSS_SELECTOR, ".offer-list mark")]
    assert "skatebaan" in marks and "geparticipeerd" in marks, marks
    with new_document(browser):
        browser.find_element(By.PARTIAL_LINK_TEXT, "skatebaan").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == TITLE
    assert browser.find_element(By.ID, "werkte-niet").is_displayed()

    # the feed of the focus area lists it, as valid Atom
    feed = requests.get(site.base_url + "/ervaringen/feed.atom?gebied=beter-betrokken-inwoners", timeout=WAIT_SECONDS)
    assert feed.status_code == 200 and feed.headers["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    assert root.tag == ATOM + "feed"
    for required in ("id", "title", "updated"):
        assert root.find(ATOM + required) is not None, required
    entries = root.findall(ATOM + "entry")
    assert entries and all(entry.find(ATOM + name) is not None for entry in entries for name in ("id", "title", "updated"))
    assert TITLE in [entry.findtext(ATOM + "title") for entry in entries]
