"""After the report, in Chromium: the improvement agenda written with the keyboard only, and the demo trajectory
that Demodorp walked from sign-up to its repeat scan.

This file runs after the page checks (pytest takes the files in order), because the keyboard journey leaves an
agenda for Voorbeeldstad.
"""

from __future__ import annotations

from urllib.parse import urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from support import clear_cookies, new_document, sign_in, wait_until_loaded
from test_journeys import active, focus_is_visible, press, press_and_wait_for_new_page, tab_until


def type_keys(driver, text: str) -> None:
    press(driver, text)


def date_keys(driver, day: int, month: int, year: int) -> str:
    """The digits to type into a date field, in the order the browser's language shows day, month and year."""
    order = driver.execute_script(
        "return new Intl.DateTimeFormat(navigator.language).formatToParts(new Date(2027, 1, 1))"
        ".filter(p => ['day', 'month', 'year'].includes(p.type)).map(p => p.type);")
    parts = {"day": f"{day:02d}", "month": f"{month:02d}", "year": f"{year:04d}"}
    return "".join(parts[name] for name in order)


def test_coordinator_writes_the_improvement_agenda_with_the_keyboard_only(browser, site):
    sign_in(browser, site.base_url, "trekker.voorbeeldstad@demo.dia.example")
    browser.get(site.base_url + "/gemeenten/GM9902/verbeteragenda/bewerken")
    wait_until_loaded(browser)

    # the first priority's focus area: a native select, chosen with the arrow keys
    tab_until(browser, "el.id === 'veld-p1-area'")
    assert focus_is_visible(browser)[0], focus_is_visible(browser)[1]
    for _ in range(3):
        press(browser, Keys.ARROW_DOWN)
    assert active(browser, "el.value") == "3"
    press(browser, Keys.TAB)
    assert active(browser, "el.id") == "veld-p1-why"
    type_keys(browser, "Inwoners geven burgerparticipatie een lage score.")
    tab_until(browser, "el.id === 'veld-p1-a1-what'")
    type_keys(browser, "Participatieplan bij elk groot project")
    press(browser, Keys.TAB)
    type_keys(browser, "Gebiedsregisseur")
    press(browser, Keys.TAB)
    assert active(browser, "el.id") == "veld-p1-a1-due"
    type_keys(browser, date_keys(browser, 1, 3, 2030))
    assert active(browser, "el.value") == "2030-03-01"

    # to the save button, far below the empty slots, and Enter
    tab_until(browser, "el.matches('form.agenda-form button[type=submit]')", limit=120)
    press_and_wait_for_new_page(browser, Keys.ENTER)

    heading = browser.find_element(By.CSS_SELECTOR, "#prioriteit-1").text
    assert "Beter betrokken inwoners" in heading
    assert "Participatieplan bij elk groot project" in browser.find_element(By.CSS_SELECTOR, "main table").text
    assert "nog niet naar het servicepunt gestuurd" in browser.find_element(By.CSS_SELECTOR, "p.lead").text


def test_demodorp_walked_the_whole_trajectory_and_its_repeat_scan_shows_what_changed(browser, site):
    sign_in(browser, site.base_url, "trekker@demo.dia.example")
    browser.get(site.base_url + "/gemeenten/GM9901/traject")
    wait_until_loaded(browser)
    steps = browser.find_elements(By.CSS_SELECTOR, "ol.steps li")
    assert len(steps) == 8 and all("step-done" in step.get_attribute("class") for step in steps)
    effect = browser.find_element(By.CSS_SELECTOR, "#effect").find_element(By.XPATH, "..").text
    # the baseline is the first report; the repeat scan is the newest report after the agenda (the Quick Scan
    # journey may have added one to Demodorp in this run)
    assert "eerste rapport, Quick Scan 2024, met de herhaalscan" in effect
    assert "Raad in beraad" in effect
    assert "niet waardoor" in effect  # the page never claims a cause
    # with numbers where groups can be compared; the Quick Scan journey's repeat scan, answered by one person per
    # group, has none, and then the page says so
    assert ("Dat is duidelijk hoger." in effect or "Dat verschil kan toeval zijn" in effect
            or "Er valt nog niets te vergelijken" in effect)

    # the evaluated request and the agenda's second version are one click away
    browser.find_element(By.LINK_TEXT, "Naar de verbeteragenda").click()
    wait_until_loaded(browser)
    assert "Deze versie is naar het servicepunt gestuurd." in browser.find_element(By.CSS_SELECTOR, "p.lead").text
    browser.find_element(By.LINK_TEXT, "Versie 2").click()
    wait_until_loaded(browser)
    assert "Nieuwe prioriteit: Krachtige gemeenteraad." in browser.find_element(By.CSS_SELECTOR, "#wijzigingen").find_element(By.XPATH, "..").text


