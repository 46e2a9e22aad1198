import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// How a response is stored, in one place: the questionnaire's send button calls `submit`, which hands the link to
/// the `ResponseWriter` (`ResponseWriter.swift`). The writer runs on a thread of its own and stores the links sent
/// at the same moment in one transaction (group commit), through `send` (checks each link and uses it up) and
/// `store` (inserts the responses with their answers as JSON bytes, `FlatJSON`, and raises the counts the report
/// reads). Everything else about the questionnaire can change without reading this file.
enum ResponseStore {
    /// A response to store: what was answered, by which group, on which day; nothing that points at the person.
    struct NewResponse: Sendable {
        let scanID: UUID
        let group: RespondentGroup
        let scale: [String: ScaleAnswer]
        let open: [String: String]
        let day: String
    }

    enum Submission: Equatable, Sendable {
        case stored
        /// The link had been used already: nothing changes (a double click or a retry).
        case alreadySent
        case unknownLink
        case unavailable(ScanStore.Availability)
        /// Not a single question answered: nothing is sent.
        case empty
    }

    /// Sends the answers saved with a link. The response writer does everything in its next transaction,
    /// together with the other links sent at the same moment, and answers once that is committed.
    static func submit(code: String, app: Application) async throws -> Submission {
        let today = app.clock.today
        let normalized = SecureToken.normalizedCode(code)
        guard SecureToken.isCodeLength(normalized) else { return .unknownLink }
        return try await app.quickScan.writer.submit(SentLink(tokenHash: SecureToken.hash(normalized), day: today))
    }

    /// A link whose answers are being sent, by the hash of its code.
    struct SentLink: Sendable {
        let tokenHash: String
        let day: String
    }

    /// In the caller's transaction: finds the links (one query for all), checks that each can still be sent,
    /// uses them up and stores their responses. A link that was used already (by a double click or a retry,
    /// also within the same group) stores nothing: one response per link.
    static func send(_ links: [SentLink], app: Application, sql: any SQLDatabase) async throws -> [Submission] {
        let hashes: [any Encodable & Sendable] = links.map(\.tokenHash)
        // On PostgreSQL the scans read here stay locked against change until this transaction ends, so a scan
        // cannot close between this check and the responses being stored (SQLite has one writer at a time).
        let lock: SQLQueryString = sql.dialect.name == "postgresql" ? " FOR SHARE OF s" : ""
        let found = try await sql.raw("\(ScanInvitation.selectWithScan) WHERE i.token_hash IN (\(binds: hashes))\(lock)").all()
            .map(ScanInvitation.init(row:))
        let byHash = Dictionary(found.map { ($0.tokenHash, $0) }, uniquingKeysWith: { first, _ in first })
        var results: [Submission] = []
        var candidates: [(index: Int, invitationID: UUID, response: NewResponse)] = []
        for link in links {
            switch try await check(link, invitation: byHash[link.tokenHash], app: app) {
            case .sends(let invitationID, let response):
                candidates.append((results.count, invitationID, response))
                results.append(.stored)
            case .refused(let submission):
                results.append(submission)
            }
        }
        guard !candidates.isEmpty else { return results }
        var unclaimed = Set(
            try await sql.update(ScanInvitation.schema)
                .set("used", to: true)
                .set("draft", to: SQLLiteral.null)
                .where("id", .in, Array(Set(candidates.map(\.invitationID))))
                .where("used", .equal, false)
                .returning("id")
                .all()
                .map { try $0.decode(column: "id", as: UUID.self) })
        var responses: [NewResponse] = []
        for candidate in candidates {
            if unclaimed.remove(candidate.invitationID) != nil {
                responses.append(candidate.response)
            } else {
                results[candidate.index] = .alreadySent
            }
        }
        try await store(responses, sql: sql)
        return results
    }

    private enum Checked {
        case sends(invitationID: UUID, NewResponse)
        /// With what the sender is told.
        case refused(Submission)
    }

    /// The response one link sends, or why it sends none. A link for a group the scan no longer invites is
    /// unknown: its answer would be acknowledged and never counted.
    private static func check(_ link: SentLink, invitation: ScanInvitation?, app: Application) async throws -> Checked {
        guard let invitation, invitation.scan.groups.contains(invitation.group) else { return .refused(.unknownLink) }
        guard !invitation.used else { return .refused(.alreadySent) }
        // Under the municipality's code there is never a draft to send: it moves at the first save.
        guard invitation.ownCode else { return .refused(.empty) }
        let availability = ScanStore.availability(of: invitation.scan, today: link.day)
        guard availability == .available else { return .refused(.unavailable(availability)) }
        let questionnaire = try await ScanStore.questionnaire(for: invitation, app: app, on: app.db)
        guard let (scale, open) = questionnaire.finish(draft: ScanStore.draft(of: invitation)) else {
            return .refused(.empty)
        }
        return .sends(
            invitationID: try invitation.requireID(),
            NewResponse(scanID: invitation.$scan.id, group: invitation.group, scale: scale, open: open, day: link.day))
    }

