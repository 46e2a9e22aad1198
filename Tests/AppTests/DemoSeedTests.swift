import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Demo data")
struct DemoSeedTests {
    @Test("The demo seed adds only fictional, marked municipalities, never one of the 342 real codes")
    func demoIsFictional() async throws {
        try await withTestApp { app in
            // act
            try await DemoSeed.run(app: app)
            // check
            let real = Set(try LoadMunicipalities.records(csvPath: app.directory.resourcesDirectory + "Data/gemeenten.csv").map(\.code))
            let demo = try await Municipality.query(on: app.db).filter(\.$isDemo == true).all()
            #expect(demo.count == DemoSeed.places.count)
            #expect(demo.allSatisfy { !real.contains($0.code) })
            #expect(try await Municipality.query(on: app.db).count() == 342 + DemoSeed.places.count)
            let touched = try await Signup.query(on: app.db).all().map { $0.$municipality.id }
            #expect(touched.allSatisfy { !real.contains($0) })
        }
    }

    @Test("The demo's dates make sense: each sign-up was sent, with its terms accepted, before staff decided on it")
    func demoDatesInOrder() async throws {
        try await withTestApp { app in
            // act
            try await DemoSeed.run(app: app)
            // check
            let signups = try await Signup.query(on: app.db).all()
            #expect(!signups.isEmpty)
            for signup in signups {
                let submitted = try #require(signup.submittedAt)
                #expect(submitted <= app.clock.now())
                #expect(abs(signup.acceptedTermsAt.timeIntervalSince(submitted)) < 1, "\(signup.$municipality.id)")
                if let decided = signup.decidedAt { #expect(submitted < decided, "\(signup.$municipality.id)") }
            }
        }
    }

    @Test("Running the demo seed twice changes nothing, and every printed login works")
    func demoIsIdempotentAndLoginsWork() async throws {
        try await withTestApp { app in
            // setup
            try await DemoSeed.run(app: app)
            let users = try await User.query(on: app.db).count()
            let signups = try await Signup.query(on: app.db).count()
            let experiences = try await ExperienceRecord.query(on: app.db).count()
            // act
            try await DemoSeed.run(app: app)
            // check
            #expect(try await User.query(on: app.db).count() == users)
            #expect(try await Signup.query(on: app.db).count() == signups)
            let experiencesAfter = try await ExperienceRecord.query(on: app.db).count()
            #expect(experiences == 30 && experiencesAfter == experiences)
            #expect(try await ExperienceRecord.query(on: app.db).filter(\.$publishedVersion != nil).count() == 29, "one waits for review")
            let found = try await app.testing().sendRequest(.GET, ExperienceURL.list.with([("zoek", "burgerberaad")]))
            #expect(found.html.contains("/ervaringen/voorbeeldstad-burgerberaad-energietransitie-teleurstellend-vervolg"))
            for login in DemoSeed.logins {
                let response = try await Browser(app).signIn(login.email, password: DemoSeed.password)
                #expect(response.location == DashboardURL.home.path, "\(login.email)")
            }
            #expect(DemoSeed.describe(address: "http://127.0.0.1:8080").contains("programma@demo.dia.example"))
        }
    }

    @Test("A demo municipality's pages say it is invented")
    func demoIsMarked() async throws {
        try await withTestApp { app in
            try await DemoSeed.run(app: app)
            let page = try await app.testing().sendRequest(.GET, MunicipalityURL.show(.value("GM9901")).path)
            #expect(page.html.contains("Dit is een verzonnen gemeente"))
            #expect(!page.html.contains("Centraal Bureau voor de Statistiek"))
        }
    }
}
