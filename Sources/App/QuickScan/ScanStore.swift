import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// Scan operations shared by the pages, the commands, the demo seed and the benchmarks.
enum ScanStore {
    // MARK: Preparing a scan

    static func create(municipalityCode: String, bank: QuestionBank, today: Date, on db: any Database) async throws -> Scan {
        let year = Calendar(identifier: .gregorian).component(.year, from: today)
        let scan = Scan(
            municipalityCode: municipalityCode, bankVersion: bank.version, title: "Quick Scan \(year)",
            opensOn: Format.day(today), closesOn: Format.day(today.addingTimeInterval(28 * 24 * 3600)))
        try await scan.create(on: db)
        return scan
    }

    struct Settings: Sendable {
        var title: String
        var opensOn: String
        var closesOn: String
        var minAge: String
        var groups: [String]
    }

    static let minAgeRange = 12...25

    static func update(_ scan: Scan, settings: Settings, on db: any Database) async throws {
        guard scan.status == .concept else { throw StoreFailure.conflict("error.scan_status") }
        var errors: [FieldError] = []
        if let error = Validate.required(settings.title, field: "title", max: Validate.maxNameLength) { errors.append(error) }
        let opens = Format.parseDay(settings.opensOn.trimmingCharacters(in: .whitespaces))
        let closes = Format.parseDay(settings.closesOn.trimmingCharacters(in: .whitespaces))
        if opens == nil { errors.append(FieldError(field: "opensOn", message: "error.date_invalid")) }
        if closes == nil { errors.append(FieldError(field: "closesOn", message: "error.date_invalid")) }
        if let opens, let closes, closes < opens { errors.append(FieldError(field: "closesOn", message: "error.date_order")) }
        let age = Validate.number(settings.minAge, in: minAgeRange)
        if age == nil {
            errors.append(FieldError(field: "minAge", message: "error.min_age", limit: minAgeRange.lowerBound))
        }
        let groups = settings.groups.compactMap(RespondentGroup.init(rawValue:))
        if groups.isEmpty || groups.count != settings.groups.count {
            errors.append(FieldError(field: "groups", message: "error.choose_groups"))
        }
        guard errors.isEmpty, let opens, let closes, let age else { throw StoreFailure.fields(errors) }
        scan.title = settings.title.trimmingCharacters(in: .whitespacesAndNewlines)
        scan.opensOn = Format.day(opens)
        scan.closesOn = Format.day(closes)
        scan.minAge = age
        scan.groups = groups
        try await scan.update(on: db)
    }

    static func customQuestions(of scanID: UUID, on db: any Database) async throws -> [ScanCustomQuestion] {
        try await ScanCustomQuestion.query(on: db).filter(\.$scan.$id == scanID).sort(\.$position).all()
    }

    static func addCustomQuestion(to scan: Scan, text: String, kind: String, groups: [String], on db: any Database) async throws {
        guard scan.status == .concept else { throw StoreFailure.conflict("error.scan_status") }
        let scanID = try scan.requireID()
        let existing = try await customQuestions(of: scanID, on: db)
        let errors = CustomQuestion.validate(text: text, kind: kind, groups: groups, existing: existing.count)
        guard errors.isEmpty, let kind = QuestionBank.QuestionKind(rawValue: kind) else { throw StoreFailure.fields(errors) }
        try await ScanCustomQuestion(
            scanID: scanID, position: (existing.map(\.position).max() ?? 0) + 1, kind: kind,
            text: text.trimmingCharacters(in: .whitespacesAndNewlines),
            groups: groups.compactMap(RespondentGroup.init(rawValue:))
        ).create(on: db)
    }

    static func removeCustomQuestion(_ questionID: UUID, from scan: Scan, on db: any Database) async throws {
        guard scan.status == .concept else { throw StoreFailure.conflict("error.scan_status") }
        try await ScanCustomQuestion.query(on: db).filter(\.$id == questionID).filter(\.$scan.$id == scan.requireID()).delete()
    }

    // MARK: Moving through the statuses

    /// Opens the scan: makes a zero count for every question and group, and the open link for inhabitants.
    static func open(_ scan: Scan, bank: QuestionBank, on db: any Database) async throws {
        guard scan.status.canMove(to: .open) else { throw StoreFailure.conflict("error.scan_status") }
        let scanID = try scan.requireID()
        let custom = try await customQuestions(of: scanID, on: db).map(\.question)
        try await db.transaction { db in
            var rows: [ScanAggregate] = []
            for group in scan.groups {
                let questionnaire = Questionnaire(bank: bank, customQuestions: custom, group: group)
                for page in questionnaire.pages {
                    for item in page.items {
                        rows.append(ScanAggregate(scanID: scanID, questionID: item.id, group: group))
                    }
                }
            }
            if !rows.isEmpty { try await rows.create(on: db) }
            try await scan.groups.map { ScanGroupCount(scanID: scanID, group: $0) }.create(on: db)
            if scan.groups.contains(.inwoners) {
                scan.openToken = SecureToken.makeCode()
                scan.openLinkActive = true
            }
            scan.status = .open
            try await scan.update(on: db)
        }
    }

