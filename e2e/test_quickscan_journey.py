"""The Quick Scan end to end in Chromium, as people do it: a coordinator prepares, opens and closes a scan,
respondents of all four groups answer it without an account, and reports are read.

Everything goes through clicks and typing. The only plain-HTTP shortcut is looking up Voorbeeldstad's open link
(site.resolve) for the tests that need any questionnaire to start from, which is not what they are about.

The journey leaves a closed scan in Demodorp's list (newest first); support.py picks the demo's own scans by title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select

from support import (ACCOUNTS, clear_cookies, h1_text, new_document, sign_in, submit_form,
                     wait_for_path, wait_until_loaded)

SCAN_TITLE = "Quick Scan e2e-reis"
CUSTOM_QUESTION = "Wat zou u de gemeenteraad van Demodorp willen meegeven?"
GROUP_NAMES = {"raad": "Raad", "college": "College", "ambtenaren": "Ambtenaren", "inwoners": "Inwoners"}
GROUP_MEMBERS = {"raad": "raadslid", "college": "lid van het college (burgemeester of wethouder)",
                 "ambtenaren": "ambtenaar", "inwoners": "inwoner"}
CODE_RE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}")  # 16 characters in groups of four, as printed


# ---------------------------------------------------------------------------------------------------------------
# Small steps a person takes


def main_text(driver: WebDriver) -> str:
    return driver.find_element(By.TAG_NAME, "main").text


def notice_text(driver: WebDriver) -> str:
    return " ".join(n.text for n in driver.find_elements(By.CSS_SELECTOR, "main .notice, .notice[role=status]"))


def button(scope: WebDriver | WebElement, text: str) -> WebElement:
    found = scope.find_elements(By.XPATH, f".//button[normalize-space()='{text}']")
    assert found, f"no button {text!r} on the page"
    return found[0]


def click_and_wait(driver: WebDriver, element: WebElement) -> None:
    with new_document(driver):
        element.click()


def press(driver: WebDriver, keys: str) -> None:
    ActionChains(driver).send_keys(keys).perform()


def today_in_the_netherlands() -> date:
    """The coordinator's today (the server counts days in Europe/Amsterdam as well)."""
    return datetime.now(ZoneInfo("Europe/Amsterdam")).date()


def type_date(driver: WebDriver, date_input: WebElement, day: date) -> None:
    """Types a day into an <input type=date> in the order its locale shows (dd-mm-jjjj, mm/dd/yyyy, ...)."""
    order = driver.execute_script(
        "return new Intl.DateTimeFormat(navigator.language, {year: 'numeric', month: '2-digit', day: '2-digit'})"
        ".formatToParts(new Date(2001, 10, 22)).filter(p => p.type !== 'literal').map(p => p.type);")
    digits = {"day": f"{day.day:02d}", "month": f"{day.month:02d}", "year": f"{day.year:04d}"}
    date_input.clear()
    assert date_input.get_property("value") == "", "the date field did not clear"
    date_input.send_keys("".join(digits[part] for part in order))
    # What the browser will send is the input's value, always yyyy-mm-dd whatever the display format.
    assert date_input.get_property("value") == day.isoformat(), (
        f"typed {day} in the order {order} but the field holds {date_input.get_property('value')!r}")


# ---------------------------------------------------------------------------------------------------------------
# The respondent's side


@dataclass
class Answered:
    blank_open_questions: dict[int, int] = field(default_factory=dict)  # page number -> open questions left blank

    @property
    def blanks(self) -> int:
        return sum(self.blank_open_questions.values())


def current_page_number(driver: WebDriver, code_path: str) -> tuple[int, int]:
    """(this page, last page), from the address and the progress line 'Stap n van m'."""
    match = re.fullmatch(re.escape(code_path) + r"/stap/(\d+)", urlparse(driver.current_url).path)
    assert match, f"expected a questionnaire page of {code_path}, the browser shows {driver.current_url}"
    progress = re.fullmatch(r"Stap (\d+) van (\d+)", driver.find_element(By.CSS_SELECTOR, "p.progress").text)
    assert progress and progress.group(1) == match.group(1), driver.find_element(By.CSS_SELECTOR, "p.progress").text
    return int(progress.group(1)), int(progress.group(2))


