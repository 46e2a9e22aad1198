"""The woningscan in Chromium: Demodorp's burgemeester does the self-check by keyboard alone, keeps the answers and
reads the advice; she requests a woningscan, whose page shows its status but not her address; programme staff get an
email without the address, find the request in their list (no address there either), take it, read the address and
plan the visit; the burgemeester then sees "Ingepland" with the date, and has an email saying so.
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from support import ACCOUNTS, clear_cookies, new_document, sign_in, submit_form, text_of, wait_until_loaded
from test_quickscan_journey import (active, assert_focus_visible, checked_value, main_text, press, tab_until,
                                    today_in_the_netherlands)

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]

# In the page's order: a question of each area but lighting, each answer once.
ANSWERS = {"deuren-slot": "nee", "ramen-dicht": "weet-niet", "online-adres": "ja", "gewoonten-auto": "nee"}
STREET = "Kastanjelaan 5"
PHONE = "06 87654321"


def answer_check_by_keyboard(driver) -> None:
    """Tabs to each question's answers, chooses one with space or the arrow keys, ticks "keep" and sends with Enter."""
    for question, answer in ANSWERS.items():
        name = f"h-{question}"
        tab_until(driver, f"el.name === '{name}' && el.type === 'radio'", limit=200)
        assert_focus_visible(driver, f"the first answer of {question}")
        values = driver.execute_script("return [...document.getElementsByName(arguments[0])].map(r => r.value);", name)
        target = values.index(answer)
        if target == 0:
            press(driver, Keys.SPACE)
        for _ in range(target):
            press(driver, Keys.ARROW_DOWN)
        assert checked_value(driver, name) == answer, f"{question}: the focused answer is chosen"
    tab_until(driver, "el.name === 'keep'", limit=60)
    press(driver, Keys.SPACE)
    assert active(driver, "el.checked"), "the box to keep the answers is ticked"
    tab_until(driver, "el.tagName === 'BUTTON' && el.type === 'submit'", limit=5)
    assert_focus_visible(driver, "the self-check's button")
    with new_document(driver):
        press(driver, Keys.ENTER)


def test_a_burgemeester_checks_her_home_requests_a_woningscan_and_staff_plan_it(browser, site, mailbox):
    base = site.base_url
    before = mailbox.count()

    # the self-check, by keyboard, answers kept
    sign_in(browser, base, ACCOUNTS["mayor"])
    browser.get(base + "/woningscan")
    wait_until_loaded(browser)
    answer_check_by_keyboard(browser)
    assert urlparse(browser.current_url).path == "/woningscan"
    text = main_text(browser)
    assert "Uw antwoorden zijn bewaard." in text and "Beantwoord: 4 van 12." in text
    assert "Laat sloten en cilinders met het SKG-keurmerk plaatsen" in text, "the advice for 'nee' on the lock"
    assert browser.find_elements(By.CSS_SELECTOR, 'form[action="/woningscan/antwoorden-verwijderen"] button')
    assert checked_value(browser, "h-ramen-dicht") == "weet-niet", "the form shows the kept answers"

    # the request: its page shows the status, not the address
    browser.find_element(By.LINK_TEXT, "Vraag een woningscan aan").click()
    wait_until_loaded(browser)
    submit_form(browser, "main form", {"office": "burgemeester", "municipality": "GM9901", "phone": PHONE, "street": STREET,
                                       "postcode": "3999kt", "place": "Demodorp", "availability": "Op woensdagmiddag"})
    mine = urlparse(browser.current_url).path
    assert re.fullmatch(r"/woningscan/aanvragen/[0-9A-F-]{36}", mine), browser.current_url
    reference = re.search(r"WS-[0-9A-F]{8}", browser.find_element(By.TAG_NAME, "h1").text).group(0)
    assert "Uw aanvraag is verstuurd." in browser.page_source and "Aangevraagd" in main_text(browser)
    assert STREET not in browser.page_source and PHONE not in browser.page_source and "3999 KT" not in browser.page_source

    staff_mail = mailbox.wait_for(ACCOUNTS["staff"], f"Nieuwe aanvraag voor een woningscan ({reference})", after=before)
    assert "burgemeester van Demodorp" in text_of(staff_mail) and STREET not in text_of(staff_mail)

    # programme staff: the list without the address; take the request, read it, plan the visit
    clear_cookies(browser)
    sign_in(browser, base, ACCOUNTS["staff"])
    browser.get(base + "/woningscans")
    wait_until_loaded(browser)
    assert STREET not in browser.page_source and PHONE not in browser.page_source
    browser.find_element(By.LINK_TEXT, reference).click()
    wait_until_loaded(browser)
    assert STREET not in browser.page_source, "not before the request is taken"
    submit_form(browser, 'form[action$="/behandelen"]', {})
    assert "U behandelt deze aanvraag." in browser.page_source
    assert f"{STREET}, 3999 KT Demodorp" in main_text(browser) and PHONE in main_text(browser)
    visit = today_in_the_netherlands() + timedelta(days=10)
    submit_form(browser, 'form[action$="/plannen"]', {"plannedOn": visit.isoformat()})
    assert "Het bezoek is ingepland." in browser.page_source

    # the burgemeester sees the visit's day, and has it by email
    dutch = f"{visit.day} {MONTHS[visit.month - 1]} {visit.year}"
    clear_cookies(browser)
    sign_in(browser, base, ACCOUNTS["mayor"])
    browser.get(base + mine)
    wait_until_loaded(browser)
    assert "Stand: Ingepland" in main_text(browser)
    assert f"Het bezoek is ingepland op {dutch}." in main_text(browser)
    planned_mail = mailbox.wait_for(ACCOUNTS["mayor"], "Uw woningscan is ingepland", after=before)
    assert f"ingepland op {dutch}" in text_of(planned_mail) and STREET not in text_of(planned_mail)