    /// Closes the scan and keeps its theme totals for the comparison with other municipalities.
    static func close(_ scan: Scan, app: Application, today: Date, on db: any Database) async throws {
        guard scan.status.canMove(to: .closed) else { throw StoreFailure.conflict("error.scan_status") }
        scan.status = .closed
        scan.closedOn = Format.day(today)
        scan.openLinkActive = false
        let municipality = try await scan.$municipality.get(on: db)
        try await db.transaction { db in
            // The status first: from here no response can join (the response writer checks it under a lock on
            // PostgreSQL, and SQLite lets one writer at a time), so the totals below count every response.
            try await scan.update(on: db)
            let report = try await ScanReports.report(for: scan, app: app, on: db)
            try await ScanThemeTotal.query(on: db).filter(\.$municipalityCode == municipality.code).delete()
            let totals = report.themes.compactMap { theme in
                theme.total.map {
                    ScanThemeTotal(
                        scanID: scan.id!, municipalityCode: municipality.code, themeID: theme.themeID, total: $0,
                        sizeClass: SizeClass(population: municipality.population), isDemo: municipality.isDemo)
                }
            }
            if !totals.isEmpty { try await totals.create(on: db) }
            // No link can be used any more: remove them all, with the drafts nobody will send. From here every
            // code of this scan is unknown, so nobody can tell a used link from an unused one.
            try await ScanInvitation.query(on: db).filter(\.$scan.$id == scan.requireID()).delete()
            // Every report compares with the national picture, which has just changed.
            try await reportsChanged(of: nil, on: db)
        }
    }

    /// Raises the report version of one scan, or of every scan when nil, so that no copy of such a report kept
    /// in memory (on any app instance) is shown again. Called by everything that changes what a closed scan's
    /// report shows: closing a scan (the comparison), sharing a report (its status), hiding an open answer.
    static func reportsChanged(of scanID: UUID?, on db: any Database) async throws {
        let sql = try db.sql()
        let version = SQLIdentifier("report_version")
        var update = sql.update(Scan.schema).set(version, to: SQLBinaryExpression(version, .add, SQLLiteral.numeric("1")))
        if let scanID { update = update.where("id", .equal, scanID) }
        try await update.run()
    }

    /// Shares the report with the municipality's council members.
    static func release(_ scan: Scan, on db: any Database) async throws {
        guard scan.status.canMove(to: .report) else { throw StoreFailure.conflict("error.scan_status") }
        scan.status = .report
        try await db.transaction { db in
            try await scan.update(on: db)
            try await reportsChanged(of: scan.requireID(), on: db)
        }
    }

    static func setOpenLink(_ scan: Scan, active: Bool, on db: any Database) async throws {
        guard scan.status == .open, scan.openToken != nil else { throw StoreFailure.conflict("error.scan_status") }
        scan.openLinkActive = active
        try await scan.update(on: db)
    }

    // MARK: Invitations

    static let maxLinksPerBatch = 2000

    /// Makes personal single-use links. The codes are returned once and only their hashes are kept.
    static func makeInvitations(for scan: Scan, group: String, count: String, on db: any Database) async throws -> (
        RespondentGroup, [String]
    ) {
        guard scan.status == .concept || scan.status == .open else { throw StoreFailure.conflict("error.scan_status") }
        var errors: [FieldError] = []
        let group = RespondentGroup(rawValue: group)
        if group.map({ !scan.groups.contains($0) }) ?? true { errors.append(FieldError(field: "group", message: "error.choose_option")) }
        let number = Validate.number(count, in: 1...maxLinksPerBatch)
        if number == nil {
            errors.append(FieldError(field: "count", message: "error.link_count", limit: maxLinksPerBatch))
        }
        guard errors.isEmpty, let group, let number else { throw StoreFailure.fields(errors) }
        let scanID = try scan.requireID()
        let codes = (0..<number).map { _ in SecureToken.makeCode() }
        try await db.transaction { db in
            try await codes.map {
                ScanInvitation(
                    scanID: scanID, group: group, tokenHash: SecureToken.hash(SecureToken.normalizedCode($0)), fromOpenLink: false)
            }.create(on: db)
        }
        return (group, codes)
    }

    /// The link behind a code, with its scan; nil for an unknown code. Every page of the questionnaire and
    /// every submission starts here, so it is one plain query.
    static func invitation(code: String, on db: any Database) async throws -> ScanInvitation? {
        let normalized = SecureToken.normalizedCode(code)
        guard normalized.count == 26 else { return nil }
        let query: SQLQueryString = "\(ScanInvitation.selectWithScan) WHERE i.token_hash = \(bind: SecureToken.hash(normalized))"
        return try await db.sql().raw(query).first().map(ScanInvitation.init(row:))
    }

    enum Availability: Equatable {
        case available
        case notYetOpen(opensOn: String)
        case closed
    }

    /// Whether a scan takes answers today.
    static func availability(of scan: Scan, today: String) -> Availability {
        switch scan.status {
        case .concept: return .notYetOpen(opensOn: scan.opensOn)
        case .closed, .report: return .closed
        case .open:
            if today < scan.opensOn { return .notYetOpen(opensOn: scan.opensOn) }
            if today > scan.closesOn { return .closed }
            return .available
        }
    }

