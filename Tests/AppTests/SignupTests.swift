import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Doe mee: signing up a municipality")
struct SignupTests {
    static let validFields = [
        "municipalityCode": "GM0014", "contactName": "Ineke de Griffier", "contactFunction": "griffier",
        "email": "Griffie@Groningen.example", "phone": "050 123 45 67", "motivation": "Wij willen meedoen.", "acceptsTerms": "ja",
    ]

    @Test("A complete sign-up is stored and the municipality sees a thank-you page")
    func validSignup() async throws {
        try await withTestApp { app in
            // setup
            let browser = Browser(app)
            try await browser.get(SignupURL.form.path)
            // act
            let response = try await browser.post(SignupURL.form.path, Self.validFields)
            let thanks = try await browser.get(try #require(response.location))
            // check
            #expect(response.status == .seeOther)
            #expect(thanks.html.contains("Bedankt voor uw aanmelding"))
            let stored = try #require(try await Signup.query(on: app.db).first())
            #expect(stored.$municipality.id == "GM0014")
            #expect(stored.email == "griffie@groningen.example")
            #expect(stored.status == .submitted)
        }
    }

    @Test("Missing fields come back with an error summary, messages per field, the input kept, and nothing stored")
    func missingFields() async throws {
        try await withTestApp { app in
            // setup
            let browser = Browser(app)
            try await browser.get(SignupURL.form.path)
            // act
            let response = try await browser.post(SignupURL.form.path, ["contactName": "Ineke <b>de</b> Griffier", "email": ""])
            // check
            #expect(response.status == .unprocessableEntity)
            let html = response.html
            #expect(html.contains("<title>Fout: "))
            #expect(html.contains("Er is een probleem"))
            #expect(html.contains(##"href="#veld-municipalityCode">Kies uw gemeente."##))
            #expect(html.contains("Vul uw e-mailadres in."))
            #expect(html.contains("Kies uw functie."))
            #expect(html.contains("Ga akkoord met de verwerkersovereenkomst om mee te doen."))
            #expect(html.contains(#"aria-describedby="veld-email-hint veld-email-error""#))
            #expect(html.contains("value=\"Ineke &lt;b&gt;de&lt;/b&gt; Griffier\""))
            #expect(try await Signup.query(on: app.db).count() == 0)
        }
    }

    @Test("Each bad value gets its own Dutch message and nothing is stored")
    func badValues() async throws {
        let cases: [(field: String, value: String, message: String)] = [
            ("email", "griffie.groningen.example", "Vul een e-mailadres in zoals naam@gemeente.nl."),
            ("contactName", String(repeating: "a", count: 10_000), "Gebruik hoogstens 120 tekens."),
            ("municipalityCode", "GM9999", "Deze gemeente kennen we niet."),
            ("municipalityCode", "'; DROP TABLE signups; --", "Deze gemeente kennen we niet."),
            ("contactFunction", "keizer", "Kies uw functie."),
            ("motivation", String(repeating: "b", count: 2001), "Gebruik hoogstens 2000 tekens."),
        ]
        try await withTestApp { app in
            for testCase in cases {
                // setup
                let browser = Browser(app)
                try await browser.get(SignupURL.form.path)
                var fields = Self.validFields
                fields[testCase.field] = testCase.value
                // act
                let response = try await browser.post(SignupURL.form.path, fields)
                // check
                #expect(response.status == .unprocessableEntity, "\(testCase.field)")
                #expect(response.html.contains(testCase.message), "\(testCase.field)")
                #expect(response.html.contains(#"value="050 123 45 67""#), "other input kept for \(testCase.field)")
            }
            #expect(try await Signup.query(on: app.db).count() == 0)
        }
    }

    @Test(
        "A sign-up that waits does not block the real griffier: staff see both, accepting one decides the other; after that, a new one is refused"
    )
    func duplicateSignup() async throws {
        try await withTestApp { app in
            // setup: someone signs up Groningen with an address that is not the municipality's
            let staff = try await makeUser(app, email: "staf@programma.nl", roles: [(.programma, nil)])
            var bogus = Self.validFields
            bogus["email"] = "iemand@elders.example"
            let first = Browser(app)
            try await first.get(SignupURL.form.path)
            try await first.post(SignupURL.form.path, bogus)
            // act: the real griffier signs up too; staff accept the real one
            let second = Browser(app)
            try await second.get(SignupURL.form.path)
            let whilePending = try await second.post(SignupURL.form.path, Self.validFields)
            let real = try #require(try await Signup.query(on: app.db).filter(\.$email == "griffie@groningen.example").first())
            _ = try await SignupStore.accept(try real.requireID(), by: staff, app: app)
            try await second.get(SignupURL.form.path)
            let afterAcceptance = try await second.post(SignupURL.form.path, Self.validFields)
            // check
            #expect(whilePending.status == .seeOther)
            let other = try #require(try await Signup.query(on: app.db).filter(\.$email == "iemand@elders.example").first())
            #expect(other.status == .rejected && other.decisionReason?.contains("een andere aanmelding voor deze gemeente") == true)
            let told = try await OutboxMessage.query(on: app.db).filter(\.$kind == "signup.rejected").all()
            #expect(told.map(\.recipient) == ["iemand@elders.example"])
            #expect(afterAcceptance.html.contains("Deze gemeente doet al mee."))
            #expect(try await Signup.query(on: app.db).count() == 2)
        }
    }

    @Test("Twenty sign-ups an hour from one network address; the next is refused with the text kept, another address goes on")
    func signupsAreRateLimitedPerAddress() async throws {
        try await withTestApp({ $0.trustedProxies = ["unknown"] }) { app in
            // setup: twenty municipalities signed up from one address
            let codes = try await Municipality.query(on: app.db).filter(\.$validUntil == nil).filter(\.$isDemo == false).sort(\.$id).limit(
                22
            ).all().compactMap(\.id)
            let script = Browser(app)
            script.forwardedFor = "203.0.113.7"
            try await script.get(SignupURL.form.path)
            var statuses: [UInt] = []
            for code in codes.prefix(20) {
                var fields = Self.validFields
                fields["municipalityCode"] = code
                statuses.append(try await script.post(SignupURL.form.path, fields).status.code)
                try await script.get(SignupURL.form.path)
            }
            // act
            var fields = Self.validFields
            fields["municipalityCode"] = codes[20]
            fields["motivation"] = "Wij willen graag meedoen met de Quick Scan."
            let refused = try await script.post(SignupURL.form.path, fields)
            let elsewhere = Browser(app)
            elsewhere.forwardedFor = "198.51.100.20"
            try await elsewhere.get(SignupURL.form.path)
            fields["municipalityCode"] = codes[21]
            let accepted = try await elsewhere.post(SignupURL.form.path, fields)
            // check
            #expect(statuses == Array(repeating: 303, count: 20))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.html.contains("te veel aanmeldingen") && refused.html.contains("Wij willen graag meedoen met de Quick Scan."))
            #expect(accepted.status == .seeOther)
            #expect(try await Signup.query(on: app.db).count() == 21)
        }
    }

    @Test(
        "A lost activation link: staff make a new one, which is mailed and shown once; the old one stops; after activation there is none to make"
    )
    func newActivationLink() async throws {
        try await withTestApp { app in
            // setup: an accepted sign-up whose coordinator never chose a password
            let staffID = try await makeUser(app, email: "staf@programma.nl", roles: [(.programma, nil)])
            try await SignupStore.submit(
                SignupForm(
                    municipalityCode: "GM0014", contactName: "Ineke", contactFunction: "griffier", email: "griffie@groningen.example",
                    acceptsTerms: true), language: .nl, app: app)
            let signup = try #require(try await Signup.query(on: app.db).first())
            let first = try #require(try await SignupStore.accept(signup.requireID(), by: staffID, app: app).activationToken)
            let staff = Browser(app)
            try await staff.signIn("staf@programma.nl")
            let page = try await staff.get(SignupURL.show(.value(signup.id!)).path)
            // act
            let made = try await staff.post(SignupURL.newLink(.value(signup.id!)).path)
            let old = try await Browser(app).get(AccountURL.activate(.value(first)).path)
            let newLink = try #require(made.html.firstMatch(of: /http:\/\/localhost:8080(\/activeren\/[A-Za-z0-9_-]+)/)?.output.1)
            let coordinator = Browser(app)
            try await coordinator.get(String(newLink))
            let activated = try await coordinator.post(
                String(newLink), ["password": "Grote-Markt-1-Groningen", "passwordConfirmation": "Grote-Markt-1-Groningen"])
            let afterwards = try await staff.get(SignupURL.show(.value(signup.id!)).path)
            try await staff.get(SignupURL.show(.value(signup.id!)).path)
            let refused = try await staff.post(SignupURL.newLink(.value(signup.id!)).path)
            // check
            #expect(page.html.contains("Nieuwe link maken en mailen"))
            #expect(made.status == .ok && made.html.contains("one-time-link"))
            #expect(old.status == .notFound)
            let mailed = try await OutboxMessage.query(on: app.db).filter(\.$kind == "signup.accepted").sort(\.$writtenAt).all()
            #expect(mailed.count == 2 && mailed.last?.textBody.contains(String(newLink)) == true)
            #expect(activated.location == DashboardURL.home.path)
            #expect(!afterwards.html.contains("Nieuwe link maken en mailen"))
            #expect(refused.status == .conflict && refused.html.contains("Deze persoon heeft al een wachtwoord gekozen."))
        }
    }

    @Test("Every sign-up waiting for a decision is listed, however many were decided after it; the decided list says when it is cut")
    func waitingSignupsAlwaysListed() async throws {
        try await withTestApp { app in
            // setup: the oldest sign-up still waits; more sign-ups than the list shows were decided after it
            try await makeUser(app, email: "staf@programma.nl", roles: [(.programma, nil)])
            let codes = try await Municipality.query(on: app.db).filter(\.$isDemo == false)
                .limit(SignupController.decidedShown + 2).all().map(\.code)
            func signup(_ code: String, _ status: SignupStatus) -> Signup {
                Signup(
                    municipalityCode: code, contactName: "Griffier \(code)", contactFunction: .griffier, email: "griffie@\(code).nl",
                    phone: "", motivation: "", acceptedTermsAt: Date(), status: status)
            }
            try await signup(codes[0], .submitted).create(on: app.db)
            try await codes.dropFirst().map { signup($0, .rejected) }.create(on: app.db)
            let staff = Browser(app)
            try await staff.signIn("staf@programma.nl", password: "een-goed-wachtwoord")
            // act
            let html = try await staff.get(SignupURL.list.path).html
            // check
            #expect(html.contains("Griffier \(codes[0])"))
            #expect(
                html.contains(
                    "De \(SignupController.decidedShown) nieuwste van \(SignupController.decidedShown + 1) besloten aanmeldingen."))
        }
    }

    @Test("The sign-up form preselects the municipality from its public page")
    func preselectedMunicipality() async throws {
        try await withTestApp { app in
            let response = try await app.testing().sendRequest(.GET, SignupURL.form.with([("gemeente", "GM0014")]))
            #expect(response.html.contains(#"<option value="GM0014" selected>Groningen (GM0014)</option>"#))
        }
    }
}
