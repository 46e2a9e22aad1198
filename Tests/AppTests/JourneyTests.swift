import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("From sign-up to the coordinator's own dashboard")
struct JourneyTests {
    @Test("Staff accept a sign-up; the coordinator activates, signs in and sees only their own municipality")
    func signupToDashboard() async throws {
        try await withTestApp { app in
            // setup: a municipality signs up
            try await makeUser(app, email: "staf@programma.nl", name: "Stafmedewerker", roles: [(.programma, nil)])
            try await makeUser(app, email: "trekker@amsterdam.example", roles: [(.trekker, "GM0363")])
            let visitor = Browser(app)
            try await visitor.get(SignupURL.form.path)
            try await visitor.post(SignupURL.form.path, SignupTests.validFields)

            // act: staff see and accept it
            let staff = Browser(app)
            try await staff.signIn("staf@programma.nl")
            let list = try await staff.get(SignupURL.list.path)
            let signup = try #require(try await Signup.query(on: app.db).first())
            let detail = try await staff.get("/beheer/aanmeldingen/\(try signup.requireID())")
            let accepted = try await staff.post(SignupURL.accept(.value(try signup.requireID())).path)
            let again = try await staff.post(SignupURL.accept(.value(try signup.requireID())).path)

            // check: staff saw it and got a one-time link
            #expect(list.html.contains("Groningen"))
            #expect(detail.html.contains("Ineke de Griffier"))
            #expect(accepted.status == .ok)
            #expect(accepted.html.contains("De aanmelding is geaccepteerd"))
            let link = try #require(
                accepted.html.range(of: #"/activeren/[A-Za-z0-9_-]+"#, options: .regularExpression)
                    .map { String(accepted.html[$0]) })
            #expect(again.status == .conflict)
            #expect(try await ActivationToken.query(on: app.db).all().allSatisfy { !link.contains($0.tokenHash) })

            // act: the coordinator sets a password, which signs them in; later they sign in again
            let coordinator = Browser(app)
            try await coordinator.get(link)
            let activated = try await coordinator.post(
                link, ["password": "mijn-eigen-wachtwoord", "passwordConfirmation": "mijn-eigen-wachtwoord"])
            let login = try await Browser(app).signIn("griffie@groningen.example", password: "mijn-eigen-wachtwoord")
            let dashboard = try await coordinator.get(DashboardURL.home.path)
            let own = try await coordinator.get(DashboardURL.municipality(.value("GM0014")).path)
            let other = try await coordinator.get(DashboardURL.municipality(.value("GM0363")).path)
            let staffOnly = try await coordinator.get(SignupURL.list.path)
            let publicPage = try await coordinator.get(MunicipalityURL.show(.value("GM0014")).path)

            // check: only their own dashboard
            #expect(activated.location == DashboardURL.home.path && login.location == DashboardURL.home.path)
            #expect(dashboard.html.contains(DashboardURL.municipality(.value("GM0014")).path))
            #expect(!dashboard.html.contains("GM0363"))
            #expect(own.status == .ok)
            #expect(own.html.contains("Overzicht Groningen"))
            #expect(own.html.contains("Ineke de Griffier – Trekker"))
            #expect(own.html.contains(#"aria-current="step""#))
            #expect(other.status == .forbidden)
            #expect(other.html.contains("Deze pagina is alleen voor de mensen van deze gemeente"))
            #expect(staffOnly.status == .forbidden)
            #expect(publicPage.html.contains("Doet mee sinds"))
        }
    }

