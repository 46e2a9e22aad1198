import DemocracyKit
import Vapor

/// The public information pages: home, privacy, accessibility, the data-processing terms.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(HomeURL.home, use: index)
        routes.get(HomeURL.privacy, use: privacy)
        routes.get(HomeURL.accessibility, use: accessibility)
        routes.get(HomeURL.terms, use: terms)
    }

    struct Item: Encodable {
        let number: Int
        let slug: String
        let name: String
        let summary: String
    }

    struct HomeContext: Encodable {
        let focusAreas: [Item]
        let pillars: [Item]
        let steps: [Item]
        let signupURL = SignupURL.form.path
        let municipalitiesURL = MunicipalityURL.list.path
    }

    func index(req: Request) async throws -> Response {
        let language = req.language
        let context = HomeContext(
            focusAreas: FocusArea.allCases.map {
                Item(number: $0.rawValue, slug: $0.slug, name: $0.name(language), summary: $0.summary(language))
            },
            pillars: Pillar.allCases.enumerated().map {
                Item(
                    number: $0.offset + 1, slug: $0.element.rawValue, name: $0.element.name(language),
                    summary: $0.element.summary(language))
            },
            steps: TrajectoryStep.allCases.map {
                Item(number: $0.rawValue, slug: "stap-\($0.rawValue)", name: $0.name(language), summary: $0.summary(language))
            })
        return try await req.render("home/index", title: req.t("home.title"), context)
    }

    /// What the privacy statement says about cookies and sign-in attempts, taken from the code that does it.
    struct PrivacyContext: Encodable {
        let sessionCookie = DatabaseSessions.cookieName
        let sessionHours = Int(DatabaseSessions.lifetime / 3600)
        let languageCookie = LanguageMiddleware.cookieName
        let languageCookieDays = LanguageMiddleware.cookieDays
        let wayBackCookie = QuestionnaireController.wayBackCookie
        let wayBackCookieDays = QuestionnaireController.wayBackCookieDays
        let loginWindowMinutes: Int
    }

    func privacy(req: Request) async throws -> Response {
        try await req.render(
            "home/privacy", title: req.t("privacy.title"),
            PrivacyContext(loginWindowMinutes: Int(req.application.config.loginThrottle.window / 60)))
    }

    func accessibility(req: Request) async throws -> Response {
        try await req.render("home/accessibility", title: req.t("accessibility.title"), NoContent())
    }

    func terms(req: Request) async throws -> Response {
        try await req.render("home/terms", title: req.t("terms.title"), NoContent())
    }
}