def click_button(driver, text: str) -> None:
    """Presses the page's submit button with this text and waits for the next page."""
    button = driver.find_element(By.XPATH, f"//main//button[normalize-space()='{text}']")
    with new_document(driver):
        button.click()


def test_a_request_is_made_granted_planned_carried_out_and_evaluated_and_staff_see_it(browser, site):
    # the coordinator of Voorbeeldstad requests Raad in beraad from its page in the catalogue
    sign_in(browser, site.base_url, "trekker.voorbeeldstad@demo.dia.example")
    browser.get(site.base_url + "/aanbod/raad-in-beraad")
    wait_until_loaded(browser)
    with new_document(browser):
        browser.find_element(By.LINK_TEXT, "Aanvragen voor Voorbeeldstad").click()
    browser.find_element(By.NAME, "motivation").send_keys("De raad wil oefenen met publieke druk rond de nieuwe woonwijk.")
    click_button(browser, "Aanvraag versturen")
    assert "Ingediend" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    request_path = urlparse(browser.current_url).path
    request_id = request_path.rsplit("/", 1)[1]

    # programme staff take it on, grant it, plan it and mark it carried out
    clear_cookies(browser)
    sign_in(browser, site.base_url, "programma@demo.dia.example")
    browser.get(site.base_url + "/beheer/aanvragen")
    wait_until_loaded(browser)
    with new_document(browser):
        browser.find_element(By.CSS_SELECTOR, f"a[href='/beheer/aanvragen/{request_id}']").click()
    click_button(browser, "In behandeling nemen")
    click_button(browser, "Toekennen")
    date_field = browser.find_element(By.NAME, "plannedOn")
    date_field.click()
    date_field.send_keys(date_keys(browser, 15, 1, 2030))
    click_button(browser, "Datum opslaan")
    assert "15 januari 2030" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    click_button(browser, "Uitgevoerd")
    history = browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    assert len(history) == 5 and "Anouk Visser" in history[-1].text

    # the coordinator evaluates it
    clear_cookies(browser)
    sign_in(browser, site.base_url, "trekker.voorbeeldstad@demo.dia.example")
    browser.get(site.base_url + request_path)
    wait_until_loaded(browser)
    browser.find_element(By.CSS_SELECTOR, "label[for='veld-rating-3']").click()
    browser.find_element(By.NAME, "lessons").send_keys("De casus uit onze eigen gemeente maakte het gesprek echt.")
    click_button(browser, "Evaluatie opslaan")
    assert "Geëvalueerd" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert "Cijfer: 4 van 5" in browser.find_element(By.CSS_SELECTOR, "main").text

    # programme staff see the step reached on their dashboard of all trajectories
    clear_cookies(browser)
    sign_in(browser, site.base_url, "programma@demo.dia.example")
    browser.get(site.base_url + "/beheer/trajecten?provincie=Gelderland")
    wait_until_loaded(browser)
    row = browser.find_element(By.XPATH, "//tr[th/a[normalize-space()='Voorbeeldstad']]").text
    assert "Voorbeeldstad" in row
    browser.get(site.base_url + "/gemeenten/GM9902/traject")
    wait_until_loaded(browser)
    offer_step = browser.find_elements(By.CSS_SELECTOR, "ol.steps li")[6].text
    assert "aanbod is uitgevoerd" in offer_step
