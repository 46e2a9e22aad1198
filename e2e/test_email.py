"""Email, end to end: the real server mails through SMTP to a mailbox on loopback, and a person acts on the link."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from selenium.webdriver.common.by import By

from support import (ACCOUNTS, DEMO_PASSWORD, clear_cookies, h1_text, municipality_names, new_document, sign_in,
                     submit_form, text_of, wait_for_path, wait_until_loaded)

LINK_RE = re.compile(r"(http://127\.0\.0\.1:\d+/activeren/[A-Za-z0-9_-]+)")


def reset_password(browser, site, mailbox, email: str, new_password: str) -> None:
    """From the sign-in page: 'Wachtwoord vergeten?', the email's link, a new password; ends on the sign-in page."""
    before = mailbox.count()
    browser.get(site.base_url + "/inloggen")
    wait_until_loaded(browser)
    with new_document(browser):
        browser.find_element(By.LINK_TEXT, "Wachtwoord vergeten?").click()
    assert h1_text(browser) == "Wachtwoord vergeten"
    submit_form(browser, 'form[action="/wachtwoord-vergeten"]', {"email": email})
    assert email in browser.find_element(By.CSS_SELECTOR, ".notice").text

    message = mailbox.wait_for(email, "Nieuw wachtwoord kiezen", after=before)
    assert str(message["From"]) == "Democratie in Actie <noreply@dia.example>"
    assert message["Message-ID"]
    text = text_of(message)
    assert "2 uur" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="nl">' in html
    link = LINK_RE.search(text).group(1)
    assert f'href="{link}"' in html

    browser.get(link)
    wait_until_loaded(browser)
    assert h1_text(browser) == "Kies uw wachtwoord"
    submit_form(browser, "main form", {"password": new_password, "passwordConfirmation": new_password})
    wait_for_path(browser, "/inloggen")
    # The link worked once.
    browser.get(link)
    wait_until_loaded(browser)
    assert "Deze link werkt niet (meer)." in browser.find_element(By.TAG_NAME, "main").text


def test_forgotten_password_from_sign_in_to_a_new_password_by_email(browser, site, mailbox):
    email = "begeleider@demo.dia.example"
    reset_password(browser, site, mailbox, email, "Nieuw-wachtwoord-voor-Ruben")
    sign_in(browser, site.base_url, email, "Nieuw-wachtwoord-voor-Ruben")
    assert urlparse(browser.current_url).path == "/dashboard"

    # The old password no longer works; put the demo password back for the rest of the run.
    clear_cookies(browser)
    browser.get(site.base_url + "/inloggen")
    wait_until_loaded(browser)
    submit_form(browser, 'form[action="/inloggen"]', {"email": email, "password": DEMO_PASSWORD})
    assert urlparse(browser.current_url).path == "/inloggen"
    reset_password(browser, site, mailbox, email, DEMO_PASSWORD)
    sign_in(browser, site.base_url, email)


def test_a_new_municipality_signs_up_is_accepted_and_activates_its_account_from_the_email_alone(browser, site, mailbox):
    code = site._free_codes.pop(0)
    name = municipality_names()[code]
    contact = f"raadsgriffie.{code.lower()}@example.nl"
    before = mailbox.count()

    browser.get(site.base_url + "/doe-mee")
    wait_until_loaded(browser)
    submit_form(browser, 'form[action="/doe-mee"]', {
        "municipalityCode": code, "contactName": "Sanne Postma", "contactFunction": "griffier", "email": contact,
        "phone": "", "motivation": "", "acceptsTerms": "ja"})
    wait_for_path(browser, "/doe-mee/bedankt")
    received = mailbox.wait_for(contact, "We hebben uw aanmelding ontvangen", after=before)
    assert name in text_of(received)
    staff_note = mailbox.wait_for(ACCOUNTS["staff"], f"Nieuwe aanmelding: {name}", after=before)
    detail = re.search(r"(/beheer/aanmeldingen/[0-9a-fA-F-]{36})", text_of(staff_note)).group(1)

    # Programme staff follow the link in their email and accept.
    clear_cookies(browser)
    sign_in(browser, site.base_url, ACCOUNTS["staff"])
    browser.get(site.base_url + detail)
    wait_until_loaded(browser)
    with new_document(browser):
        browser.find_element(By.CSS_SELECTOR, 'form[action$="/accepteren"] button[type="submit"]').click()

    # The contact person has only the email: its link opens the account.
    welcome = mailbox.wait_for(contact, "Welkom bij Democratie in Actie", after=before)
    link = LINK_RE.search(text_of(welcome)).group(1)
    clear_cookies(browser)
    browser.get(link)
    wait_until_loaded(browser)
    submit_form(browser, "main form", {"password": "Raadhuisplein-1-Sanne", "passwordConfirmation": "Raadhuisplein-1-Sanne"})
    wait_for_path(browser, "/inloggen")
    sign_in(browser, site.base_url, contact, "Raadhuisplein-1-Sanne")
    assert name in browser.find_element(By.TAG_NAME, "main").text
