import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Defects an outsider found one request away, each kept fixed by the test that failed before the fix.
@Suite("Defects found from outside stay fixed")
struct OutsiderDefectTests {
    // MARK: One request must not stop the server

    @Test(
        "Extreme page numbers in a questionnaire address get a 404 page and the server keeps answering",
        arguments: [
            "-9223372036854775808", "9223372036854775807", "18446744073709551616", "-1", "0", "99", "1e3", "٣",
        ])
    func extremePageNumbers(page: String) async throws {
        try await withTestApp { app in
            // setup: an inhabitant on the open link, who has answered the age question
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let openCode = try #require(try await fixture.reload().openToken)
            let inhabitant = Browser(app)
            try await inhabitant.get(QuestionnaireURL.openLink(.value(openCode)).path)
            let start = try await inhabitant.post(QuestionnaireURL.openLink(.value(openCode)).path, ["age": "42"])
            let code = try #require(codeIn(start.location))
            let escaped = page.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? page
            // act
            let posted = try await inhabitant.post(
                "/vragenlijst/\(code)/stap/\(escaped)", ["a:rol-inwoner.koers": "4", "richting": "vorige"])
            let read = try await inhabitant.get("/vragenlijst/\(code)/stap/\(escaped)")
            let health = try await app.testing().sendRequest(.GET, OperationsURL.health.path)
            // check
            #expect(posted.status == .notFound && read.status == .notFound)
            #expect(posted.html.contains("Deze pagina bestaat niet (meer)."))
            #expect(health.status == .ok)
            let invitation = try #require(try await ScanStore.invitation(code: code, on: app.db))
            #expect(invitation.draft == nil)
        }
    }

    @Test(
        "Page numbers of lists far outside the list show the nearest page instead of failing",
        arguments: ["-9223372036854775808", "9223372036854775807", "99999999999999999999999", "abc"])
    func extremeListPages(page: String) async throws {
        try await withTestApp { app in
            // act
            let response = try await app.testing().sendRequest(.GET, "/gemeenten?pagina=\(page)")
            // check
            #expect(response.status == .ok)
            #expect(response.body.string.contains("Gemeenten"))
        }
    }

    @Test("A file address that cannot be decoded, from a signed-in browser, gets a 400 page and the server keeps answering")
    func undecodableFileAddressWithSession() async throws {
        try await withTestApp { app in
            // setup: found by the generated hostile requests; the error page touched a session not yet read
            try await makeUser(app, email: "griffie@groningen.example", roles: [(.trekker, "GM0014")])
            let signedIn = Browser(app)
            try await signedIn.signIn("griffie@groningen.example")
            // act
            let page = try await signedIn.get("/css/%FF%FE")
            let health = try await app.testing().sendRequest(.GET, OperationsURL.health.path)
            // check
            #expect(page.status == .badRequest && page.html.contains("<html lang=\"nl\""))
            #expect(health.status == .ok)
        }
    }

    @Test(
        "An address with a part longer than any file name gets a 404 page, for a page and for a file",
        arguments: ["/gemeenten/\(String(repeating: "A", count: 2_000))/scans", "/css/\(String(repeating: "A", count: 300)).css"])
    func overlongAddressPart(path: String) async throws {
        try await withTestApp { app in
            // act
            let response = try await app.testing().sendRequest(.POST, path)
            let file = try await app.testing().sendRequest(.GET, "/css/site.css")
            // check
            #expect(response.status == .notFound || response.status == .forbidden, "\(response.status)")
            #expect(response.body.string.contains("<html lang=\"nl\""))
            #expect(file.status == .ok && file.headers.contentType == .css, "the stylesheet is still served")
        }
    }

    // MARK: A link's holder cannot see or send a respondent's answers

