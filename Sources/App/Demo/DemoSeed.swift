import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// Fictional municipalities and people that let a newcomer explore the platform. None of them is one of the
/// real 342 (codes GM99xx are not used by CBS), and every page marks them as demo, so invented data never
/// appears under a real municipality's name.
enum DemoSeed {
    static let password = "demo-democratie"

    struct Place {
        let code: String
        let name: String
        let province: String
        let population: Int
        let participates: Bool
        /// The day programme staff accepted its sign-up, before its first scan.
        var acceptedOn: String? = nil
    }

    static let places = [
        Place(code: "GM9901", name: "Demodorp", province: "Utrecht", population: 42_310, participates: true, acceptedOn: "2024-01-15"),
        Place(
            code: "GM9902", name: "Voorbeeldstad", province: "Gelderland", population: 118_450, participates: true, acceptedOn: "2025-07-01"
        ),
        Place(code: "GM9903", name: "Oefenmeer", province: "Fryslân", population: 27_080, participates: true, acceptedOn: "2025-03-03"),
        Place(code: "GM9904", name: "Testerveen", province: "Drenthe", population: 33_900, participates: true, acceptedOn: "2025-08-25"),
        Place(
            code: "GM9905", name: "Schetsburg", province: "Zuid-Holland", population: 64_720, participates: true, acceptedOn: "2025-11-17"),
        Place(code: "GM9906", name: "Proefwijk", province: "Noord-Brabant", population: 18_540, participates: false),
    ]

    struct Login: Sendable {
        let role: Role
        let name: String
        let email: String
        let municipalities: [String]
    }

    static let logins = [
        Login(role: .programma, name: "Anouk Visser", email: "programma@demo.dia.example", municipalities: []),
        Login(role: .begeleider, name: "Ruben de Jong", email: "begeleider@demo.dia.example", municipalities: ["GM9901", "GM9902"]),
        Login(role: .trekker, name: "Marieke Jansen", email: "trekker@demo.dia.example", municipalities: ["GM9901"]),
        Login(role: .raadslid, name: "Youssef Bakker", email: "raadslid@demo.dia.example", municipalities: ["GM9901"]),
        Login(role: .trekker, name: "Pieter Mulder", email: "trekker.voorbeeldstad@demo.dia.example", municipalities: ["GM9902"]),
        Login(role: .behandelaar, name: "Sanne Kuipers", email: "behandelaar@demo.dia.example", municipalities: ["GM9901", "GM9902"]),
        Login(role: .burgemeester, name: "Hanneke de Wit", email: "burgemeester@demo.dia.example", municipalities: ["GM9901"]),
    ]

    /// Adds what is missing; running it again changes nothing.
    /// The demo's logins share a published password, programme staff among them: never in production.
    struct RefusedInProduction: Error, CustomStringConvertible {
        var description: String {
            "the demo data adds accounts with a published password; it is refused with --env production"
        }
    }

