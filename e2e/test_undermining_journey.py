"""Ondermijning in Chromium: Demodorp's council member plays the quiz's first level by keyboard, reaches 80 per cent
and goes on to level 2; someone without an account reports a signal to Demodorp and keeps the code; the burgemeester,
Demodorp's contact for reports, is emailed, reads the report and answers; the reporter reads the answer with the code.
"""

from __future__ import annotations

import re

import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from support import ACCOUNTS, REPO_ROOT, clear_cookies, new_document, sign_in, submit_form, text_of, wait_until_loaded
from test_quickscan_journey import main_text


def right_answers(level: int) -> list[int]:
    """The number of the right answer (from 1, as the form sends it) for each question of a level."""
    data = yaml.safe_load((REPO_ROOT / "Resources" / "Data" / "resilience" / "quiz.yaml").read_text(encoding="utf-8"))
    questions = next(each for each in data["levels"] if each["level"] == level)["questions"]
    return [next(number for number, answer in enumerate(question["answers"], 1) if answer["correct"]) for question in questions]


def test_a_member_reaches_quiz_level_2_and_a_reported_signal_reaches_the_contact(browser, site, mailbox):
    base = site.base_url
    sign_in(browser, base, ACCOUNTS["council"])
    browser.get(base + "/ondermijning/quiz/1")
    wait_until_loaded(browser)
    rights = right_answers(1)
    # eight right and two wrong: 80 per cent, just enough. Each answer is chosen by keyboard: Space on the radio.
    for number, right in enumerate(rights, 1):
        chosen = right if number <= 8 else (right % 3) + 1
        radio = browser.find_element(By.CSS_SELECTOR, f'input[name="q{number}"][value="{chosen}"]')
        browser.execute_script("arguments[0].focus()", radio)
        radio.send_keys(Keys.SPACE)
        assert radio.is_selected(), f"question {number}"
    with new_document(browser):
        browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").send_keys(Keys.ENTER)
    text = main_text(browser)
    assert "U hebt 8 van de 10 vragen goed." in text and "dit niveau is gehaald" in text, text[:400]
    with new_document(browser):
        browser.find_element(By.LINK_TEXT, "Ga door naar niveau 2").click()
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Niveau 2")
    browser.get(base + "/ondermijning/quiz")
    wait_until_loaded(browser)
    assert "Gehaald" in main_text(browser)

    # someone without an account reports a signal to Demodorp
    clear_cookies(browser)
    before = mailbox.count()
    browser.get(base + "/ondermijning/melden?gemeente=GM9901")
    wait_until_loaded(browser)
    submit_form(browser, "main form", {
        "sector": "horeca", "what": "Een snackbar aan de Dorpsstraat is elke dag dicht, maar de eigenaar rijdt in een dure auto.",
        "place": "Dorpsstraat", "moment": "Al een paar maanden"})
    code = browser.find_element(By.CSS_SELECTOR, ".letter-code strong").text
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{1,4}){6}", code), code

    # the contact, emailed without the content, reads it and answers
    message = mailbox.wait_for(ACCOUNTS["mayor"], "Nieuwe melding van ondermijning voor Demodorp", after=before)
    assert "snackbar" not in text_of(message) and "/gemeenten/GM9901/meldpunt-ondermijning/" in text_of(message)
    clear_cookies(browser)
    sign_in(browser, base, ACCOUNTS["mayor"])
    browser.get(base + "/gemeenten/GM9901/meldpunt-ondermijning")
    wait_until_loaded(browser)
    with new_document(browser):
        browser.find_element(By.CSS_SELECTOR, "table tbody tr:first-child a").click()
    assert "elke dag dicht" in main_text(browser)
    submit_form(browser, "section.panel form", {"status": "in-behandeling", "reply": "Dank u. Wij kijken ernaar met het RIEC."})
    assert "De stand en het antwoord zijn opgeslagen." in main_text(browser)

    # the reporter reads the answer with the code, typed in small letters
    clear_cookies(browser)
    browser.get(base + "/ondermijning/melding")
    wait_until_loaded(browser)
    submit_form(browser, "main form", {"code": code.lower()})
    text = main_text(browser)
    assert "In behandeling" in text and "Wij kijken ernaar met het RIEC." in text