def answer_current_page(driver: WebDriver, number: int, lean: int, open_text: str | None, answered: Answered) -> None:
    """Clicks one answer (its label) per scale question, or on the page of the top three the labels of three themes;
    types `open_text` into the page's last open question."""
    choices = driver.find_elements(By.CSS_SELECTOR, "form.questionnaire input[type=checkbox]")
    if choices:
        assert h1_text(driver) == "Wat moet als eerste beter?", h1_text(driver)
        assert len(choices) == 10, f"the top three offers {len(choices)} themes, not the ten of the questionnaire"
        for index in range(3):
            choice = choices[(lean + index) % len(choices)]
            driver.find_element(By.CSS_SELECTOR, f'label[for="{choice.get_attribute("id")}"]').click()
        assert len([c for c in choices if c.is_selected()]) == 3, "clicking three labels did not tick three themes"
        answered.blank_open_questions[number] = 0
        return
    # One round trip to find the labels to click (a WebDriver call per radio would make the journey slow).
    labels = driver.execute_script("""
        return [...document.querySelectorAll('form.questionnaire fieldset')].map((fieldset, index) => {
          const options = fieldset.querySelectorAll('.radio label');
          return options.length === 6 ? options[(arguments[0] + index) % 5] : null;  // never 'weet niet'
        });""", lean)
    assert None not in labels, "every scale question should offer 5 answers and 'weet niet'"
    for label in labels:
        label.click()
    unchosen = driver.execute_script(
        "return [...document.querySelectorAll('form.questionnaire fieldset')]"
        ".filter(f => !f.querySelector('input[type=radio]:checked')).map(f => f.id);")
    assert not unchosen, f"clicking the labels did not choose an answer for {unchosen}"
    textareas = driver.find_elements(By.CSS_SELECTOR, "form.questionnaire textarea")
    if open_text and textareas:
        textareas[-1].clear()
        textareas[-1].send_keys(open_text)
        textareas = textareas[:-1]
    answered.blank_open_questions[number] = len([t for t in textareas if not t.get_property("value").strip()])


def follow_own_code(driver: WebDriver, code_path: str) -> str:
    """At the first save a letter's answers move to a code of the respondent's own: the page says so once, with
    the new link. Returns the questionnaire path the browser is on now."""
    parsed = urlparse(driver.current_url)
    match = re.fullmatch(r"(/vragenlijst/[0-9A-HJKMNP-TV-Z]{16})(/.*)?", parsed.path)
    if not match or match.group(1) == code_path:
        return code_path
    assert "eigen=ja" in parsed.query or "bewaard=ja" in parsed.query, driver.current_url
    if "eigen=ja" in parsed.query:
        assert "onder een link die alleen u heeft" in notice_text(driver), notice_text(driver)
        assert match.group(1) in notice_text(driver), "the notice does not show the new link"
    return match.group(1)


def answer_pages_until_check(driver: WebDriver, code_path: str, lean: int, open_text: str, answered: Answered) -> str:
    """Answers from the page the browser shows to the last one, clicking Volgende; ends on the check page and
    returns the questionnaire's path there (the respondent's own code, once answers were saved)."""
    wait_until_loaded(driver)
    number, last = current_page_number(driver, code_path)
    while True:
        if number == last:  # the municipality's own questions come last; that is where the open answer goes
            assert h1_text(driver) == "Vragen van uw gemeente", h1_text(driver)
            assert CUSTOM_QUESTION in main_text(driver), "the coordinator's own question is missing"
        answer_current_page(driver, number, lean, open_text if number == last else None, answered)
        click_and_wait(driver, button(driver, "Volgende"))
        code_path = follow_own_code(driver, code_path)
        if number == last:
            break
        number += 1
        wait_for_path(driver, f"{code_path}/stap/{number}")
    wait_for_path(driver, f"{code_path}/controle")
    assert len(answered.blank_open_questions) == last, f"answered pages {sorted(answered.blank_open_questions)} of {last}"
    return code_path