    @Test("After the first save the municipality's code shows nothing: the same page as an unknown code, before and after sending")
    func letterCodeRevealsNothingOnceStarted() async throws {
        try await withTestApp { app in
            // setup: the coordinator knows which code went to whom
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let codes = try await fixture.links(.raad, count: 2)
            let (letterCode, unusedCode) = (codes[0], codes[1])
            let respondent = Browser(app)
            try await respondent.get(QuestionnaireURL.page(.value(letterCode), .value(1)).path)
            // act: the respondent saves the first page
            let saved = try await respondent.post(
                QuestionnaireURL.page(.value(letterCode), .value(1)).path, ["a:rol-raad.richting": "5", "richting": "volgende"])
            let ownCode = try #require(codeIn(saved.location))
            let nextPage = try await respondent.get(try #require(saved.location))
            // act: someone else with the letter's code tries every page
            let outsider = Browser(app)
            let unknownCode = "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG"
            var pages: [String: TestingHTTPResponse] = [:]
            for (name, code) in [("started", letterCode), ("unknown", unknownCode)] {
                pages[name + " start"] = try await outsider.get(QuestionnaireURL.start(.value(code)).path)
                pages[name + " check"] = try await outsider.get(QuestionnaireURL.check(.value(code)).path)
                pages[name + " page"] = try await outsider.get(QuestionnaireURL.page(.value(code), .value(1)).path)
                pages[name + " save"] = try await outsider.post(
                    QuestionnaireURL.page(.value(code), .value(1)).path, ["a:rol-raad.richting": "1", "richting": "later"])
                pages[name + " send"] = try await outsider.post(QuestionnaireURL.send(.value(code)).path)
            }
            let unusedStart = try await outsider.get(QuestionnaireURL.start(.value(unusedCode)).path)
            // act: the respondent sends; the outsider tries the letter's code again
            _ = try await answerAll(respondent, code: ownCode, value: 4)
            let afterSending = try await outsider.get(QuestionnaireURL.start(.value(letterCode)).path)
            // check
            #expect(ownCode != SecureToken.normalizedCode(letterCode))
            #expect(saved.location == QuestionnaireURL.page(.value(ownCode), .value(2)).with([("eigen", "ja")]))
            #expect(nextPage.html.contains("onder een link die alleen u heeft"))
            #expect(nextPage.html.contains(QuestionnaireURL.start(.value(ownCode)).path))
            #expect(unusedStart.status == .ok)
            let unknownPage = try #require(pages["unknown start"])
            #expect(unknownPage.status == .notFound)
            for (name, response) in pages {
                #expect(response.status == unknownPage.status, "\(name)")
                #expect(response.html == unknownPage.html, "\(name) differs from an unknown code's page")
                #expect(!response.html.contains("checked"), "\(name)")
            }
            #expect(afterSending.status == unknownPage.status && afterSending.html == unknownPage.html)
            #expect(try await ScanResponse.query(on: app.db).count() == 1)
        }
    }

    @Test("In the respondent's own browser the letter's link still leads back to their answers, typed or clicked")
    func letterCodeLeadsBackInOwnBrowser() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let letterCode = try await fixture.links(.raad, count: 1)[0]
            let respondent = Browser(app)
            let saved = try await respondent.post(
                QuestionnaireURL.page(.value(letterCode), .value(1)).path, ["a:rol-raad.richting": "5", "richting": "later"])
            let ownCode = try #require(codeIn(saved.location))
            // act
            let clicked = try await respondent.get(QuestionnaireURL.start(.value(letterCode)).path)
            try await respondent.get(QuestionnaireURL.codeForm.path)
            let typed = try await respondent.post(QuestionnaireURL.codeForm.path, ["code": letterCode.lowercased()])
            let resumed = try await respondent.get(QuestionnaireURL.start(.value(ownCode)).path)
            // check
            #expect(clicked.status == .seeOther && clicked.location == QuestionnaireURL.start(.value(ownCode)).path)
            #expect(typed.location == QuestionnaireURL.start(.value(ownCode)).path)
            #expect(resumed.html.contains("Ga verder met de vragenlijst"))
            #expect(resumed.html.contains("werkt nu alleen nog op dit apparaat"))
            let cookie = try #require(saved.headers[.setCookie].first)
            #expect(cookie.contains("HttpOnly") && cookie.contains("Path=/vragenlijst"))
        }
    }

    @Test("A draft saved under the municipality's code before this rule moves to a new code at the next visit")
    func legacyDraftMoves() async throws {
        try await withTestApp { app in
            // setup: a draft kept under the letter's code, as before
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let letterCode = try await fixture.links(.raad, count: 1)[0]
            let invitation = try #require(try await ScanStore.invitation(code: letterCode, on: app.db))
            invitation.draft = FlatJSON.encode(["rol-raad.richting": "3"])
            try await invitation.save(on: app.db)
            // act
            let visit = try await Browser(app).get(QuestionnaireURL.check(.value(letterCode)).path)
            let again = try await Browser(app).get(QuestionnaireURL.check(.value(letterCode)).path)
            let sendWithLetter = try await Browser(app).post(QuestionnaireURL.send(.value(letterCode)).path)
            // check
            let ownCode = try #require(codeIn(visit.location))
            #expect(visit.status == .seeOther && ownCode != SecureToken.normalizedCode(letterCode))
            #expect(again.status == .notFound && sendWithLetter.status == .notFound)
            let moved = try #require(try await ScanStore.invitation(code: ownCode, on: app.db))
            #expect(ScanStore.draft(of: moved) == ["rol-raad.richting": "3"])
            #expect(try await ScanResponse.query(on: app.db).count() == 0)
        }
    }

    @Test("Closing a scan removes its links: an unused, a started and a sent link then look alike")
    func closingRemovesLinks() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let codes = try await fixture.links(.raad, count: 3)
            let started = try await Browser(app).post(
                QuestionnaireURL.page(.value(codes[1]), .value(1)).path, ["a:rol-raad.richting": "5", "richting": "later"])
            let startedOwn = try #require(codeIn(started.location))
            _ = try await answerAll(Browser(app), code: codes[2])
            // act
            try await fixture.coordinator.get(fixture.base)
            try await fixture.coordinator.post(fixture.url(ScanURL.close))
            let outsider = Browser(app)
            let pages = [
                try await outsider.get(QuestionnaireURL.start(.value(codes[0])).path),
                try await outsider.get(QuestionnaireURL.start(.value(codes[1])).path),
                try await outsider.get(QuestionnaireURL.start(.value(codes[2])).path),
                try await outsider.get(QuestionnaireURL.start(.value(startedOwn)).path),
            ]
            // check
            #expect(try await ScanInvitation.query(on: app.db).count() == 0)
            for page in pages {
                #expect(page.status == .notFound)
                #expect(page.html.contains("Deze link of code werkt niet (meer)."))
            }
        }
    }

    // MARK: One script cannot flood the open link

    @Test(
        "One network address starts 300 questionnaires an hour on the open link; the next is refused with a Dutch message and the coordinator sees it"
    )
    func openLinkLimit() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let openCode = try #require(try await fixture.reload().openToken)
            let path = QuestionnaireURL.openLink(.value(openCode)).path
            let meeting = Browser(app)
            try await meeting.get(path)
            // act: a town meeting's worth and more from one address
            var started = 0
            for _ in 0..<OpenLinkLimit.startsPerAddress {
                if try await meeting.post(path, ["age": "42"]).status == .seeOther { started += 1 }
            }
            let refused = try await meeting.post(path, ["age": "42"])
            let scanPage = try await fixture.coordinator.get(fixture.base)
            // check
            #expect(started == OpenLinkLimit.startsPerAddress)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.html.contains("Probeer het over 60 minuten opnieuw") && refused.html.contains("value=\"42\""))
            let scan = try await fixture.reload()
            #expect(scan.openLinkRefused == 1 && scan.openLinkRefusedOn == Format.day(app.clock.now()))
            #expect(scanPage.html.contains("vanaf één netwerkadres werden binnen een uur meer dan 300 vragenlijsten gestart"))
            let invitations = try await ScanInvitation.query(on: app.db).filter(\.$scan.$id == fixture.scan.requireID())
                .filter(\.$fromOpenLink == true).count()
            #expect(invitations == OpenLinkLimit.startsPerAddress, "the refused start made no link")
        }
    }

    // MARK: No redirect or header of an outsider's choosing

    @Test(
        "After sign-in a return address that leads off the site, or adds a header, leads to the dashboard",
        arguments: [
            "/\t/evil.example", "/\r\n/evil.example", "/\n/evil.example", "//evil.example", "/\\evil.example",
            "https://evil.example/", "/dashboard\r\nSet-Cookie: gestolen=1", " /dashboard", "/dashboard\u{0}",
        ])
    func returnAddressStaysOnSite(terug: String) async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "griffie@groningen.example", roles: [(.trekker, "GM0014")])
            let browser = Browser(app)
            try await browser.get(AccountURL.login.path)
            // act
            let response = try await browser.post(
                AccountURL.login.path,
                [
                    "email": "griffie@groningen.example",
                    "password": "een-goed-wachtwoord", "terug": terug,
                ])
            // check
            #expect(response.status == .seeOther)
            #expect(response.location == DashboardURL.home.path)
            #expect(!response.headers.contains(name: "gestolen") && !browser.cookies.keys.contains("gestolen"))
        }
    }

    @Test("A return address within the site is still followed after sign-in")
    func returnAddressWithinSite() async throws {
        try await withTestApp { app in
            try await makeUser(app, email: "griffie@groningen.example", roles: [(.trekker, "GM0014")])
            let browser = Browser(app)
            try await browser.get(AccountURL.login.path)
            let response = try await browser.post(
                AccountURL.login.path,
                [
                    "email": "griffie@groningen.example",
                    "password": "een-goed-wachtwoord", "terug": ScanURL.list(.value("GM0014")).path,
                ])
            #expect(response.location == ScanURL.list(.value("GM0014")).path)
        }
    }

    @Test("The language switch on any page, also a 404 of an address starting with two slashes, stays on this site")
    func languageSwitchStaysOnSite() async throws {
        try await withTestApp { app in
            // act
            let notFound = try await app.testing().sendRequest(.GET, "//evil.example/x")
            let search = try await app.testing().sendRequest(.GET, "/gemeenten?zoek=Gron&lang=nl")
            // check
            let links = notFound.body.string.matches(of: /href="([^"]*)"/).map { String($0.output.1) }
            #expect(!links.isEmpty)
            for link in links { #expect(!link.hasPrefix("//") && !link.contains("evil.example"), "\(link)") }
            #expect(notFound.body.string.contains(#"href="?lang=en""#))
            #expect(search.body.string.contains(#"href="?zoek=Gron&amp;lang=en""#))
        }
    }

    // MARK: Longer forms are accepted

    @Test(
        "A sign-up sent over a real connection is accepted up to its stated limit, and a longer text comes back kept",
        arguments: [10, 1_900, SignupForm.maxMotivationLength, SignupForm.maxMotivationLength + 1, 60_000])
    func longFormsOverTCP(length: Int) async throws {
        try await withTestApp { app in
            // setup
            let browser = Browser(app, overTCP: true)
            let form = try await browser.get(SignupURL.form.path)
            var fields = SignupTests.validFields
            let sentence = "Wij willen dat inwoners vaker meepraten over hun wijk en dat de raad beter luistert. "
            fields["motivation"] = String(String(repeating: sentence, count: length / sentence.count + 1).prefix(length - 1)) + "."
            // act (the client follows the redirect to the thank-you page)
            let response = try await browser.post(SignupURL.form.path, fields)
            // check
            #expect(form.html.contains("Hoogstens \(SignupForm.maxMotivationLength) tekens"))
            #expect(response.status != .forbidden, "refused as expired with \(length) characters")
            if length <= SignupForm.maxMotivationLength {
                #expect(response.html.contains("Bedankt voor uw aanmelding"))
                #expect(try await Signup.query(on: app.db).first()?.motivation.count == length)
            } else {
                #expect(response.status == .unprocessableEntity)
                #expect(response.html.contains("Gebruik hoogstens \(SignupForm.maxMotivationLength) tekens."))
                #expect(response.html.contains(String(fields["motivation"]!.prefix(200))))
                #expect(try await Signup.query(on: app.db).count() == 0)
            }
        }
    }
}

