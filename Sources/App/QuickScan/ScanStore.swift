import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// Scan operations shared by the pages, the commands, the demo seed and the benchmarks.
enum ScanStore {
    enum Failure: Error, Equatable {
        case wrongStatus
        case fields([FieldError])
    }

    // MARK: Preparing a scan

    static func create(municipalityCode: String, bank: QuestionBank, today: Date = Date(), on db: any Database) async throws -> Scan {
        let year = Calendar(identifier: .gregorian).component(.year, from: today)
        let scan = Scan(municipalityCode: municipalityCode, bankVersion: bank.version, title: "Quick Scan \(year)",
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
        guard scan.status == .concept else { throw Failure.wrongStatus }
        var errors: [FieldError] = []
        if let error = Validate.required(settings.title, field: "title", max: Validate.maxNameLength) { errors.append(error) }
        let opens = Format.parseDay(settings.opensOn.trimmingCharacters(in: .whitespaces))
        let closes = Format.parseDay(settings.closesOn.trimmingCharacters(in: .whitespaces))
        if opens == nil { errors.append(FieldError(field: "opensOn", message: "error.date_invalid")) }
        if closes == nil { errors.append(FieldError(field: "closesOn", message: "error.date_invalid")) }
        if let opens, let closes, closes < opens { errors.append(FieldError(field: "closesOn", message: "error.date_order")) }
        let age = Int(settings.minAge.trimmingCharacters(in: .whitespaces))
        if age.map({ !minAgeRange.contains($0) }) ?? true {
            errors.append(FieldError(field: "minAge", message: "error.min_age", limit: minAgeRange.lowerBound))
        }
        let groups = settings.groups.compactMap(RespondentGroup.init(rawValue:))
        if groups.isEmpty || groups.count != settings.groups.count { errors.append(FieldError(field: "groups", message: "error.choose_groups")) }
        guard errors.isEmpty, let opens, let closes, let age else { throw Failure.fields(errors) }
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
        guard scan.status == .concept else { throw Failure.wrongStatus }
        let scanID = try scan.requireID()
        let existing = try await customQuestions(of: scanID, on: db)
        let errors = CustomQuestion.validate(text: text, kind: kind, groups: groups, existing: existing.count)
        guard errors.isEmpty, let kind = QuestionBank.QuestionKind(rawValue: kind) else { throw Failure.fields(errors) }
        try await ScanCustomQuestion(scanID: scanID, position: (existing.map(\.position).max() ?? 0) + 1, kind: kind,
                                     text: text.trimmingCharacters(in: .whitespacesAndNewlines),
                                     groups: groups.compactMap(RespondentGroup.init(rawValue:))).create(on: db)
    }

    static func removeCustomQuestion(_ questionID: UUID, from scan: Scan, on db: any Database) async throws {
        guard scan.status == .concept else { throw Failure.wrongStatus }
        try await ScanCustomQuestion.query(on: db).filter(\.$id == questionID).filter(\.$scan.$id == scan.requireID()).delete()
    }

    // MARK: Moving through the statuses

    /// Opens the scan: makes a zero count for every question and group, and the open link for inhabitants.
    static func open(_ scan: Scan, bank: QuestionBank, on db: any Database) async throws {
        guard scan.status.canMove(to: .open) else { throw Failure.wrongStatus }
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
    static func close(_ scan: Scan, app: Application, today: Date = Date(), on db: any Database) async throws {
        guard scan.status.canMove(to: .closed) else { throw Failure.wrongStatus }
        scan.status = .closed
        scan.closedOn = Format.day(today)
        scan.openLinkActive = false
        let report = try await ScanReports.report(for: scan, app: app, on: db)
        let municipality = try await scan.$municipality.get(on: db)
        try await db.transaction { db in
            try await scan.update(on: db)
            try await ScanThemeTotal.query(on: db).filter(\.$municipalityCode == municipality.code).delete()
            let totals = report.themes.compactMap { theme in
                theme.total.map {
                    ScanThemeTotal(scanID: scan.id!, municipalityCode: municipality.code, themeID: theme.themeID, total: $0,
                                   sizeClass: SizeClass(population: municipality.population), isDemo: municipality.isDemo)
                }
            }
            if !totals.isEmpty { try await totals.create(on: db) }
            // Unsent drafts hold answers nobody will send any more.
            try await ScanInvitation.query(on: db).filter(\.$scan.$id == scan.requireID()).set(\.$draft, to: nil).update()
        }
    }

    /// Shares the report with the municipality's council members.
    static func release(_ scan: Scan, on db: any Database) async throws {
        guard scan.status.canMove(to: .report) else { throw Failure.wrongStatus }
        scan.status = .report
        try await scan.update(on: db)
    }

    static func setOpenLink(_ scan: Scan, active: Bool, on db: any Database) async throws {
        guard scan.status == .open, scan.openToken != nil else { throw Failure.wrongStatus }
        scan.openLinkActive = active
        try await scan.update(on: db)
    }

    // MARK: Invitations

    static let maxLinksPerBatch = 2000

    /// Makes personal single-use links. The codes are returned once and only their hashes are kept.
    static func makeInvitations(for scan: Scan, group: String, count: String, on db: any Database) async throws -> (RespondentGroup, [String]) {
        guard scan.status == .concept || scan.status == .open else { throw Failure.wrongStatus }
        var errors: [FieldError] = []
        let group = RespondentGroup(rawValue: group)
        if group.map({ !scan.groups.contains($0) }) ?? true { errors.append(FieldError(field: "group", message: "error.choose_option")) }
        let number = Int(count.trimmingCharacters(in: .whitespaces))
        if number.map({ !(1...maxLinksPerBatch).contains($0) }) ?? true {
            errors.append(FieldError(field: "count", message: "error.link_count", limit: maxLinksPerBatch))
        }
        guard errors.isEmpty, let group, let number else { throw Failure.fields(errors) }
        let scanID = try scan.requireID()
        let codes = (0..<number).map { _ in SecureToken.makeCode() }
        try await db.transaction { db in
            try await codes.map {
                ScanInvitation(scanID: scanID, group: group, tokenHash: SecureToken.hash(SecureToken.normalizedCode($0)), fromOpenLink: false)
            }.create(on: db)
        }
        return (group, codes)
    }

    /// The link behind a code, with its scan; nil for an unknown code.
    static func invitation(code: String, on db: any Database) async throws -> ScanInvitation? {
        let normalized = SecureToken.normalizedCode(code)
        guard normalized.count == 26 else { return nil }
        return try await ScanInvitation.query(on: db).filter(\.$tokenHash == SecureToken.hash(normalized)).with(\.$scan).first()
    }

    enum Availability: Equatable {
        case available
        case notYetOpen(opensOn: String)
        case closed
    }

    /// Whether a scan takes answers today.
    static func availability(of scan: Scan, today: String = Format.day()) -> Availability {
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
        try await ScanInvitation(scanID: scan.requireID(), group: .inwoners,
                                 tokenHash: SecureToken.hash(SecureToken.normalizedCode(code)), fromOpenLink: true).create(on: db)
        return code
    }

    // MARK: Answering

    static func draft(of invitation: ScanInvitation) -> [String: String] {
        guard let text = invitation.draft, let data = text.data(using: .utf8) else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
    }

    static func saveDraft(_ answers: [String: String], for invitation: ScanInvitation, on db: any Database) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        invitation.draft = String(decoding: try encoder.encode(answers), as: UTF8.self)
        try await invitation.update(on: db)
    }

    static func questionnaire(for invitation: ScanInvitation, app: Application, on db: any Database) async throws -> Questionnaire {
        let scan = invitation.scan
        let custom = try await customQuestions(of: scan.requireID(), on: db).map(\.question)
        return Questionnaire(bank: try app.questionBanks.bank(scan.bankVersion), customQuestions: custom, group: invitation.group)
    }

    enum Submission: Equatable {
        case stored
        /// The link had been used already: nothing changes (a double click or a retry).
        case alreadySent
        case empty
    }

    /// Sends a response: in one transaction the link is used up, the response and its answers are stored
    /// without any link to the invitation, and the counts are raised. Exactly once per link.
    static func submit(_ invitation: ScanInvitation, questionnaire: Questionnaire, today: String = Format.day(),
                       on db: any Database) async throws -> Submission {
        guard let (scale, open) = questionnaire.finish(draft: draft(of: invitation)) else { return .empty }
        let scanID = invitation.$scan.id
        let group = invitation.group
        return try await db.writeTransaction { db in
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
            let claimed = try await sql.update(ScanInvitation.schema)
                .set("used", to: true)
                .set("draft", to: SQLLiteral.null)
                .where("id", .equal, invitation.requireID())
                .where("used", .equal, false)
                .returning("id")
                .all()
            guard !claimed.isEmpty else { return .alreadySent }
            try await store(scanID: scanID, group: group, scale: scale, open: open, day: today, on: db)
            return .stored
        }
    }

    /// Stores one response and raises the counts. Also used by the seeds, with the same effect as a submission.
    static func store(scanID: UUID, group: RespondentGroup, scale: [String: ScaleAnswer], open: [String: String], day: String,
                      on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let response = ScanResponse(id: UUID(), scanID: scanID, group: group, submittedOn: day)
        try await response.create(on: db)
        let responseID = try response.requireID()
        if !scale.isEmpty {
            try await scale.sorted { $0.key < $1.key }
                .map { ScanAnswer(responseID: responseID, questionID: $0.key, value: $0.value.rawValue) }.create(on: db)
        }
        if !open.isEmpty {
            try await open.sorted { $0.key < $1.key }
                .map { ScanOpenAnswer(scanID: scanID, group: group, questionID: $0.key, text: $0.value) }.create(on: db)
        }
        // The group's response count first: its row lock queues the responses of one scan and group, so
        // on PostgreSQL they never lock the same count rows in different orders (which deadlocked).
        let responses = SQLIdentifier("responses")
        try await sql.update(ScanGroupCount.schema)
            .set(responses, to: SQLBinaryExpression(responses, .add, SQLLiteral.numeric("1")))
            .where("scan_id", .equal, scanID)
            .where("respondent_group", .equal, group.rawValue)
            .run()
        // One statement raises every count the response touches:
        // n<v> = n<v> + CASE WHEN question_id IN (questions answered v) THEN 1 ELSE 0 END, for each value v used.
        // An open question's row counts its answers in n1 (ScanAggregate), so the report need not count them.
        var byValue = Dictionary(grouping: scale.keys, by: { scale[$0]!.rawValue })
        if !open.isEmpty { byValue[1, default: []] += open.keys }
        if !byValue.isEmpty {
            var update: SQLQueryString = "UPDATE \(ident: ScanAggregate.schema) SET "
            for (index, value) in byValue.keys.sorted().enumerated() {
                let column = "n\(value)"
                let ids: [any Encodable & Sendable] = byValue[value]!.sorted()
                update += (index == 0 ? "" : ", ") as SQLQueryString
                update += "\(ident: column) = \(ident: column) + CASE WHEN \(ident: "question_id") IN (\(binds: ids)) THEN 1 ELSE 0 END"
            }
            let all: [any Encodable & Sendable] = (Array(scale.keys) + Array(open.keys)).sorted()
            update += " WHERE \(ident: "scan_id") = \(bind: scanID) AND \(ident: "respondent_group") = \(bind: group.rawValue) AND \(ident: "question_id") IN (\(binds: all))"
            try await sql.raw(update).run()
        }
    }

    static func responseCounts(of scanID: UUID, on db: any Database) async throws -> [RespondentGroup: Int] {
        let rows = try await ScanGroupCount.query(on: db).filter(\.$scan.$id == scanID).all()
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.group, $0.responses) })
    }
}
