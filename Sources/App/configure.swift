import DemocracyKit
import Fluent
import Leaf
import Vapor

/// Wires the application: database, templates, strings, sessions and middleware, then the capabilities.
public func configure(_ app: Application, config: AppConfig) async throws {
    guard config.secretKey?.count == 32 else {
        throw AppConfig.Invalid(variable: "DIA_SECRET_KEY", reason: "no key of 32 bytes to seal secrets with")
    }
    app.config = config
    try DatabaseSetup.use(config.database, on: app)

    let resources = app.directory.resourcesDirectory
    app.localizer = try Localizer.load(from: resources + "Locales/")
    app.questionBanks = try QuestionBanks.load(directory: resources + "Data/quickscan/")
    guard let passwords = FileManager.default.contents(atPath: resources + "Data/common-passwords.txt") else {
        throw Abort(.internalServerError, reason: "The list of common passwords (Resources/Data/common-passwords.txt) cannot be read")
    }
    app.commonPasswords = Validate.commonPasswords(fromList: String(decoding: passwords, as: UTF8.self))
    app.views.use(.leaf)
    app.leaf.tags["t"] = TranslateTag()
    app.leaf.cache.isEnabled = app.environment.isRelease

    app.sessions.use { _ in DatabaseSessions() }
    app.sessions.configuration = SessionsConfiguration(cookieName: DatabaseSessions.cookieName) { id in
        HTTPCookies.Value(
            string: id.string, maxAge: Int(DatabaseSessions.lifetime), path: "/",
            isSecure: config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    // Order matters: the log sees every answer, the headers go on error pages too, errors become pages,
    // and sessions load before the language, the person and the CSRF check that read them.
    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware(secure: config.secureCookies))
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(PublicFilesMiddleware(directory: app.directory.publicDirectory))
    app.middleware.use(app.sessions.middleware)
    app.middleware.use(SessionReadMiddleware())
    app.middleware.use(LanguageMiddleware())
    app.middleware.use(CurrentUserMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.routes.defaultMaxBodySize = "1mb"

    app.dummyPasswordHash = try Bcrypt.hash(SecureToken.make(), cost: config.bcryptCost)

    // Every capability of the platform, in the order their migrations need (a sign-up refers to its accounts).
    try app.register([
        .home,
        .municipalities,
        .catalogue,
        .search,
        .accounts,
        .signups,
        .mail,
        .dashboard,
        .quickScan,
        .trajectory,
        .experiences,
        .innovation,
        .challenges,
        .participation,
        .lottery,
        .learning,
        .resilience,
        .undermining,
        .homeScan,
        .demo,
        .audit,
        .privacy,
        .operations,
    ])
}

/// Brings the database up to date: the schema, then the reference data. Safe to run on every start.
public func migrate(_ app: Application) async throws {
    try await DatabaseSetup.prepareSQLite(app.db)
    try await app.autoMigrate()
    for load in app.registered.referenceData { try await load(app) }
    try await DatabaseSetup.tuneSQLite(app: app)
    try await SecretKeyCheck.verify(app: app)
}

struct MigrateAndLoadCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Creates or updates the database schema and loads the reference data (municipalities, offer catalogue)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await migrate(context.application)
        let count = try await Municipality.query(on: context.application.db).count()
        context.console.print("The database is up to date; it holds \(count) municipalities.")
    }
}
