"""What people do on the platform, end to end in Chromium, against the real server."""

from __future__ import annotations

from urllib.parse import urlparse

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from support import (ACCOUNTS, DEMO_PASSWORD, WAIT_SECONDS, clear_cookies, h1_text, new_document, sign_in,
                     submit_form, wait_for_path, wait_until_loaded)

NEW_COORDINATOR_EMAIL = "griffie@groningen.example.nl"
NEW_COORDINATOR_PASSWORD = "Stadhuis-Grote-Markt-1"


# ---------------------------------------------------------------------------------------------------------------
# (a) From sign-up to a coordinator's own dashboard


def test_municipality_signs_up_staff_accepts_and_new_coordinator_sees_only_their_municipality(browser, site):
    base = site.base_url

    # A municipality (Groningen, GM0014) signs up through the public form.
    browser.get(base + "/doe-mee")
    wait_until_loaded(browser)
    submit_form(browser, 'form[action="/doe-mee"]', {
        "municipalityCode": "GM0014",
        "contactName": "Jorien Hoekstra",
        "contactFunction": "griffier",
        "email": NEW_COORDINATOR_EMAIL,
        "phone": "050 367 0000",
        "motivation": "Wij willen weten hoe inwoners onze lokale democratie ervaren.",
        "acceptsTerms": "ja",
    })
    wait_for_path(browser, "/doe-mee/bedankt")
    assert h1_text(browser) == "Bedankt voor uw aanmelding"

    # Programme staff sign in and find the sign-up among the open ones.
    clear_cookies(browser)
    sign_in(browser, base, ACCOUNTS["staff"])
    browser.find_element(By.LINK_TEXT, "Naar de aanmeldingen").click()
    wait_for_path(browser, "/beheer/aanmeldingen")
    browser.find_element(By.LINK_TEXT, "Groningen").click()
    wait_until_loaded(browser)
    assert urlparse(browser.current_url).path.startswith("/beheer/aanmeldingen/")
    assert "Groningen" in h1_text(browser)
    assert NEW_COORDINATOR_EMAIL in browser.find_element(By.CSS_SELECTOR, "dl.facts").text

    # They accept it; the page shows the one-time activation link for the new coordinator.
    accept = browser.find_element(By.CSS_SELECTOR, 'form[action$="/accepteren"] button[type="submit"]')
    with new_document(browser):
        accept.click()
    panel = browser.find_element(By.CSS_SELECTOR, ".panel-success")
    assert NEW_COORDINATOR_EMAIL in panel.text
    link = browser.find_element(By.CSS_SELECTOR, ".one-time-link code").text.strip()
    assert link.startswith(base + "/activeren/"), link

    # The coordinator opens the link in a browser of their own and chooses a password.
    clear_cookies(browser)
    browser.get(link)
    wait_until_loaded(browser)
    assert NEW_COORDINATOR_EMAIL in browser.find_element(By.CSS_SELECTOR, "main").text
    submit_form(browser, "main form", {"password": NEW_COORDINATOR_PASSWORD,
                                       "passwordConfirmation": NEW_COORDINATOR_PASSWORD})
    # Choosing the password signs them in: they land on their own start page and see Groningen, and only Groningen.
    wait_for_path(browser, "/dashboard")
    assert "Uw wachtwoord is opgeslagen. U bent ingelogd." in browser.find_element(By.CSS_SELECTOR, ".notice").text
    cards = browser.find_elements(By.CSS_SELECTOR, "ul.cards > li.card h3 a")
    assert [card.text.strip() for card in cards] == ["Groningen"]
    cards[0].click()
    wait_for_path(browser, "/gemeenten/GM0014/dashboard")
    assert h1_text(browser) == "Overzicht Groningen"

    # Another municipality's dashboard is closed to them.
    browser.get(base + "/gemeenten/GM9901/dashboard")
    wait_until_loaded(browser)
    assert h1_text(browser) == "Geen toegang"
    assert "Demodorp" not in browser.find_element(By.CSS_SELECTOR, "main").text

    # Signing out ends the session.
    logout = browser.find_element(By.CSS_SELECTOR, 'form[action="/uitloggen"] button[type="submit"]')
    with new_document(browser):
        logout.click()
    wait_for_path(browser, "/inloggen?uitgelogd=1")
    assert "U bent uitgelogd" in browser.find_element(By.CSS_SELECTOR, "main").text
    browser.get(base + "/gemeenten/GM0014/dashboard")
    wait_until_loaded(browser)
    assert urlparse(browser.current_url).path == "/inloggen"


# ---------------------------------------------------------------------------------------------------------------
# (b) Keyboard only: Tab, Enter and Space, never a click


def press(driver: WebDriver, key: str) -> None:
    ActionChains(driver).send_keys(key).perform()


def press_and_wait_for_new_page(driver: WebDriver, key: str) -> None:
    with new_document(driver):
        press(driver, key)


def active(driver: WebDriver, script: str):
    """Evaluates `script` with `el` bound to document.activeElement."""
    return driver.execute_script("const el = document.activeElement; return " + script)


def focus_is_visible(driver: WebDriver) -> tuple[bool, str]:
    style = active(driver, "(() => { const s = getComputedStyle(el); return "
                           "{outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, boxShadow: s.boxShadow,"
                           " tag: el.tagName, id: el.id, cls: el.className}; })()")
    outline = style["outlineStyle"] != "none" and style["outlineWidth"] not in ("0px", "")
    shadow = style["boxShadow"] not in ("none", "")
    return outline or shadow, str(style)


