"""Email, end to end: the real server mails through SMTP to a mailbox on loopback, and a person acts on the link."""

from __future__ import annotations

import re
import time
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
    wait_for_path(browser, "/dashboard")
    # The link worked once.
    browser.get(link)
    wait_until_loaded(browser)
    assert h1_text(browser) == "Deze link werkt niet (meer)"
    clear_cookies(browser)


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
    wait_for_path(browser, "/dashboard")
    assert name in browser.find_element(By.TAG_NAME, "main").text
    clear_cookies(browser)
    sign_in(browser, site.base_url, contact, "Raadhuisplein-1-Sanne")


def test_coordinator_invites_by_email_and_the_reminder_reaches_only_who_did_not_start(browser, site, mailbox):
    first, second = "raadslid.een@voorbeeldstad.example", "raadslid.twee@voorbeeldstad.example"
    before = mailbox.count()
    sign_in(browser, site.base_url, ACCOUNTS["other-coordinator"])
    browser.get(site.base_url + site.resolve("{open_scan}"))
    wait_until_loaded(browser)
    submit_form(browser, 'form[action$="/uitnodigen"]', {
        "mailGroup": "raad", "addresses": f"e-mail;naam\n{first};Een\n{second};Twee\n{first};dubbel\nnog geen adres"})
    notice = browser.find_element(By.CSS_SELECTOR, ".notice, .flash, [role=status]").text
    assert "2 uitnodigingen staan klaar" in notice and "regel 5 (nog geen adres)" in notice, notice
    assert first not in browser.page_source and second not in browser.page_source

    # The first council member opens the link in the email and answers the first page.
    invitation = mailbox.wait_for(first, "Uitnodiging: hoe gaat het met de lokale democratie in Voorbeeldstad?", after=before)
    link = re.search(r"(http://127\.0\.0\.1:\d+/vragenlijst/[A-Z0-9-]+)", text_of(invitation)).group(1)
    assert "anoniem" in text_of(invitation)
    clear_cookies(browser)
    browser.get(link)
    wait_until_loaded(browser)
    with new_document(browser):
        browser.find_element(By.CSS_SELECTOR, 'a[href$="/stap/1"]').click()
    browser.execute_script(
        "document.querySelectorAll('form.questionnaire fieldset').forEach(f => f.querySelectorAll('.radio label')[3].click())")
    with new_document(browser):
        browser.find_element(By.CSS_SELECTOR, 'form.questionnaire button[value="volgende"]').click()
    assert "/stap/2" in browser.current_url

    # The coordinator sends a reminder: only the second member gets it, and the page says nothing of who.
    clear_cookies(browser)
    sign_in(browser, site.base_url, ACCOUNTS["other-coordinator"])
    browser.get(site.base_url + site.resolve("{open_scan}"))
    wait_until_loaded(browser)
    after_invitations = mailbox.count()
    with new_document(browser):
        browser.find_element(By.CSS_SELECTOR, 'form[action$="/herinneren"] button[type="submit"]').click()
    assert "De herinneringen staan klaar" in browser.find_element(By.TAG_NAME, "main").text
    reminder = mailbox.wait_for(second, "Herinnering: hoe gaat het met de lokale democratie in Voorbeeldstad?",
                                after=after_invitations)
    assert "/vragenlijst/" in text_of(reminder)
    # Reminders are written together and delivered in one round; give a straggler one more round.
    time.sleep(4)
    assert mailbox.messages_to(first, str(reminder["Subject"]), after=after_invitations) == []
    assert len(mailbox.messages_to(second, str(reminder["Subject"]), after=after_invitations)) == 1