def send_from_check_page(driver: WebDriver, answered: Answered, open_text: str) -> None:
    assert h1_text(driver) == "Controleer uw antwoorden"
    assert open_text in main_text(driver), "the check page does not repeat the open answer"
    not_answered = driver.find_elements(By.CSS_SELECTOR, "dd.not-answered")
    assert len(not_answered) == answered.blanks, (
        f"{len(not_answered)} questions show as not answered; only the {answered.blanks} open "
        "questions that were left blank should")
    click_and_wait(driver, button(driver, "Antwoorden versturen"))
    wait_for_path(driver, "/vragenlijst/bedankt")
    assert h1_text(driver) == "Bedankt voor het meedoen!"


def begin_from_start_page(driver: WebDriver, start_path: str, group: str, link_text: str = "Begin met de vragenlijst") -> None:
    wait_for_path(driver, start_path)
    assert f"U vult de vragenlijst in als {GROUP_MEMBERS[group]}." in main_text(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, link_text))


def normalized(url: str) -> str:
    """The questionnaire's own path: the letter's link with the code's dashes left out, as the pages link it."""
    return urlparse(url).path.replace("-", "")


def link_shows_already_used(driver: WebDriver, url: str) -> None:
    driver.get(url)
    wait_until_loaded(driver)
    assert "al ingevuld en verstuurd" in main_text(driver), (
        f"using {url} again shows {h1_text(driver)!r}: {main_text(driver)[:200]!r}")
    assert not driver.find_elements(By.LINK_TEXT, "Begin met de vragenlijst")


def respond_with_personal_link(driver: WebDriver, url: str, group: str, lean: int) -> None:
    """One person of `group` answers everything from their letter's link in a browser of their own."""
    clear_cookies(driver)
    driver.get(url)
    begin_from_start_page(driver, urlparse(url).path, group)
    path = normalized(url)
    answered = Answered()
    open_text = f"Meer gesprekken in de wijk ({group})."
    answer_pages_until_check(driver, path, lean, open_text, answered)
    send_from_check_page(driver, answered, open_text)
    link_shows_already_used(driver, url)


def respond_later_with_typed_code(driver: WebDriver, base: str, url: str, code: str, group: str, lean: int) -> None:
    """Answers page 1, saves to continue later, leaves; comes back by typing the code and finishes."""
    clear_cookies(driver)
    driver.get(url)
    begin_from_start_page(driver, urlparse(url).path, group)
    path = normalized(url)
    wait_for_path(driver, f"{path}/stap/1")
    answered = Answered()
    answer_current_page(driver, 1, lean, None, answered)
    click_and_wait(driver, button(driver, "Opslaan en later verder"))
    # The start page, under the respondent's own code now, with a notice and that code to write down.
    own_path = follow_own_code(driver, path)
    assert own_path != path, "saving should move the answers to a code of the respondent's own"
    wait_for_path(driver, own_path)
    assert "Uw antwoorden zijn bewaard" in notice_text(driver), notice_text(driver)
    own_code = driver.find_element(By.CSS_SELECTOR, ".panel .letter-code").text.strip()
    assert CODE_RE.fullmatch(own_code) and own_code.replace("-", "") == own_path.rsplit("/", 1)[1], own_code

    # Gone: another day, another browser, with the code written down; the letter's code shows nothing any more.
    driver.get("about:blank")
    clear_cookies(driver)
    driver.get(url)
    wait_until_loaded(driver)
    assert "werkt niet (meer)" in main_text(driver), main_text(driver)[:200]
    driver.get(base + "/vragenlijst")
    wait_until_loaded(driver)
    field = driver.find_element(By.ID, "veld-code")
    field.send_keys(own_code)
    click_and_wait(driver, button(driver, "Verder"))
    begin_from_start_page(driver, own_path, group, link_text="Ga verder met de vragenlijst")
    # Where "Ga verder" should lead is the subject of its own test below; from here the person just goes on.
    open_text = "Ik kom later terug en ga verder."
    answer_pages_until_check(driver, own_path, lean, open_text, answered)
    send_from_check_page(driver, answered, open_text)
    link_shows_already_used(driver, base + own_path)