def tab_until(driver: WebDriver, condition: str, limit: int = 40) -> int:
    """Presses Tab until `condition` (JS, with `el`) holds for the focused element; returns the number of presses."""
    for presses in range(1, limit + 1):
        press(driver, Keys.TAB)
        if active(driver, condition):
            return presses
    raise AssertionError(f"{condition} was never focused within {limit} Tab presses")


def submit_empty_login_form_by_keyboard(driver: WebDriver) -> None:
    tab_until(driver, "el.matches('form[action=\"/inloggen\"] button[type=submit]')")
    press_and_wait_for_new_page(driver, Keys.ENTER)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(browser, site):
    browser.get(site.base_url + "/inloggen")
    wait_until_loaded(browser)

    press(browser, Keys.TAB)
    assert active(browser, "el.classList.contains('skip-link')"), active(browser, "el.outerHTML")
    assert active(browser, "el.getAttribute('href')") == "#inhoud"
    visible, style = focus_is_visible(browser)
    assert visible, f"the focused skip link shows no outline: {style}"
    top = active(browser, "el.getBoundingClientRect().top")
    assert top >= 0, f"the focused skip link stays off screen (top {top})"

    press(browser, Keys.ENTER)
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: active(d, "el.id") == "inhoud", message="Enter on the skip link did not focus main#inhoud")
    assert active(browser, "el.tagName") == "MAIN"

    # The next Tab continues inside the main content, at the first form field.
    press(browser, Keys.TAB)
    assert active(browser, "el.closest('main') !== null && el.id === 'veld-email'"), active(browser, "el.outerHTML")


def test_empty_login_by_keyboard_focuses_error_summary_whose_links_focus_each_field(browser, site):
    browser.get(site.base_url + "/inloggen")
    wait_until_loaded(browser)

    submit_empty_login_form_by_keyboard(browser)
    assert browser.title.startswith("Fout: "), f"the title does not say there is an error: {browser.title!r}"
    assert active(browser, "el.classList.contains('error-summary')"), (
        "after the failed submit focus is on " + active(browser, "el.outerHTML.slice(0, 200)"))
    visible, style = focus_is_visible(browser)
    assert visible, f"the focused error summary shows no focus outline: {style}"

    links = browser.execute_script(
        "return [...document.querySelectorAll('.error-summary a')].map(a => a.getAttribute('href'))")
    assert links == ["#veld-email", "#veld-password"], links

    for index, href in enumerate(links):
        if index > 0:  # a fresh failed submit, so focus is on the summary again
            submit_empty_login_form_by_keyboard(browser)
            assert active(browser, "el.classList.contains('error-summary')")
        for _ in range(index + 1):
            press(browser, Keys.TAB)
        assert active(browser, "el.getAttribute('href')") == href, active(browser, "el.outerHTML")
        visible, style = focus_is_visible(browser)
        assert visible, f"the focused summary link {href} shows no focus outline: {style}"

        press(browser, Keys.ENTER)
        WebDriverWait(browser, WAIT_SECONDS).until(
            lambda d: active(d, "el.id") == href[1:],
            message=f"Enter on the summary link {href} left focus on "
                    + str(active(browser, "el.outerHTML.slice(0, 200)")))
        assert active(browser, "el.getAttribute('aria-invalid')") == "true"
        visible, style = focus_is_visible(browser)
        assert visible, f"the field {href} has focus but shows no outline: {style}"


def test_whole_sign_in_works_by_keyboard_with_space_on_the_button(browser, site):
    browser.get(site.base_url + "/inloggen")
    wait_until_loaded(browser)
    tab_until(browser, "el.id === 'veld-email'")
    press(browser, ACCOUNTS["coordinator"])
    press(browser, Keys.TAB)
    assert active(browser, "el.id") == "veld-password"
    press(browser, DEMO_PASSWORD)
    press(browser, Keys.TAB)
    assert active(browser, "el.matches('button[type=submit]')")
    press_and_wait_for_new_page(browser, Keys.SPACE)
    wait_for_path(browser, "/dashboard")
    assert h1_text(browser) == "Welkom, Marieke Jansen"


# ---------------------------------------------------------------------------------------------------------------
# (c) Finding a municipality, and reading the site in English


def test_search_without_accents_finds_sudwest_fryslan(browser, site):
    browser.get(site.base_url + "/gemeenten")
    wait_until_loaded(browser)
    field = browser.find_element(By.ID, "veld-zoek")
    field.send_keys("sudwest")
    with new_document(browser):
        field.send_keys(Keys.ENTER)
    assert urlparse(browser.current_url).query.startswith("zoek=sudwest")
    names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "table tbody th a")]
    assert names == ["Súdwest-Fryslân"], names
    assert "1 van 1" in browser.find_element(By.CSS_SELECTOR, ".result-count").text


def test_language_link_switches_the_site_to_english_and_back(browser, site):
    browser.get(site.base_url + "/gemeenten")
    wait_until_loaded(browser)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"

    switch = browser.find_element(By.CSS_SELECTOR, 'a[hreflang="en"]')
    assert switch.text == "English" and switch.get_attribute("lang") == "en"
    with new_document(browser):
        switch.click()
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert h1_text(browser) == "Municipalities"
    assert browser.find_element(By.CSS_SELECTOR, ".skip-link").get_attribute("textContent") == "Skip to content"
    assert browser.find_element(By.CSS_SELECTOR, 'label[for="veld-zoek"]').text != "Zoek op naam of code"

    # The choice is remembered on the next page, and the link back says Nederlands.
    browser.get(site.base_url + "/")
    wait_until_loaded(browser)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    back = browser.find_element(By.CSS_SELECTOR, 'a[hreflang="nl"]')
    assert back.text == "Nederlands"
    with new_document(browser):
        back.click()
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