    /// Stores responses and raises the counts, in the caller's transaction, with a few statements however many
    /// responses there are: one insert for the responses, one for their open answers, and per scan and group one
    /// update of the response count and one of the question counts. Submissions and the seeds all store this way.
    static func store(_ responses: [NewResponse], on db: any Database) async throws {
        let sql = try db.sql()
        try await store(responses, sql: sql)
    }

    static func store(_ responses: [NewResponse], sql: any SQLDatabase) async throws {
        guard !responses.isEmpty else { return }
        for start in stride(from: 0, to: responses.count, by: 500) {
            let chunk = responses[start..<min(start + 500, responses.count)]
            var insert = sql.insert(into: ScanResponse.schema).columns("id", "scan_id", "respondent_group", "submitted_on", "answers")
            for response in chunk {
                insert = insert.values(UUID(), response.scanID, response.group.rawValue, response.day, ScanResponse.encode(response.scale))
            }
            try await insert.run()
        }
        try await insertOpenAnswers(of: responses, sql: sql)
        try await raiseCounts(for: responses, sql: sql)
    }

    /// Open answers get an id of their own, not their response's, so they cannot be put together again.
    private static func insertOpenAnswers(of responses: [NewResponse], sql: any SQLDatabase) async throws {
        let open = responses.flatMap { response in
            response.open.sorted { $0.key < $1.key }.map { (response.scanID, response.group, $0.key, $0.value) }
        }
        for start in stride(from: 0, to: open.count, by: 1000) {
            let chunk = open[start..<min(start + 1000, open.count)]
            var insert = sql.insert(into: ScanOpenAnswer.schema).columns(
                "id", "scan_id", "respondent_group", "question_id", "text", "hidden")
            for (scanID, group, questionID, text) in chunk {
                insert = insert.values(UUID(), scanID, group.rawValue, questionID, text, false)
            }
            try await insert.run()
        }
    }

    /// The counts the report reads, one update per scan and group and one for its question counts.
    private static func raiseCounts(for responses: [NewResponse], sql: any SQLDatabase) async throws {
        struct Key: Hashable {
            let scanID: UUID
            let group: RespondentGroup
        }
        var responsesPerKey: [Key: Int] = [:]
        var deltas: [Key: [String: [Int]]] = [:]
        for response in responses {
            let key = Key(scanID: response.scanID, group: response.group)
            responsesPerKey[key, default: 0] += 1
            for (questionID, answer) in response.scale {
                deltas[key, default: [:]][questionID, default: [0, 0, 0, 0, 0, 0]][answer.rawValue] += 1
            }
            // An open question's row counts its answers in n1 (ScanAggregate).
            for questionID in response.open.keys { deltas[key, default: [:]][questionID, default: [0, 0, 0, 0, 0, 0]][1] += 1 }
        }
        // Always in the same order, and per scan and group the response count first: its row lock queues the
        // writers of one scan and group, so on PostgreSQL they never lock count rows in different orders.
        let responsesColumn = SQLIdentifier("responses")
        for key in responsesPerKey.keys.sorted(by: { ($0.scanID.uuidString, $0.group) < ($1.scanID.uuidString, $1.group) }) {
            try await sql.update(ScanGroupCount.schema)
                .set(responsesColumn, to: SQLBinaryExpression(responsesColumn, .add, SQLLiteral.numeric(String(responsesPerKey[key]!))))
                .where("scan_id", .equal, key.scanID)
                .where("respondent_group", .equal, key.group.rawValue)
                .run()
            // n<v> = n<v> + CASE question_id WHEN q THEN (count of v for q) … ELSE 0 END, for each value v used.
            guard let counts = deltas[key], !counts.isEmpty else { continue }
            var update: SQLQueryString = "UPDATE \(ident: ScanAggregate.schema) SET "
            var first = true
            for value in 0...5 {
                let raised = counts.filter { $0.value[value] > 0 }.sorted { $0.key < $1.key }
                guard !raised.isEmpty else { continue }
                let column = "n\(value)"
                update += (first ? "" : ", ") as SQLQueryString
                update += "\(ident: column) = \(ident: column) + CASE \(ident: "question_id")"
                for (questionID, count) in raised { update += " WHEN \(bind: questionID) THEN \(unsafeRaw: String(count[value]))" }
                update += " ELSE 0 END"
                first = false
            }
            let questionIDs: [any Encodable & Sendable] = counts.keys.sorted()
            update +=
                " WHERE \(ident: "scan_id") = \(bind: key.scanID) AND \(ident: "respondent_group") = \(bind: key.group.rawValue) AND \(ident: "question_id") IN (\(binds: questionIDs))"
            try await sql.raw(update).run()
        }
    }

    static func responseCounts(of scanID: UUID, on db: any Database) async throws -> [RespondentGroup: Int] {
        let rows = try await ScanGroupCount.query(on: db).filter(\.$scan.$id == scanID).all()
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.group, $0.responses) })
    }
}