def respond_as_inhabitant_through_the_open_link(driver: WebDriver, base: str, open_link: str, lean: int) -> None:
    clear_cookies(driver)
    driver.get(open_link)
    wait_until_loaded(driver)
    assert driver.find_element(By.CSS_SELECTOR, 'label[for="veld-age"]').text == "Wat is uw leeftijd?"
    driver.find_element(By.ID, "veld-age").send_keys("34")
    click_and_wait(driver, button(driver, "Begin met de vragenlijst"))
    path = urlparse(driver.current_url).path
    assert re.fullmatch(r"/vragenlijst/[0-9A-HJKMNP-TV-Z]{16}", path), driver.current_url
    code = driver.find_element(By.CSS_SELECTOR, ".panel .letter-code").text.strip()
    assert CODE_RE.fullmatch(code) and code.replace("-", "") == path.rsplit("/", 1)[1], code
    begin_from_start_page(driver, path, "inwoners")
    answered = Answered()
    open_text = "Een spreekuur van de raad op zaterdag."
    answer_pages_until_check(driver, path, lean, open_text, answered)
    send_from_check_page(driver, answered, open_text)
    link_shows_already_used(driver, base + path)


# ---------------------------------------------------------------------------------------------------------------
# The coordinator's side


def prepare_and_open_scan(driver: WebDriver, base: str) -> str:
    """Creates a scan, sets its title and dates, adds an open question for all groups, opens it. Returns its path."""
    driver.get(base + "/gemeenten/GM9901/scans")
    wait_until_loaded(driver)
    click_and_wait(driver, button(driver, "Nieuwe scan voorbereiden"))
    scan_path = urlparse(driver.current_url).path
    assert re.fullmatch(r"/gemeenten/GM9901/scans/[0-9A-F-]{36}", scan_path), driver.current_url
    assert "In voorbereiding" in driver.find_element(By.CSS_SELECTOR, "dl.facts").text

    first_day = today_in_the_netherlands()
    last_day = first_day + timedelta(weeks=4)
    settings = driver.find_element(By.CSS_SELECTOR, "form#voorbereiding")
    title = settings.find_element(By.ID, "veld-title")
    title.clear()
    title.send_keys(SCAN_TITLE)
    type_date(driver, settings.find_element(By.ID, "veld-opensOn"), first_day)
    type_date(driver, settings.find_element(By.ID, "veld-closesOn"), last_day)
    click_and_wait(driver, button(settings, "Instellingen opslaan"))
    wait_for_path(driver, scan_path)
    assert "De instellingen zijn opgeslagen." in notice_text(driver), notice_text(driver)
    assert h1_text(driver).startswith(SCAN_TITLE)
    # What arrived: the server stored and shows back exactly these days.
    settings = driver.find_element(By.CSS_SELECTOR, "form#voorbereiding")
    assert settings.find_element(By.ID, "veld-opensOn").get_attribute("value") == first_day.isoformat()
    assert settings.find_element(By.ID, "veld-closesOn").get_attribute("value") == last_day.isoformat()
    assert str(last_day.year) in driver.find_element(By.CSS_SELECTOR, "dl.facts").text

    question_form = driver.find_element(By.CSS_SELECTOR, "form#voorbereiding")
    question_form.find_element(By.CSS_SELECTOR, "textarea[name=text]").send_keys(CUSTOM_QUESTION)
    question_form.find_element(By.XPATH, ".//label[normalize-space()='Open vraag']").click()
    groups = question_form.find_elements(By.CSS_SELECTOR, 'input[name="questionGroups[]"]')
    assert sorted(g.get_attribute("value") for g in groups if g.is_selected()) == sorted(GROUP_NAMES), (
        "a new question should be for all invited groups unless the coordinator unticks some")
    click_and_wait(driver, button(question_form, "Vraag toevoegen"))
    assert "De vraag is toegevoegd." in notice_text(driver)
    added = driver.find_element(By.CSS_SELECTOR, "ol.custom-questions").text
    assert CUSTOM_QUESTION in added and "Open vraag" in added
    assert "Raad, College, Ambtenaren, Inwoners" in added, added

    click_and_wait(driver, button(driver, "Scan openen"))
    wait_for_path(driver, scan_path)
    assert "De scan is open." in notice_text(driver)
    return scan_path