    /// An inhabitant starts from the open link: a new link of their own, which is also their code to resume.
    static func startFromOpenLink(_ scan: Scan, on db: any Database) async throws -> String {
        let code = SecureToken.makeCode()
        try await ScanInvitation(
            scanID: scan.requireID(), group: .inwoners,
            tokenHash: SecureToken.hash(SecureToken.normalizedCode(code)), fromOpenLink: true
        ).create(on: db)
        return code
    }

    // MARK: Answering

    static func draft(of invitation: ScanInvitation) -> [String: String] {
        invitation.draft.flatMap(FlatJSON.decodeStrings) ?? [:]
    }

    /// What became of a draft that was saved.
    enum SavedDraft: Equatable, Sendable {
        /// Kept under the code that was used.
        case kept
        /// Kept under a new code, the respondent's own, which replaces the municipality's code from now on.
        case movedTo(code: String)
        /// Not kept: the link was used, or its code replaced, meanwhile.
        case gone
    }

    /// Keeps a link's answers until they are sent. The municipality made the code and knows who got it, so at
    /// the first save the answers move to a new code that only the respondent gets: from then on the
    /// municipality's code shows nothing, and cannot send anything (docs/quickscan.md, "Anonymity of drafts").
    static func saveDraft(_ answers: [String: String], for invitation: ScanInvitation, on db: any Database) async throws -> SavedDraft {
        let sql = try db.sql()
        let draft = FlatJSON.encode(answers)
        var update = sql.update(ScanInvitation.schema).set("draft", to: draft)
            .where("id", .equal, try invitation.requireID()).where("used", .equal, false)
            .where("token_hash", .equal, invitation.tokenHash)
        var result = SavedDraft.kept
        if !invitation.ownCode {
            let code = SecureToken.makeCode()
            update = update.set("token_hash", to: SecureToken.hash(SecureToken.normalizedCode(code)))
                .set("origin_hash", to: invitation.tokenHash).set("own_code", to: true)
            result = .movedTo(code: code)
        }
        guard try await !update.returning("id").all().isEmpty else { return .gone }
        invitation.draft = draft
        return result
    }

    /// Where the municipality's code of a link leads in the browser of the respondent who replaced it: their own
    /// code (from the way-back cookie), when that code replaced this one. Nil anywhere else.
    static func wayBack(from code: String, ownCode: String?, on db: any Database) async throws -> String? {
        guard let ownCode, let invitation = try await invitation(code: ownCode, on: db),
            invitation.originHash == SecureToken.hash(SecureToken.normalizedCode(code))
        else { return nil }
        return SecureToken.normalizedCode(ownCode)
    }

    /// The questionnaire behind a link. A scan's questions cannot change once it is open, so from then on its
    /// questionnaires are kept in memory and the pages do not read or build them again.
    static func questionnaire(for invitation: ScanInvitation, app: Application, on db: any Database) async throws -> Questionnaire {
        let (scanID, bankVersion, group) = (try invitation.scan.requireID(), invitation.scan.bankVersion, invitation.group)
        let make: @Sendable () async throws -> Questionnaire = {
            let custom = try await customQuestions(of: scanID, on: db).map(\.question)
            return Questionnaire(bank: try app.questionBanks.bank(bankVersion), customQuestions: custom, group: group)
        }
        guard invitation.scan.status != .concept else { return try await make() }
        return try await app.quickScan.questionnaires.value("\(scanID)|\(group.rawValue)", orMake: make)
    }

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
        case unavailable(Availability)
        /// Not a single question answered: nothing is sent.
        case empty
    }

    /// Sends the answers saved with a link. The response writer does everything in its next transaction,
    /// together with the other links sent at the same moment, and answers once that is committed.
    static func submit(code: String, app: Application) async throws -> Submission {
        let today = app.clock.today
        let normalized = SecureToken.normalizedCode(code)
        guard normalized.count == 26 else { return .unknownLink }
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
            guard let invitation = byHash[link.tokenHash] else {
                results.append(.unknownLink)
                continue
            }
            guard !invitation.used else {
                results.append(.alreadySent)
                continue
            }
            // Under the municipality's code there is never a draft to send: it moves at the first save.
            guard invitation.ownCode else {
                results.append(.empty)
                continue
            }
            let availability = availability(of: invitation.scan, today: link.day)
            guard availability == .available else {
                results.append(.unavailable(availability))
                continue
            }
            let questionnaire = try await questionnaire(for: invitation, app: app, on: app.db)
            guard let (scale, open) = questionnaire.finish(draft: draft(of: invitation)) else {
                results.append(.empty)
                continue
            }
            candidates.append(
                (
                    results.count, try invitation.requireID(),
                    NewResponse(scanID: invitation.$scan.id, group: invitation.group, scale: scale, open: open, day: link.day)
                ))
            results.append(.stored)
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
        // Open answers get an id of their own, not their response's, so they cannot be put together again.
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