    static func run(app: Application) async throws {
        guard app.environment != .production else { throw RefusedInProduction() }
        let hashing = PasswordHashing(app)
        let passwordHash = try await hashing.hash(password)
        try await app.db.transaction { db in
            for place in places where try await Municipality.find(place.code, on: db) == nil {
                try await Municipality(
                    code: place.code, name: place.name, province: place.province,
                    population: place.population, validFrom: "2025-01-01", isDemo: true
                ).create(on: db)
            }
            var staffID: UUID?
            var people: [String: (id: UUID, name: String)] = [:]
            for login in logins {
                let (user, _) = try await AccountStore.findOrCreate(email: login.email, name: login.name, on: db)
                if user.passwordHash == nil {
                    user.passwordHash = passwordHash
                    try await user.update(on: db)
                }
                let id = try user.requireID()
                people[login.email] = (id, login.name)
                if login.role == .programma { staffID = id }
                if login.municipalities.isEmpty {
                    try await AccountStore.grant(login.role, municipalityCode: nil, to: id, on: db)
                }
                for code in login.municipalities {
                    try await AccountStore.grant(login.role, municipalityCode: code, to: id, on: db)
                }
            }
            for (index, place) in places.enumerated()
            where try await Signup.query(on: db).filter(\.$municipality.$id == place.code).count() == 0 {
                let coordinator = logins.first { $0.role == .trekker && $0.municipalities.contains(place.code) }
                let signup = Signup(
                    municipalityCode: place.code, contactName: coordinator?.name ?? "Sam de Vries",
                    contactFunction: .griffier,
                    email: coordinator?.email ?? "griffie.\(place.name.lowercased())@demo.dia.example",
                    phone: "", motivation: "Wij willen weten hoe inwoners, raad en college onze lokale democratie ervaren.",
                    acceptedTermsAt: app.clock.now())
                if place.participates {
                    signup.status = .accepted
                    signup.decidedAt =
                        place.acceptedOn.flatMap(Format.parseDay)
                        ?? app.clock.now().addingTimeInterval(-Double(30 + index * 45) * 24 * 3600)
                    signup.decidedBy = staffID
                }
                // Sent a week before staff decided on it (a waiting one: a few days ago), terms accepted as it was sent.
                let submitted = (signup.decidedAt ?? app.clock.now()).addingTimeInterval(-Double(place.participates ? 7 : 3) * 24 * 3600)
                signup.acceptedTermsAt = submitted
                try await signup.create(on: db)
                try await db.sql().update(Signup.schema).set("submitted_at", to: submitted).where("id", .equal, try signup.requireID())
                    .run()
                if let accepted = signup.decidedAt {
                    // As accepting it in the staff pages would have: the coordinator's role in the audit log.
                    try await AuditLog.record(
                        .roleGranted, by: .init(id: staffID, name: logins.first { $0.role == .programma }?.name ?? "?"),
                        municipality: place.code, subject: "\(Role.trekker.rawValue): \(signup.contactName) <\(signup.email)>",
                        at: accepted, app: app, on: db)
                    try await TrajectoryStore.reach(
                        .aanmelding, of: place.code, on: Format.day(accepted), because: .signupAccepted, at: app.clock.now(), on: db)
                }
            }
        }
        let facilitatorLogin = logins.first { $0.role == .begeleider }!
        let facilitatorID = try await User.query(on: app.db).filter(\.$email == facilitatorLogin.email).first()?.id
        let facilitator = try await facilitatorID.asyncMap { try await AccountStore.currentUser(id: $0, on: app.db) } ?? nil
        if let facilitator { try await DemoConversations.run([.startgesprek], app: app, facilitator: facilitator) }
        try await DemoScans.run(app: app)
        if let facilitator { try await DemoConversations.run([.verdiepingsgesprek, .vervolggesprek], app: app, facilitator: facilitator) }
        let staff = logins.first { $0.role == .programma }!
        let coordinators = Dictionary(
            logins.filter { $0.role == .trekker }.flatMap { login in login.municipalities.map { ($0, login) } },
            uniquingKeysWith: { a, _ in a })
        let ids = try await User.query(on: app.db).filter(\.$email ~~ logins.map(\.email)).all()
            .reduce(into: [String: UUID]()) { $0[$1.email] = $1.id }
        try await DemoAgenda.run(app: app, coordinator: coordinators["GM9901"]?.name ?? "Marieke Jansen")
        try await DemoPlan.run(app: app, coordinator: coordinators["GM9901"]?.name ?? "Marieke Jansen")
        try await DemoRequests.run(
            app: app, staff: (ids[staff.email]!, staff.name),
            coordinators: coordinators.compactMapValues { login in ids[login.email].map { ($0, login.name) } })
        try await DemoExperiences.run(app: app, staff: (ids[staff.email]!, staff.name))
        try await TrackStore.loadDemo(app: app)
        try await DemoChallenges.run(app: app, handler: "Sanne Kuipers")
        try await DemoLottery.run(
            app: app, coordinators: coordinators.compactMapValues { login in ids[login.email].map { ($0, login.name) } })
        if let griffier = ids["trekker@demo.dia.example"], let mayor = ids["burgemeester@demo.dia.example"] {
            try await DemoIntegrity.run(app: app, griffier: griffier, mayor: mayor)
            try await DemoUndermining.run(app: app, staff: staff.name, mayor: mayor)
        }
        if let mayor = ids["burgemeester@demo.dia.example"], let staffID = ids[staff.email] {
            try await DemoHomeScan.run(app: app, mayor: mayor, staff: staffID)
        }
        if let member = logins.first(where: { $0.role == .raadslid }), let id = ids[member.email] {
            try await DemoLearning.run(app: app, member: (id, member.name), griffier: coordinators["GM9901"]?.name ?? "Marieke Jansen")
        }
        // Demodorp's scan of 2026 came after its agenda and an offer carried out: it is the repeat scan.
        if let repeatScan = try await ConversationStore.reports(of: "GM9901", on: app.db).first, let closed = repeatScan.closedOn {
            try await TrajectoryStore.scanClosed(of: "GM9901", on: closed, at: app.clock.now(), on: app.db)
        }
    }

