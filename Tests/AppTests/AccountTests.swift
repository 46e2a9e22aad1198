import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Accounts: sign in, sign out, activation, passwords")
struct AccountTests {
    @Test("A wrong password and an unknown email get the same generic Dutch message")
    func failedLoginIsGeneric() async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "trekker@gemeente.nl", roles: [(.trekker, "GM0363")])
            let browser = Browser(app)
            // act
            let wrongPassword = try await browser.signIn("trekker@gemeente.nl", password: "verkeerd-wachtwoord")
            let unknownEmail = try await browser.signIn("niemand@gemeente.nl")
            // check
            for response in [wrongPassword, unknownEmail] {
                #expect(response.status == .unauthorized)
                #expect(response.html.contains("Het e-mailadres of het wachtwoord klopt niet."))
            }
            #expect(wrongPassword.html.contains(#"value="trekker@gemeente.nl""#))
            #expect(!wrongPassword.html.contains("verkeerd-wachtwoord"))
        }
    }

    @Test("A login form without @ or without password explains what to fix")
    func loginFormValidation() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.get(AccountURL.login.path)
            let response = try await browser.post(AccountURL.login.path, ["email": "geen-apenstaartje", "password": ""])
            #expect(response.status == .unprocessableEntity)
            #expect(response.html.contains("Vul een e-mailadres in zoals naam@gemeente.nl."))
            #expect(response.html.contains("Vul uw wachtwoord in."))
        }
    }

    @Test("After five wrong passwords from one network the account waits there, even for the right password; its owner elsewhere gets in")
    func loginIsRateLimitedPerAccountAndAddress() async throws {
        try await withTestApp({ $0.trustedProxies = ["unknown"] }) { app in
            // setup: requests come through a trusted proxy, from a guesser's address and from the owner's
            try await makeUser(app, email: "trekker@gemeente.nl", roles: [(.trekker, "GM0363")])
            let guesser = Browser(app)
            guesser.forwardedFor = "203.0.113.7"
            for _ in 0..<5 { try await guesser.signIn("trekker@gemeente.nl", password: "fout-fout-fout") }
            let owner = Browser(app)
            owner.forwardedFor = "198.51.100.20"
            // act
            let response = try await guesser.signIn("trekker@gemeente.nl")
            let ownerSignIn = try await owner.signIn("trekker@gemeente.nl")
            // check
            #expect(response.status == .tooManyRequests)
            #expect(response.html.contains("Probeer het over 15 minuten opnieuw."))
            #expect(try await guesser.get(DashboardURL.home.path).status == .seeOther)
            #expect(ownerSignIn.status == .seeOther && ownerSignIn.location == DashboardURL.home.path)
        }
    }

    @Test("Failed logins from one address across many accounts are limited too")
    func loginIsRateLimitedPerAddress() async throws {
        try await withTestApp({ $0.loginThrottle.maxFailuresPerAddress = 3 }) { app in
            // setup
            try await makeUser(app, email: "raadslid@gemeente.nl", roles: [(.raadslid, "GM0363")])
            let browser = Browser(app)
            for index in 0..<3 { try await browser.signIn("persoon\(index)@gemeente.nl", password: "gok-gok-gok") }
            // act
            let response = try await browser.signIn("raadslid@gemeente.nl")
            // check
            #expect(response.status == .tooManyRequests)
        }
    }

    @Test("Fifty guesses at once: at most five are checked, the rest wait; the count holds under parallel requests")
    func parallelGuessesAreCounted() async throws {
        try await withTestApp { app in
            // setup: fifty browsers with a login form open
            try await makeUser(app, email: "trekker@gemeente.nl", roles: [(.trekker, "GM0363")])
            var guessers: [Browser] = []
            for _ in 0..<50 {
                let browser = Browser(app)
                try await browser.get(AccountURL.login.path)
                guessers.append(browser)
            }
            // act
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for browser in guessers {
                    group.addTask {
                        try await browser.post(AccountURL.login.path, ["email": "trekker@gemeente.nl", "password": "gok-gok-gok"]).status
                            .code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            // check
            #expect(statuses.filter { $0 == 401 }.count <= 5)
            #expect(statuses.filter { $0 == 429 }.count >= 45)
        }
    }

    @Test("X-Forwarded-For counts only from a configured proxy: anyone else cannot pick the address they are counted under")
    func forwardedForOnlyFromTrustedProxy() async throws {
        try await withTestApp { app in
            // setup: no proxy configured
            try await makeUser(app, email: "trekker@gemeente.nl", roles: [(.trekker, "GM0363")])
            let guesser = Browser(app)
            // act: each guess claims another address
            var last: TestingHTTPResponse?
            for index in 0..<6 {
                guesser.forwardedFor = "203.0.113.\(index)"
                last = try await guesser.signIn("trekker@gemeente.nl", password: "fout-fout-fout")
            }
            // check
            #expect(last?.status == .tooManyRequests)
        }
    }

    @Test("Signing in gives a new session id, and signing out ends the session")
    func sessionLifecycle() async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "trekker@gemeente.nl", roles: [(.trekker, "GM0363")])
            let browser = Browser(app)
            try await browser.get(AccountURL.login.path)
            let before = browser.cookies["dia-sessie"]
            // act
            let login = try await browser.post(AccountURL.login.path, ["email": "TREKKER@gemeente.nl ", "password": "een-goed-wachtwoord"])
            let after = browser.cookies["dia-sessie"]
            let dashboard = try await browser.get(DashboardURL.home.path)
            try await browser.post(AccountURL.logout.path)
            let afterLogout = try await browser.get(DashboardURL.home.path)
            // check
            #expect(login.location == DashboardURL.home.path)
            #expect(before != nil && after != nil && before != after)
            #expect(dashboard.status == .ok)
            #expect(dashboard.html.contains("Welkom, Test Persoon"))
            #expect(afterLogout.status == .seeOther)
            #expect(afterLogout.location?.hasPrefix(AccountURL.login.with([("terug", DashboardURL.home.path)])) == true)
            #expect(try await SessionEntry.query(on: app.db).count() == 0)
        }
    }

    @Test("An activation link sets the password once; a used, unknown or expired link shows a Dutch page")
    func activationLink() async throws {
        try await withTestApp { app in
            // setup
            let (user, _) = try await AccountStore.findOrCreate(email: "nieuw@gemeente.nl", name: "Nieuw", on: app.db)
            let expired = try await AccountStore.issueActivationToken(
                for: user.requireID(), on: app.db,
                now: app.clock.now().addingTimeInterval(-8 * 24 * 3600))
            let token = try await AccountStore.issueActivationToken(for: user.requireID(), on: app.db, now: app.clock.now())
            let browser = Browser(app)
            // act
            let expiredPage = try await browser.get(AccountURL.activate(.value(expired)).path)
            let form = try await browser.get(AccountURL.activate(.value(token)).path)
            let mismatch = try await browser.post(
                AccountURL.activate(.value(token)).path, ["password": "lang-genoeg-wachtwoord", "passwordConfirmation": "anders"])
            let short = try await browser.post(
                AccountURL.activate(.value(token)).path, ["password": "kort", "passwordConfirmation": "kort"])
            let done = try await browser.post(
                AccountURL.activate(.value(token)).path,
                ["password": "lang-genoeg-wachtwoord", "passwordConfirmation": "lang-genoeg-wachtwoord"])
            let reused = try await browser.get(AccountURL.activate(.value(token)).path)
            let unknown = try await browser.get("/activeren/onzin")
            // check
            #expect(expiredPage.status == .notFound)
            #expect(
                expiredPage.html.contains(
                    "een link voor een nieuw account \(ActivationToken.validDays) dagen, een link voor een vergeten wachtwoord 2 uur."))
            #expect(expiredPage.html.contains("href=\"\(AccountURL.forgotPassword.path)\">Vraag een nieuwe link aan</a>"))
            #expect(form.html.contains("nieuw@gemeente.nl"))
            #expect(mismatch.html.contains("De twee wachtwoorden zijn niet gelijk."))
            #expect(short.html.contains("Kies een wachtwoord van minstens 10 tekens."))
            #expect(done.location == DashboardURL.home.path)
            #expect(reused.status == .notFound && reused.html.contains("<h1>Deze link werkt niet (meer)</h1>"))
            #expect(unknown.status == .notFound)
            #expect(
                try await Browser(app).signIn("nieuw@gemeente.nl", password: "lang-genoeg-wachtwoord").location == DashboardURL.home.path)
        }
    }

    @Test("A new activation link makes the older one stop working")
    func newLinkReplacesOld() async throws {
        try await withTestApp { app in
            let (user, _) = try await AccountStore.findOrCreate(email: "nieuw@gemeente.nl", name: "Nieuw", on: app.db)
            let first = try await AccountStore.issueActivationToken(for: user.requireID(), on: app.db, now: app.clock.now())
            let second = try await AccountStore.issueActivationToken(for: user.requireID(), on: app.db, now: app.clock.now())
            #expect(try await AccountStore.validActivation(first, on: app.db, now: app.clock.now()) == nil)
            #expect(try await AccountStore.validActivation(second, on: app.db, now: app.clock.now()) != nil)
        }
    }

    @Test("Changing the password needs the current one and a matching new one")
    func changePassword() async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "trekker@gemeente.nl", roles: [(.trekker, "GM0363")])
            let browser = Browser(app)
            try await browser.signIn("trekker@gemeente.nl")
            try await browser.get(AccountURL.password.path)
            // act
            let wrongCurrent = try await browser.post(
                AccountURL.password.path,
                ["currentPassword": "fout", "password": "nieuw-wachtwoord-1", "passwordConfirmation": "nieuw-wachtwoord-1"])
            let changed = try await browser.post(
                AccountURL.password.path,
                ["currentPassword": "een-goed-wachtwoord", "password": "nieuw-wachtwoord-1", "passwordConfirmation": "nieuw-wachtwoord-1"])
            // check
            #expect(wrongCurrent.status == .unprocessableEntity)
            #expect(wrongCurrent.html.contains("Uw huidige wachtwoord klopt niet."))
            #expect(changed.location == DashboardURL.home.path)
            #expect(try await browser.get(DashboardURL.home.path).html.contains("Uw wachtwoord is gewijzigd."))
            #expect(try await Browser(app).signIn("trekker@gemeente.nl", password: "nieuw-wachtwoord-1").location == DashboardURL.home.path)
        }
    }

    @Test("Signed-in pages send an anonymous visitor to the login page and back afterwards")
    func signInRedirect() async throws {
        try await withTestApp { app in
            try await makeUser(app, email: "trekker@gemeente.nl", roles: [(.trekker, "GM0363")])
            let browser = Browser(app)
            let first = try await browser.get(DashboardURL.municipality(.value("GM0363")).path)
            #expect(first.location == AccountURL.login.with([("terug", DashboardURL.municipality(.value("GM0363")).path)]))
            try await browser.get(try #require(first.location))
            let login = try await browser.post(
                AccountURL.login.path,
                [
                    "email": "trekker@gemeente.nl", "password": "een-goed-wachtwoord",
                    "terug": DashboardURL.municipality(.value("GM0363")).path,
                ])
            #expect(login.location == DashboardURL.municipality(.value("GM0363")).path)
        }
    }
}