    @Test("Accepting a sign-up of someone who already has an account links it without a new link")
    func acceptLinksExistingAccount() async throws {
        try await withTestApp { app in
            // setup
            let staff = try await makeUser(app, email: "staf@programma.nl", roles: [(.programma, nil)])
            let existing = try await makeUser(app, email: "griffie@groningen.example", roles: [(.raadslid, "GM0014")])
            try await SignupStore.submit(
                SignupForm(
                    municipalityCode: "GM0014", contactName: "Ineke", contactFunction: "griffier",
                    email: "griffie@groningen.example", acceptsTerms: true), language: .nl, app: app)
            let signup = try #require(try await Signup.query(on: app.db).first())
            // act
            let acceptance = try await SignupStore.accept(try signup.requireID(), by: staff, app: app)
            // check
            #expect(acceptance.activationToken == nil)
            let user = try #require(try await AccountStore.currentUser(id: existing, on: app.db))
            #expect(
                Set(user.memberships) == [
                    Membership(role: .raadslid, municipalityCode: "GM0014"),
                    Membership(role: .trekker, municipalityCode: "GM0014"),
                ])
        }
    }

    @Test("Rejecting needs a reason of at most 1,000 characters; the reason is kept")
    func rejectNeedsReason() async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "staf@programma.nl", roles: [(.programma, nil)])
            try await SignupStore.submit(
                SignupForm(
                    municipalityCode: "GM0014", contactName: "Ineke", contactFunction: "griffier",
                    email: "griffie@groningen.example", acceptsTerms: true), language: .nl, app: app)
            let id = try #require(try await Signup.query(on: app.db).first()?.requireID())
            let staff = Browser(app)
            try await staff.signIn("staf@programma.nl")
            try await staff.get(SignupURL.show(.value(id)).path)
            // act
            let empty = try await staff.post(SignupURL.reject(.value(id)).path, ["reason": "  "])
            let long = String(repeating: "x", count: SignupStore.maxReasonLength + 1)
            let tooLong = try await staff.post(SignupURL.reject(.value(id)).path, ["reason": long])
            let rejected = try await staff.post(SignupURL.reject(.value(id)).path, ["reason": "Dubbele aanmelding"])
            // check
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.html.contains("Vul dit veld in."))
            #expect(tooLong.status == .unprocessableEntity)
            #expect(tooLong.html.contains("\(SignupStore.maxReasonLength) tekens") && tooLong.html.contains(long))
            #expect(rejected.location == SignupURL.list.path)
            let signup = try #require(try await Signup.find(id, on: app.db))
            #expect(signup.status == .rejected)
            #expect(signup.decisionReason == "Dubbele aanmelding")
        }
    }

    @Test(
        "Each role reaches exactly the pages it should",
        arguments: [
            (Role.programma, DashboardURL.reach.path, HTTPStatus.ok),
            (Role.programma, DashboardURL.municipality(.value("GM0363")).path, HTTPStatus.ok),
            (Role.begeleider, DashboardURL.municipality(.value("GM0014")).path, HTTPStatus.ok),
            (Role.begeleider, DashboardURL.municipality(.value("GM0363")).path, HTTPStatus.forbidden),
            (Role.raadslid, DashboardURL.municipality(.value("GM0014")).path, HTTPStatus.ok),
            (Role.raadslid, DashboardURL.reach.path, HTTPStatus.forbidden),
            (Role.trekker, SignupURL.list.path, HTTPStatus.forbidden),
            (Role.trekker, DashboardURL.municipality(.value("GM9999")).path, HTTPStatus.notFound),
        ])
    func roleAccess(role: Role, path: String, expected: HTTPStatus) async throws {
        try await withTestApp { app in
            try await makeUser(app, email: "persoon@gemeente.nl", roles: [(role, role.isMunicipal ? "GM0014" : nil)])
            let browser = Browser(app)
            try await browser.signIn("persoon@gemeente.nl")
            #expect(try await browser.get(path).status == expected)
        }
    }

    @Test("The reach overview shows participation per province as a chart and a table with the same numbers")
    func reachOverview() async throws {
        try await withTestApp { app in
            // setup
            let staff = try await makeUser(app, email: "staf@programma.nl", roles: [(.programma, nil)])
            for code in ["GM0014", "GM0037"] {
                try await SignupStore.submit(
                    SignupForm(
                        municipalityCode: code, contactName: "Griffier", contactFunction: "griffier",
                        email: "griffie@\(code).example", acceptsTerms: true), language: .nl, app: app)
            }
            for signup in try await Signup.query(on: app.db).all() {
                _ = try await SignupStore.accept(try signup.requireID(), by: staff, app: app)
            }
            let browser = Browser(app)
            try await browser.signIn("staf@programma.nl")
            // act
            let page = try await browser.get(DashboardURL.reach.path)
            // check: Groningen has 10 municipalities, 2 take part
            #expect(page.html.contains("<svg"))
            #expect(page.html.contains(#"role="img""#))
            #expect(page.html.contains(">Groningen</text>"))
            #expect(page.html.contains(">20%</text>"))
            #expect(
                page.html.contains(
                    #"<tr><th scope="row">Groningen</th><td class="numeric">10</td><td class="numeric">2</td><td class="numeric">20%</td></tr>"#
                ))
        }
    }
}