@Suite("The one clock")
struct ClockTests {
    @Test("Every date the platform writes comes from the configured clock: a scan's days and a response's day")
    func datesFollowTheClock() async throws {
        let moment = try #require(Format.parseDay("2031-03-10"))
        try await withTestApp({ $0.clock = .fixed(moment) }) { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let code = try await fixture.links(.raad, count: 1)[0]
            // act
            _ = try await answerAll(Browser(app), code: code, value: 3)
            // check
            let scan = try await fixture.reload()
            #expect(scan.opensOn == "2031-03-10" && scan.closesOn == "2031-04-07")
            #expect(try await ScanResponse.query(on: app.db).first()?.submittedOn == "2031-03-10")
        }
    }
}

@Suite("Exports cannot run formulas")
struct CSVGuardTests {
    @Test(
        "A cell that a spreadsheet would read as a formula, also after a tab or a line break, is quoted as text",
        arguments: ["=1+1", "+31 6 12345678", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "\r\n=1+1"])
    func formulasAreDisarmed(cell: String) {
        // act
        let field = CSV.field(cell)
        // check: the cell starts with an apostrophe, inside quotes where it must be quoted
        #expect(field.hasPrefix("'") || field.hasPrefix("\"'"), "\(field.debugDescription)")
    }

    @Test("Numbers stay numbers in the export")
    func numbersStay() {
        #expect(CSV.field("-12") == "-12")
        #expect(CSV.field("63.5") == "63.5")
    }
}
