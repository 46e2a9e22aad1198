import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

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
            let visitor = try await app.testing().sendRequest(.GET, HomeURL.home.path).body.string
            let signedIn = try await staff.get(DashboardURL.home.path).html
            // check
            let menu = { (html: String) in
                html.matches(of: /<nav class="site-nav"[\s\S]*?<\/nav>/).first.map { String($0.output) } ?? ""
            }
            #expect(menu(visitor).contains("href=\"" + MunicipalityURL.list.path + "\">Gemeenten"))
            #expect(
                menu(visitor).contains("href=\"" + AccountURL.login.path + "\">Inloggen") && !menu(visitor).contains(DashboardURL.home.path)
            )
            #expect(
                menu(signedIn).contains("href=\"" + DashboardURL.home.path + "\">Mijn overzicht")
                    && !menu(signedIn).contains(AccountURL.login.path))
            #expect(visitor.contains("href=\"" + HomeURL.privacy.path + "\">Privacy"))
            #expect(
                signedIn.contains("href=\"" + SignupURL.list.path + "\"") && signedIn.contains("href=\"" + DashboardURL.reach.path + "\""))
        }
    }

    @Test("Every migration keeps the name it was first run under, so an existing database never runs one twice")
    func migrationNamesAreFrozen() async throws {
        try await withTestApp { app in
            // act
            let names = try await app.db.sql().raw("SELECT name FROM _fluent_migrations").all()
                .map { try $0.decode(column: "name", as: String.self) }
            // check
            #expect(
                Set(names) == [
                    "App.CreateMunicipality", "App.CreateOffer", "App.CreateOfferRequest", "App.UpdateOfferRequestAddStatusSinceIndex",
                    "App.CreateTrajectoryStep",
                    "App.CreateConversation", "App.CreateAgenda", "App.CreateUser", "App.CreateMembership",
                    "App.CreateActivationToken", "App.UpdateScanAddOpenLinkRefusals", "App.CreateAuditEvent",
                    "App.CreateLoginFailure", "App.CreateSignup", "App.CreateSessionEntry", "App.CreateScan",
                    "App.UpdateScanResponseAddAnswers", "App.UpdateScanAddReportVersion", "App.UpdateSessionEntryAddExpiryIndex",
                    "App.UpdateSessionEntryAddUserID", "App.CreateOutboxMessage", "App.UpdateSignupAddLanguage",
                    "App.CreateSecretKeyCheck", "App.CreateScanMailInvitation", "App.CreateMailPreference", "App.CreateDigestRun",
                    "App.CreateComparisonPublication",
                    "App.UpdateScanInvitationAddOwnCode", "App.CreateSearchIndex", "App.CreateSearchRevision", "App.CreateExperience",
                    "App.CreateExperienceVisit", "App.CreateInnovationTrack", "App.UpdateTrackAddVersion", "App.UpdateScanAddAnswersErased",
                    "App.UpdateAuditEventRetention", "App.CreateChallenge", "App.UpdateThemeTotalsAddSharedTotal", "App.CreateLottery",
                    "App.UpdateLotteryAddSelection", "App.CreateParticipationPlans", "App.UpdateLotteryAddFinished",
                    "App.CreateSelfTestResult", "App.CreateLearningProgress", "App.CreateEducationBudget",
                    "App.CreateLearningModuleVersions", "App.CreateIntegrityCases", "App.CreateUnderminingTables",
                    "App.CreateIntegrityCaseDocuments", "App.UpdateIntegrityCasesAddSharing", "App.CreateHomeScans",
                ])
        }
    }

    @Test("Posts are exempt from the session's CSRF token only below the paths a capability authorises by code")
    func codeAuthorizedPathsComeFromCapabilities() async throws {
        try await withTestApp { app in
            #expect(
                Set(app.registered.codeAuthorizedPaths) == [
                    QuestionnaireURL.codeAuthorizedPrefix, MailURL.unsubscribePrefix, ChallengeURL.codeAuthorizedPrefix,
                    ResilienceURL.candidatePrefix,
                ])
        }
    }

    @Test("Every route the app answers is a typed URL of a registered capability, and every typed URL is a route")
    func routeTableMatchesTypedURLs() async throws {
        try await withTestApp { app in
            // act
            let routes = Set(app.routes.all.map { HomeURL.home.path + $0.path.map(\.description).joined(separator: HomeURL.home.path) })
            let typed = Set(app.registered.urls)
            // check
            #expect(routes.subtracting(typed).sorted() == [], "routes without a typed URL")
            #expect(typed.subtracting(routes).sorted() == [], "typed URLs without a route")
            #expect(routes.count > 40)
        }
    }

    @Test("A typed URL escapes what it carries: a path segment stays one segment, a query value stays one value")
    func typedURLsEscape() {
        #expect(MunicipalityURL.show(.value("GM 0014/x")).path == "/gemeenten/GM%200014%2Fx")
        #expect(MunicipalityURL.list.with([("zoek", "a&b=c+d#e"), ("pagina", "2")]) == "/gemeenten?zoek=a%26b%3Dc%2Bd%23e&pagina=2")
        #expect(AccountURL.login.with([("terug", MunicipalityURL.show(.value("GM0014")).path)]) == "/inloggen?terug=/gemeenten/GM0014")
        #expect(QuestionnaireURL.page(.key, .key).path == "/vragenlijst/:code/stap/:page")
    }

    @Test("Every migration has a revert that works: the whole schema goes back to empty and comes up again")
    func migrationsRevert() async throws {
        try await withTestApp { app in
            // act
            try await app.autoRevert()
            let tablesAfterRevert = try await userTables(app)
            try await app.autoMigrate()
            let tablesAfterMigrate = try await userTables(app)
            // check
            #expect(tablesAfterRevert.isEmpty, "left after revert: \(tablesAfterRevert)")
            #expect(tablesAfterMigrate.isSuperset(of: ["municipalities", "users", "scans", "scan_invitations", "signups", "sessions"]))
        }
    }

    /// The platform's tables (not Fluent's own list of migrations).
    private func userTables(_ app: Application) async throws -> Set<String> {
        let sql = try app.db.sql()
        let query: SQLQueryString =
            sql.dialect.name == "sqlite"
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_fluent_migrations'"
            : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name != '_fluent_migrations'"
        return Set(try await sql.raw(query).all().map { try $0.decode(column: "name", as: String.self) })
    }
}
