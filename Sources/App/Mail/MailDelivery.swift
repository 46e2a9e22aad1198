import DemocracyKit
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Delivers the outbox over SMTP: every few seconds it claims the messages that are due and sends them one at a
/// time, oldest first. Runs in the server process (`dia serve`); several instances can run it side by side.
struct MailDelivery: Sendable {
    let app: Application
    let client: SMTPClient
    let from: MailAddress
    /// How long the worker rests when the outbox has nothing due.
    static let pause: Duration = .seconds(3)
    static let batch = 20

    init(app: Application, configuration: SMTPConfiguration, from: MailAddress) {
        self.app = app
        self.client = SMTPClient(
            configuration: configuration, eventLoopGroup: app.eventLoopGroup,
            heloName: URLComponents(string: app.config.publicURL)?.host ?? "localhost")
        self.from = from
    }

    /// Sends what is due now. Returns how many messages were sent and how many were not.
    @discardableResult
    func deliverDue() async throws -> (sent: Int, notSent: Int) {
        let messages = try await Outbox.claimDue(limit: Self.batch, now: app.clock.now(), on: app.db)
        var sent = 0
        for message in messages {
            do {
                let data = MailFormat.render(
                    from: from, to: MailAddress(name: nil, address: message.recipient), subject: message.subject,
                    text: message.textBody, html: message.htmlBody, messageID: message.messageID, date: message.writtenAt)
                try await client.send(from: from.address, to: [message.recipient], message: data)
                try await Outbox.delivered(message, now: app.clock.now(), on: app.db)
                sent += 1
            } catch let error as SMTPError {
                let permanent = if case .permanent = error { true } else { false }
                app.logger.warning("mail not delivered", metadata: ["kind": .string(message.kind), "reason": .string(error.description)])
                try await Outbox.notDelivered(message, error: error.description, permanent: permanent, now: app.clock.now(), on: app.db)
            }
        }
        return (sent, messages.count - sent)
    }

    /// Delivers until the task is cancelled, and once a minute sends the weekly overview when it is due and runs
    /// the capabilities' work that falls due with time (`Capability.everyMinute`). A database that does not answer is waited out, not fatal.
    func run() async {
        var lastDigestCheck = Date.distantPast
        while !Task.isCancelled {
            if app.clock.now().timeIntervalSince(lastDigestCheck) >= 60 {
                lastDigestCheck = app.clock.now()
                do { try await Digests.sendIfDue(app: app) } catch { app.logger.warning("weekly overview: \(String(describing: error))") }
                for work in app.registered.everyMinute {
                    do { try await work(app) } catch { app.logger.warning("work due with time: \(String(describing: error))") }
                }
            }
            let handled: Int
            do {
                let result = try await deliverDue()
                handled = result.sent + result.notSent
            } catch {
                app.logger.warning("outbox: \(String(describing: error))")
                handled = 0
            }
            if handled < Self.batch { try? await Task.sleep(for: Self.pause) }
        }
    }
}

/// Starts the delivery with the server and stops it with the server.
struct MailDeliveryLifecycle: LifecycleHandler {
    let delivery: MailDelivery
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    func didBootAsync(_ application: Application) async throws {
        let delivery = self.delivery
        task.withLockedValue { $0 = Task { await delivery.run() } }
    }

    func shutdownAsync(_ application: Application) async {
        let running = task.withLockedValue { task in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
    }
}