def personal_links_to_print(driver: WebDriver, base: str, scan_path: str, group: str) -> tuple[str, str]:
    """Makes one personal link for `group` as a page to print; returns (link, code) read from that page."""
    form = driver.find_element(By.CSS_SELECTOR, 'form[action$="/links"]')
    Select(form.find_element(By.ID, "veld-group")).select_by_value(group)
    count = form.find_element(By.ID, "veld-count")
    count.clear()
    count.send_keys("1")
    click_and_wait(driver, button(form, "Maak een pagina om te printen"))
    assert h1_text(driver) == "Uitnodigingen om te printen"
    letters = driver.find_elements(By.CSS_SELECTOR, "ol.letters > li.letter")
    assert len(letters) == 1, f"asked for 1 link for {group}, the page has {len(letters)} letters"
    link = letters[0].find_element(By.CSS_SELECTOR, ".letter-url").text.strip()
    code = letters[0].find_element(By.CSS_SELECTOR, ".letter-code").text.strip()
    assert CODE_RE.fullmatch(code), code
    assert link == f"{base}/vragenlijst/{code}", link
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Terug naar de scan"))
    wait_for_path(driver, scan_path)
    return link, code


def response_counts(driver: WebDriver) -> dict[str, str]:
    table = driver.find_element(By.CSS_SELECTOR, 'section[aria-labelledby="respons"] table')
    rows = table.find_elements(By.CSS_SELECTOR, "tr")
    return {row.find_element(By.TAG_NAME, "th").text: row.find_element(By.TAG_NAME, "td").text
            for row in rows if row.find_elements(By.TAG_NAME, "td")}


def report_groups(driver: WebDriver) -> dict[str, str]:
    table = driver.find_element(By.CSS_SELECTOR, 'section[aria-labelledby="wie"] table')
    return {row.find_element(By.TAG_NAME, "th").text: row.find_element(By.TAG_NAME, "td").text
            for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")}


def assert_chart_and_score_table(driver: WebDriver) -> WebElement:
    chart = driver.find_elements(By.CSS_SELECTOR, "#scores ~ * svg.radar, section[aria-labelledby=scores] svg.radar")
    assert chart and chart[0].is_displayed(), "the report has no visible radar chart (svg.radar)"
    assert chart[0].get_attribute("role") == "img"
    table = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=scores] table")
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) >= 5, f"the score table has {len(rows)} theme rows"
    return table


def open_report_from_scan_list(driver: WebDriver, base: str, code: str, title: str) -> None:
    driver.get(f"{base}/gemeenten/{code}/scans")
    wait_until_loaded(driver)
    # A scan being prepared can have the same title; the one meant is the one with a report.
    row = driver.find_element(By.XPATH, f"//tbody/tr[th[normalize-space()='{title}']][.//a[normalize-space()='Lees het rapport']]")
    click_and_wait(driver, row.find_element(By.LINK_TEXT, "Lees het rapport"))
    assert urlparse(driver.current_url).path.endswith("/rapport"), driver.current_url
    assert h1_text(driver).startswith("Rapport"), h1_text(driver)


# ---------------------------------------------------------------------------------------------------------------
# The tests


def test_council_member_reads_shared_2026_report_with_trend_and_suppressed_college_but_no_open_answers(browser, site):
    base = site.base_url
    # The coordinator's view of the same report has open answers: without them the last check below proves nothing.
    sign_in(browser, base, ACCOUNTS["coordinator"])
    open_report_from_scan_list(browser, base, "GM9901", "Quick Scan 2026")
    assert browser.find_elements(By.XPATH, "//h4[starts-with(normalize-space(), 'Open antwoorden')]"), (
        "the coordinator should see open answers in the demo's 2026 report")

    clear_cookies(browser)
    sign_in(browser, base, ACCOUNTS["council"])
    open_report_from_scan_list(browser, base, "GM9901", "Quick Scan 2026")
    assert "Quick Scan 2026" in browser.find_element(By.CSS_SELECTOR, "p.lead").text

    table = assert_chart_and_score_table(browser)
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert "Raad" in headers and "Inwoners" in headers and "College" not in headers, headers

    groups = report_groups(browser)
    assert groups["College"] == "minder dan 5", groups
    assert all(value.isdigit() for name, value in groups.items() if name != "College"), groups
    note = browser.find_element(By.CSS_SELECTOR, 'section[aria-labelledby="wie"] .notice').text
    assert note.startswith("College: minder dan 5 antwoorden"), note

    trend = browser.find_element(By.CSS_SELECTOR, 'section[aria-labelledby="trend"]')
    assert trend.find_element(By.TAG_NAME, "h2").text == "Wat is er veranderd?"
    assert "Vergeleken met de vorige scan: Quick Scan 2024." in trend.text, trend.text
    trend_rows = trend.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(trend_rows) >= 5, f"the trend table has {len(trend_rows)} rows"

    # Open answers are for the people who run the scan, not for the council.
    assert "Open antwoorden" not in main_text(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, "ul.open-answers, form[action*='/open-antwoorden/']")


