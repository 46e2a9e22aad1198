import DemocracyKit
import Fluent
import Vapor

/// `dia user create` and `dia user reset-password`.
struct UserCommand: AsyncCommandGroup {
    var help: String { "Creates accounts and resets passwords." }
    var commands: [String: any AnyAsyncCommand] {
        ["create": CreateUserCommand(), "reset-password": ResetPasswordCommand()]
    }
}

struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The person's email address") var email: String?
        @Option(name: "name", help: "The person's name (default: the part of the email before @)") var name: String?
        @Option(name: "role", help: "programma, begeleider, trekker, raadslid or behandelaar") var role: String?
        @Option(name: "municipality", help: "CBS code such as GM0363; required for every role but programma") var municipality: String?
    }

    var help: String { "Creates an account (or adds a role to an existing one) and prints a link to set the password." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let email = signature.email, Validate.email(email) == nil else {
            throw CommandFailure("--email must be an email address such as griffie@gemeente.nl")
        }
        guard let role = signature.role.flatMap(Role.init(rawValue:)) else {
            throw CommandFailure("--role must be one of: " + Role.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var code: String?
        var place: String?
        if role.isMunicipal {
            guard let given = signature.municipality, let found = try await MunicipalityQueries.find(code: given, on: app.db) else {
                throw CommandFailure(
                    "--municipality must be the CBS code of a known municipality (for example GM0363) for the role \(role.rawValue)")
            }
            code = found.code
            place = found.name
        }
        let name = signature.name ?? String(email.split(separator: "@").first ?? "")
        guard Validate.required(name, field: "name", max: Validate.maxNameLength) == nil else {
            throw CommandFailure("--name must have 1 to \(Validate.maxNameLength) characters")
        }
        let (user, created) = try await AccountStore.findOrCreate(email: email, name: name, on: app.db)
        try await AccountStore.grant(role, municipalityCode: code, to: user.requireID(), on: app.db)
        try await AuditLog.record(
            .roleGranted, by: .commandLine, municipality: code, subject: "\(role.rawValue): \(user.name) <\(user.email)>", app: app,
            on: app.db)
        context.console.print(created ? "Created \(user.email) as \(role.rawValue)." : "Added the role \(role.rawValue) to \(user.email).")
        if user.passwordHash == nil {
            let place = place
            let token = try await app.db.transaction { db in
                let token = try await AccountStore.issueActivationToken(for: user.requireID(), on: db, now: app.clock.now())
                try await Outbox.send(
                    AccountMessages.added(user, role: role, municipality: place, token: token, app: app), app: app, on: db)
                return token
            }
            context.console.print("Link to set the password (valid for \(ActivationToken.validDays) days, works once; also emailed):")
            context.console.print(AccountStore.activationURL(token, app: app))
        }
    }
}

struct ResetPasswordCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "email", help: "The email address of the account") var email: String
    }

    var help: String { "Prints a one-time link with which the person sets a new password." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let user = try await AccountStore.user(email: signature.email, on: app.db) else {
            throw CommandFailure("There is no account with the email address \(signature.email)")
        }
        let token = try await AccountStore.issueActivationToken(for: user.requireID(), on: app.db, now: app.clock.now())
        context.console.print("Link to set a new password for \(user.email) (valid for \(ActivationToken.validDays) days, works once):")
        context.console.print(AccountStore.activationURL(token, app: app))
        context.console.print("The current password keeps working until the new one is set.")
    }
}

/// A command error whose message is meant for the operator, without a stack trace.
struct CommandFailure: Error, CustomStringConvertible, LocalizedError {
    let description: String
    init(_ message: String) { description = message }
    var errorDescription: String? { description }
}
