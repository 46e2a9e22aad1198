@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Capabilities register themselves")
struct CapabilityTests {
    @Test("The header's menu and the footer come from the registered capabilities, for the visitor who sees them")
    func navigationFollowsAudience() async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "staf@programma.nl", roles: [(.programma, nil)])
            let staff = Browser(app)
            try await staff.signIn("staf@programma.nl")
            // act
            let visitor = try await app.testing().sendRequest(.GET, "/").body.string
            let signedIn = try await staff.get("/dashboard").html
            // check
            let menu = { (html: String) in
                html.matches(of: /<nav class="site-nav"[\s\S]*?<\/nav>/).first.map { String($0.output) } ?? ""
            }
            #expect(menu(visitor).contains(#"href="/gemeenten">Gemeenten"#))
            #expect(menu(visitor).contains(#"href="/inloggen">Inloggen"#) && !menu(visitor).contains("/dashboard"))
            #expect(menu(signedIn).contains(#"href="/dashboard">Mijn overzicht"#) && !menu(signedIn).contains("/inloggen"))
            #expect(visitor.contains(#"href="/privacy">Privacy"#))
            #expect(signedIn.contains(#"href="/beheer/aanmeldingen""#) && signedIn.contains(#"href="/beheer/bereik""#))
        }
    }

    @Test("Every migration keeps the name it was first run under, so an existing database never runs one twice")
    func migrationNamesAreFrozen() async throws {
        try await withTestApp { app in
            // act
            let names = try await app.db.sql().raw("SELECT name FROM _fluent_migrations").all()
                .map { try $0.decode(column: "name", as: String.self) }
            // check
            #expect(Set(names) == [
                "App.CreateMunicipality", "App.CreateUser", "App.CreateMembership", "App.CreateActivationToken",
                "App.CreateLoginFailure", "App.CreateSignup", "App.CreateSessionEntry", "App.CreateScan",
                "App.UpdateScanResponseAddAnswers", "App.UpdateScanAddReportVersion", "App.UpdateSessionEntryAddExpiryIndex",
                "App.UpdateScanInvitationAddOwnCode",
            ])
        }
    }

    @Test("Posts are exempt from the session's CSRF token only below the paths a capability authorises by code")
    func codeAuthorizedPathsComeFromCapabilities() async throws {
        try await withTestApp { app in
            #expect(app.registered.codeAuthorizedPaths == ["/vragenlijst/"])
        }
    }
}