def test_coordinator_runs_a_scan_that_one_person_per_group_answers_and_every_group_is_suppressed(browser, site):
    base = site.base_url

    # The coordinator prepares and opens a scan, and gets the links.
    sign_in(browser, base, ACCOUNTS["coordinator"])
    scan_path = prepare_and_open_scan(browser, base)
    letters = {group: personal_links_to_print(browser, base, scan_path, group)
               for group in ("raad", "college", "ambtenaren")}
    open_link = browser.find_element(By.CSS_SELECTOR, 'section[aria-labelledby="open-link"] .one-time-link code').text
    assert re.fullmatch(re.escape(base) + r"/scan-inwoners/" + CODE_RE.pattern, open_link), open_link
    assert response_counts(browser) == {"Raad": "0", "College": "0", "Ambtenaren": "0", "Inwoners": "0",
                                        "Totaal": "0"}

    # One person per group answers, each in a browser of their own.
    respond_with_personal_link(browser, letters["raad"][0], "raad", lean=3)
    respond_with_personal_link(browser, letters["college"][0], "college", lean=4)
    respond_later_with_typed_code(browser, base, *letters["ambtenaren"], "ambtenaren", lean=1)
    respond_as_inhabitant_through_the_open_link(browser, base, open_link, lean=0)

    # The coordinator sees one response per group, closes the scan and reads the report.
    clear_cookies(browser)
    sign_in(browser, base, ACCOUNTS["coordinator"])
    browser.get(base + scan_path)
    wait_until_loaded(browser)
    assert response_counts(browser) == {"Raad": "1", "College": "1", "Ambtenaren": "1", "Inwoners": "1",
                                        "Totaal": "4"}
    # Closing asks first: what it means, and how many responses there are.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Scan sluiten"))
    wait_for_path(browser, scan_path + "/sluiten")
    assert "Aantal antwoorden voor Demodorp tot nu toe: 4." in main_text(browser)
    click_and_wait(browser, button(browser, "Ja, sluit de scan"))
    wait_for_path(browser, scan_path)
    assert "De scan is gesloten." in notice_text(browser)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Lees het rapport"))
    wait_for_path(browser, scan_path + "/rapport")

    assert SCAN_TITLE in browser.find_element(By.CSS_SELECTOR, "p.lead").text
    table = assert_chart_and_score_table(browser)
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert not set(headers) & set(GROUP_NAMES.values()), f"a suppressed group has a column: {headers}"
    assert report_groups(browser) == {name: "minder dan 5" for name in GROUP_NAMES.values()}
    note = browser.find_element(By.CSS_SELECTOR, 'section[aria-labelledby="wie"] .notice').text
    assert note.startswith("Raad, College, Ambtenaren, Inwoners: minder dan 5 antwoorden"), note
    # Nothing a single respondent said shows up: no scores, no open answers.
    totals = [row.find_elements(By.TAG_NAME, "td")[0].text for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert set(totals) == {"–"}, totals
    for text in ("Meer gesprekken in de wijk", "Ik kom later terug", "spreekuur van de raad"):
        assert text not in main_text(browser)


def new_scan_form(browser: WebDriver, base: str):
    """Signs in as Demodorp's coordinator, prepares a new scan and returns its preparation form."""
    sign_in(browser, base, ACCOUNTS["coordinator"])
    browser.get(base + "/gemeenten/GM9901/scans")
    wait_until_loaded(browser)
    click_and_wait(browser, button(browser, "Nieuwe scan voorbereiden"))
    return browser.find_element(By.CSS_SELECTOR, "form#voorbereiding")


def test_group_labels_in_the_custom_question_form_tick_that_forms_own_checkboxes(browser, site):
    """A coordinator who unticks a group for a new question clicks its label, as people do."""
    question_form = new_scan_form(browser, site.base_url)
    duplicates = browser.execute_script(
        "const ids = [...document.querySelectorAll('[id]')].map(e => e.id);"
        "return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];")
    for checkbox in question_form.find_elements(By.CSS_SELECTOR, 'input[name="questionGroups[]"]'):
        label = question_form.find_element(By.CSS_SELECTOR, f'label[for="{checkbox.get_attribute("id")}"]')
        before = checkbox.is_selected()
        label.click()
        assert checkbox.is_selected() != before, (
            f"clicking the label {label.text!r} in the question form does not change that form's checkbox; "
            f"the ids on the page that are used twice: {duplicates}")
        label.click()


def test_a_name_typed_in_the_settings_is_kept_when_the_coordinator_adds_a_question(browser, site):
    """Settings and custom questions are one form: pressing "Vraag toevoegen" saves the new name typed above it too."""
    form = new_scan_form(browser, site.base_url)
    title = form.find_element(By.ID, "veld-title")
    title.clear()
    title.send_keys("Quick Scan met een eigen vraag")
    form.find_element(By.CSS_SELECTOR, "textarea[name=text]").send_keys("Waar leest u nieuws over de gemeente?")
    form.find_element(By.XPATH, ".//label[normalize-space()='Open vraag']").click()
    click_and_wait(browser, button(form, "Vraag toevoegen"))
    assert "De vraag is toegevoegd." in notice_text(browser), notice_text(browser)
    assert h1_text(browser).startswith("Quick Scan met een eigen vraag"), h1_text(browser)
    assert "Waar leest u nieuws over de gemeente?" in browser.find_element(By.CSS_SELECTOR, "ol.custom-questions").text


def test_respondent_who_saves_page_one_and_returns_with_the_code_continues_at_page_two(browser, site):
    """Open questions are optional, and most people leave them blank: that must not send them back to page 1."""
    base = site.base_url
    browser.get(base + site.resolve("{open_scan_link}"))
    wait_until_loaded(browser)
    submit_form(browser, "main form", {"age": "52"})
    path = urlparse(browser.current_url).path
    code = browser.find_element(By.CSS_SELECTOR, ".panel .letter-code").text.strip()
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Begin met de vragenlijst"))
    wait_for_path(browser, path + "/stap/1")
    assert browser.find_elements(By.CSS_SELECTOR, "form.questionnaire textarea"), "page 1 has no open question"
    answer_current_page(browser, 1, 2, None, Answered())
    chosen = checked_values(browser)
    click_and_wait(browser, button(browser, "Opslaan en later verder"))
    wait_for_path(browser, path)
    assert "Uw antwoorden zijn bewaard" in notice_text(browser)

    # Another day, without cookies; the code typed the way people type, in small letters.
    clear_cookies(browser)
    browser.get(base + "/vragenlijst")
    wait_until_loaded(browser)
    browser.find_element(By.ID, "veld-code").send_keys(code.lower())
    click_and_wait(browser, button(browser, "Verder"))
    wait_for_path(browser, path)
    browser.get(base + path + "/stap/1")
    wait_until_loaded(browser)
    assert checked_values(browser) == chosen, "the answers saved on page 1 were not kept"

    browser.get(base + path)
    wait_until_loaded(browser)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Ga verder met de vragenlijst"))
    assert urlparse(browser.current_url).path == path + "/stap/2", (
        f"'Ga verder met de vragenlijst' after finishing page 1 leads to {urlparse(browser.current_url).path} "
        f"({h1_text(browser)!r}), not to page 2: the blank optional open question counts as unanswered")


def test_questionnaire_page_works_by_keyboard_with_arrow_keys_and_visible_focus(browser, site):
    base = site.base_url
    open_link = base + site.resolve("{open_scan_link}")
    browser.get(open_link)
    wait_until_loaded(browser)
    submit_form(browser, "main form", {"age": "40"})
    path = urlparse(browser.current_url).path
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Begin met de vragenlijst"))
    wait_for_path(browser, path + "/stap/1")

    first_group = browser.find_element(By.CSS_SELECTOR, "form.questionnaire fieldset")
    first_name = first_group.find_element(By.CSS_SELECTOR, "input[type=radio]").get_attribute("name")
    presses = tab_until(browser, "el.type === 'radio'")
    assert presses > 1, "the skip link should come before the questions"
    assert active(browser, "el.name") == first_name, "Tab did not land in the first question's answers"
    assert active(browser, "el.value") == "1" and not active(browser, "el.checked")
    assert_focus_visible(browser, "the first answer")

    press(browser, Keys.ARROW_DOWN)
    assert (active(browser, "el.value"), active(browser, "el.checked")) == ("2", True), "ArrowDown did not choose 2"
    press(browser, Keys.ARROW_DOWN)
    assert active(browser, "el.value") == "3" and checked_value(browser, first_name) == "3"
    press(browser, Keys.ARROW_UP)
    assert active(browser, "el.value") == "2" and checked_value(browser, first_name) == "2"
    assert_focus_visible(browser, "the answer chosen with the arrow keys")

    # Tab leaves the group for the next question; Space chooses the focused answer there.
    press(browser, Keys.TAB)
    second_name = active(browser, "el.name")
    assert second_name != first_name and active(browser, "el.type") == "radio", active(browser, "el.outerHTML")
    press(browser, Keys.SPACE)
    assert checked_value(browser, second_name) == "1"

    tab_until(browser, "el.matches('button[value=volgende]')")
    assert_focus_visible(browser, "the Volgende button")
    with new_document(browser):
        press(browser, Keys.SPACE)
    wait_for_path(browser, path + "/stap/2")

    tab_until(browser, "el.type === 'radio'")
    page2_name = active(browser, "el.name")
    press(browser, Keys.ARROW_RIGHT)
    assert checked_value(browser, page2_name) == "2"
    tab_until(browser, "el.matches('button[value=volgende]')")
    with new_document(browser):
        press(browser, Keys.ENTER)
    wait_for_path(browser, path + "/stap/3")

    # The keyboard answers were saved.
    browser.get(base + path + "/stap/1")
    wait_until_loaded(browser)
    assert checked_value(browser, first_name) == "2" and checked_value(browser, second_name) == "1"
    browser.get(base + path + "/stap/2")
    wait_until_loaded(browser)
    assert checked_value(browser, page2_name) == "2"


# ---------------------------------------------------------------------------------------------------------------
# Keyboard helpers


def active(driver: WebDriver, script: str):
    """Evaluates `script` with `el` bound to document.activeElement."""
    return driver.execute_script("const el = document.activeElement; return " + script)


def checked_value(driver: WebDriver, name: str) -> str | None:
    return driver.execute_script(
        "const c = [...document.getElementsByName(arguments[0])].find(r => r.checked); return c ? c.value : null;", name)


def checked_values(driver: WebDriver) -> dict[str, str]:
    return driver.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('form.questionnaire input[type=radio]:checked')]"
        ".map(r => [r.name, r.value]));")


def tab_until(driver: WebDriver, condition: str, limit: int = 60) -> int:
    for presses in range(1, limit + 1):
        press(driver, Keys.TAB)
        if active(driver, condition):
            return presses
    raise AssertionError(f"{condition} was never focused within {limit} Tab presses")


def assert_focus_visible(driver: WebDriver, what: str) -> None:
    style = active(driver, "(() => { const s = getComputedStyle(el); return {outlineStyle: s.outlineStyle,"
                           " outlineWidth: s.outlineWidth, boxShadow: s.boxShadow, focusVisible: el.matches(':focus-visible')}; })()")
    outline = style["outlineStyle"] != "none" and style["outlineWidth"] not in ("0px", "")
    shadow = style["boxShadow"] not in ("none", "")
    assert style["focusVisible"] and (outline or shadow), f"{what} has focus but shows no focus indicator: {style}"
