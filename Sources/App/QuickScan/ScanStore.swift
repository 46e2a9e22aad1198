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
        keepOpenLink(of: scan)
        try await scan.create(on: db)
        return scan
    }

    /// The open link for inhabitants exists from the moment they are invited, so it can go into the local paper
    /// and onto the website while the scan is prepared; until the scan opens it says from when. When inhabitants are
    /// no longer invited, it goes.
    private static func keepOpenLink(of scan: Scan) {
        if !scan.groups.contains(.inwoners) {
            scan.openToken = nil
        } else if scan.openToken == nil {
            scan.openToken = SecureToken.makeCode()
        }
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
        let removed = scan.groups.filter { !groups.contains($0) }
        scan.groups = groups
        keepOpenLink(of: scan)
        try await db.transaction { db in
            try await scan.update(on: db)
            // Links made for a group that is no longer invited could never be counted: they go.
            if !removed.isEmpty {
                try await ScanInvitation.query(on: db).filter(\.$scan.$id == scan.requireID()).filter(\.$group ~~ removed).delete()
            }
        }
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

    /// Opens the scan: makes a zero count for every question and group, and the open link for inhabitants. With
    /// `notifying`, the municipality's coordinators and facilitators get an email.
    static func open(_ scan: Scan, bank: QuestionBank, notifying app: Application? = nil, on db: any Database) async throws {
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
            keepOpenLink(of: scan)
            scan.openLinkActive = scan.openToken != nil
            scan.status = .open
            try await scan.update(on: db)
            // A scan opens after the start conversation: that step of the trajectory is done.
            try await TrajectoryStore.reach(
                .startgesprek, of: scan.$municipality.id, on: scan.opensOn, because: .scanOpened, at: app?.clock.now() ?? Date(), on: db)
            if let app { try await ScanMessages.send(.opened, about: scan, app: app, on: db) }
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
            try await ComparisonPublisher.totalsChanged(of: municipality, on: db)
            // No link can be used any more: remove them all, with the drafts nobody will send. From here every
            // code of this scan is unknown, so nobody can tell a used link from an unused one. The addresses kept
            // for reminders go first (they refer to the links).
            try await ScanMailInvitation.query(on: db).filter(\.$scan.$id == scan.requireID()).delete()
            try await ScanInvitation.query(on: db).filter(\.$scan.$id == scan.requireID()).delete()
            // Every report compares with the national picture, which has just changed.
            try await reportsChanged(of: nil, on: db)
            try await TrajectoryStore.scanClosed(of: municipality.code, on: Format.day(today), at: app.clock.now(), on: db)
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

    /// Shares the report with the municipality's council members. With `notifying`, they get an email.
    static func release(_ scan: Scan, notifying app: Application? = nil, on db: any Database) async throws {
        guard scan.status.canMove(to: .report) else { throw StoreFailure.conflict("error.scan_status") }
        scan.status = .report
        try await db.transaction { db in
            try await scan.update(on: db)
            try await reportsChanged(of: scan.requireID(), on: db)
            if let app { try await ScanMessages.send(.reportShared, about: scan, app: app, on: db) }
        }
    }

    static func setOpenLink(_ scan: Scan, active: Bool, on db: any Database) async throws {
        guard scan.status == .open, scan.openToken != nil else { throw StoreFailure.conflict("error.scan_status") }
        scan.openLinkActive = active
        try await scan.update(on: db)
    }
}