    /// What `dia serve --demo` and `dia seed demo` print.
    static func describe(address: String, openLink: String? = nil, mailServer: Bool = false) -> String {
        var lines = [
            "", "Democratie in Actie runs in demo mode at \(address)",
            "Fictional demo municipalities: " + places.map(\.name).joined(separator: ", "),
            "Demo logins (password for all: \(password)):",
        ]
        for login in logins {
            let role = login.role.name(.nl)
            let place = login.municipalities.compactMap { code in places.first { $0.code == code }?.name }.joined(separator: ", ")
            lines.append("  \(login.email.padding(toLength: 40, withPad: " ", startingAt: 0)) \(role)\(place.isEmpty ? "" : " – \(place)")")
        }
        if let openLink {
            lines.append(
                "Try the questionnaire as an inhabitant of Voorbeeldstad: \(address)\(QuestionnaireURL.openLink(.value(openLink)).path)")
        }
        lines.append(
            mailServer
                ? "Email goes to the mail server of DIA_SMTP_URL; the outbox is at \(address)\(MailURL.outbox.path)"
                : "Email is not sent (DIA_SMTP_URL is not set): read it as programme staff at \(address)\(MailURL.outbox.path)")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `dia seed demo`.
struct SeedCommand: AsyncCommandGroup {
    var help: String { "Fills the database with data to explore or to measure." }
    var commands: [String: any AnyAsyncCommand] { ["demo": SeedDemoCommand(), "synthetic": SeedSyntheticCommand()] }
}

struct SeedDemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Adds the fictional demo municipalities and their logins." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await migrate(context.application)
        try await DemoSeed.run(app: context.application)
        context.console.print(
            DemoSeed.describe(
                address: context.application.config.publicURL,
                openLink: try await DemoScans.openLink(app: context.application)))
    }
}

/// For the executable: the demo seed and what it prints, with the address the server will listen on.
public func seedDemo(_ app: Application) async throws {
    try await DemoSeed.run(app: app)
}

public func demoDescription(_ app: Application) async throws -> String {
    DemoSeed.describe(
        address: app.config.publicURL, openLink: try await DemoScans.openLink(app: app), mailServer: app.config.smtp != nil)
}

/// Where `serve` listens, as an address people can use: from `--hostname` and `--port`, with the machine's own name
/// when it listens on every interface. The demo uses it for the links it shows and mails unless `DIA_PUBLIC_URL`
/// says otherwise, so a link on a page leads to the server that showed it.
public func listeningAddress(arguments: [String]) -> String {
    func value(_ names: [String]) -> String? {
        guard let index = arguments.firstIndex(where: names.contains), index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }
    var host = value(["--hostname", "-H"]) ?? "127.0.0.1"
    if host == "0.0.0.0" || host == "::" { host = ProcessInfo.processInfo.hostName }
    if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
    let port = value(["--port", "-p"]) ?? "8080"
    return "http://\(host):\(port)"
}

/// For the executable: one line saying why the database cannot be reached, or nil.
public func startupProblem(_ app: Application) async -> String? {
    await DatabaseSetup.startupProblem(app: app)
}
