"""The uitdaagrecht, in Chromium: a group fills in its challenge to Voorbeeldstad with the keyboard only, follows it
by the link from its email, the handler takes it through the first check, a conversation, the advice, the college
decision and the agreement; the group sees the decision and the agreement on its page, the handlers' desk shows
terms and the demo's overdue challenge, and the register lists the new challenge without the contact's name.
"""

from __future__ import annotations

import re
from datetime import date

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from support import clear_cookies, h1_text, new_document, sign_in, text_of, wait_until_loaded
from test_journeys import active, press, press_and_wait_for_new_page, tab_until
from test_trajectory_journey import click_button

TASK = "Vegen van de Kastanjelaan na de herfststorm"
GROUP = "Bewonersgroep Kastanjelaan"
CONTACT = "Ilse Verhoef"
EMAIL = "ilse.kastanjelaan@example.org"
FOLLOW_RE = re.compile(r"(http://127\.0\.0\.1:\d+/uitdaagrecht/volgen/[A-Za-z0-9_-]{43})")


def type_into(browser, field_id: str, text: str) -> None:
    """Tabs to the field and types, as someone with only a keyboard does."""
    tab_until(browser, f"el.id === '{field_id}'", limit=80)
    press(browser, text)


def test_a_group_challenges_by_keyboard_follows_by_its_link_and_sees_the_decision_and_agreement(browser, site, mailbox):
    before = mailbox.count()
    browser.get(site.base_url + "/gemeenten/GM9902/uitdaagrecht")
    wait_until_loaded(browser)
    tab_until(browser, "el.textContent.trim() === 'Uitdaging indienen'")
    press_and_wait_for_new_page(browser, Keys.ENTER)
    assert h1_text(browser) == "Uitdaging indienen bij Voorbeeldstad"

    # the form, keyboard only: Tab reaches a group of radio buttons, the arrow keys choose in it, Space ticks a box,
    # Enter sends
    tab_until(browser, "el.id === 'veld-task-0'", limit=80)
    press(browser, Keys.ARROW_DOWN)  # "Onderhoud van groen en bomen in de wijk"
    assert active(browser, "el.id === 'veld-task-1' && el.checked") is True
    type_into(browser, "veld-otherTask", TASK)
    type_into(browser, "veld-groupName", GROUP)
    tab_until(browser, "el.id === 'veld-legalForm-0'")
    for _ in range(3):
        press(browser, Keys.ARROW_DOWN)
    assert active(browser, "el.id === 'veld-legalForm-3' && el.checked") is True  # "Nog in oprichting"
    type_into(browser, "veld-contactName", CONTACT)
    type_into(browser, "veld-email", EMAIL)
    type_into(browser, "veld-plan", "Wij vegen de bladeren en takken samen op, elke zaterdag in oktober en november.")
    type_into(browser, "veld-support", "Alle 38 huishoudens van de laan tekenden onze lijst.")
    type_into(browser, "veld-supporters", "38")
    type_into(browser, "veld-capacity", "Twaalf buren met bladblazers en een aanhanger van de hovenier.")
    type_into(browser, "veld-budget", "1.800")
    tab_until(browser, "el.id === 'veld-consent'")
    press(browser, Keys.SPACE)
    tab_until(browser, "el.matches('button[type=submit]')")
    press_and_wait_for_new_page(browser, Keys.ENTER)
    assert h1_text(browser) == f"Uw uitdaging: {TASK}"
    follow = browser.current_url
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Ingediend" in main and "U hoort uiterlijk" in main

    # the group's email carries the same link
    message = mailbox.wait_for(EMAIL, "Uw uitdaging aan Voorbeeldstad is ontvangen", after=before)
    assert FOLLOW_RE.search(text_of(message)).group(1) == follow

    # the handler takes the steps of the municipality
    sign_in(browser, site.base_url, "behandelaar@demo.dia.example")
    browser.get(site.base_url + "/gemeenten/GM9902/uitdagingen")
    wait_until_loaded(browser)
    assert "Uiterlijk" in browser.find_element(By.TAG_NAME, "main").text
    with new_document(browser):
        browser.find_element(By.LINK_TEXT, TASK).click()
    handle = browser.current_url
    assert CONTACT in browser.find_element(By.TAG_NAME, "main").text, "the handler sees the contact person"
    click_button(browser, "Door de eerste toets")
    today = date.today().isoformat()
    browser.execute_script(f"document.getElementById('veld-meetingOn').value = '{today}';")
    browser.find_element(By.ID, "veld-notes").send_keys("Kennismaking op de stoep van nummer 12.")
    click_button(browser, "Gesprek opslaan")

    # the group sends its worked-out proposal from its own page
    clear_cookies(browser)
    browser.get(follow)
    wait_until_loaded(browser)
    assert "Kennismaking op de stoep van nummer 12." in browser.find_element(By.TAG_NAME, "main").text
    browser.find_element(By.ID, "veld-proposal").send_keys("Vier zaterdagen vegen, de gemeente haalt het blad op.")
    click_button(browser, "Voorstel versturen")

    # advice on every condition, then the college's decision (its reasons required) and the agreement
    sign_in(browser, site.base_url, "behandelaar@demo.dia.example")
    browser.get(handle)
    wait_until_loaded(browser)
    for radio in browser.find_elements(By.CSS_SELECTOR, "input[type=radio][value='voldoet']"):
        browser.find_element(By.CSS_SELECTOR, f"label[for='{radio.get_attribute('id')}']").click()
    browser.find_element(By.ID, "veld-summary").send_keys("Een klein en goed plan; het kost minder dan de veegwagen.")
    click_button(browser, "Advies opslaan")
    browser.find_element(By.XPATH, "//label[normalize-space()='Toegekend']").click()
    browser.execute_script(f"document.getElementById('veld-decidedOn').value = '{today}';")
    click_button(browser, "Besluit opslaan")
    assert browser.title.startswith("Fout: ")
    assert "Een besluit zonder redenen kan niet." in browser.find_element(By.CSS_SELECTOR, ".error-summary").text
    browser.find_element(By.ID, "veld-reasons").send_keys("Goed voor de laan en goedkoper dan nu.")
    click_button(browser, "Besluit opslaan")
    browser.execute_script(
        f"document.getElementById('veld-agreementFrom').value = '{today}';"
        "document.getElementById('veld-agreementUntil').value = '2099-12-31';")
    browser.find_element(By.ID, "veld-agreementBudget").send_keys("1800")
    browser.find_element(By.ID, "veld-method").send_keys("De groep veegt, de gemeente brengt zakken en haalt ze op.")
    browser.find_element(By.ID, "veld-reporting").send_keys("Na elke zaterdag een foto in de mail.")
    click_button(browser, "Overeenkomst opslaan")
    assert "Overeenkomst gesloten" in browser.find_element(By.TAG_NAME, "main").text

    # the group sees the decision with its reasons and the agreement
    clear_cookies(browser)
    browser.get(follow)
    wait_until_loaded(browser)
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Toegekend" in main and "Goed voor de laan en goedkoper dan nu." in main
    assert "Na elke zaterdag een foto in de mail." in main and "€ 1.800" in main

    # the handlers' desk of Demodorp shows the demo's challenge whose term passed
    sign_in(browser, site.base_url, "behandelaar@demo.dia.example")
    browser.get(site.base_url + "/gemeenten/GM9901/uitdagingen")
    wait_until_loaded(browser)
    assert "Te laat: uiterlijk" in browser.find_element(By.TAG_NAME, "main").text
    assert "over de termijn" in browser.find_element(By.CSS_SELECTOR, "main .notice").text

    # the register lists it, by the group's name and never the contact's
    clear_cookies(browser)
    browser.get(site.base_url + "/uitdaagrecht?gemeente=voorbeeldstad")
    wait_until_loaded(browser)
    main = browser.find_element(By.TAG_NAME, "main").text
    assert TASK in main and GROUP in main and CONTACT not in main
    assert re.search(r"Overeenkomst gesloten", main)
