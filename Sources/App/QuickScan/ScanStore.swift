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

    /// A question of the municipality's own, as typed.
    struct NewQuestion: Sendable {
        var text: String
        var kind: String
        var groups: [String]
    }

    /// What the scan page's preparation form holds: its settings and, when one was typed, a new question.
    struct Preparation: Sendable {
        var settings: Settings?
        var question: NewQuestion?
    }

    static func update(_ scan: Scan, settings: Settings, on db: any Database) async throws {
        try await prepare(scan, Preparation(settings: settings), on: db)
    }

    static func addCustomQuestion(to scan: Scan, text: String, kind: String, groups: [String], on db: any Database) async throws {
        try await prepare(scan, Preparation(question: NewQuestion(text: text, kind: kind, groups: groups)), on: db)
    }

    /// Saves what the preparation form holds in one go. Every error in it is told at once and then nothing is
    /// saved, so nothing typed is ever half kept; the page shows it all again with the errors.
    static func prepare(_ scan: Scan, _ preparation: Preparation, on db: any Database) async throws {
        guard scan.status == .concept else { throw StoreFailure.conflict("error.scan_status") }
        let scanID = try scan.requireID()
        var errors: [FieldError] = []
        let settings = preparation.settings.map { checked($0, errors: &errors) } ?? nil
        var newQuestion: ScanCustomQuestion?
        if let question = preparation.question {
            let existing = try await customQuestions(of: scanID, on: db)
            let problems = CustomQuestion.validate(
                text: question.text, kind: question.kind, groups: question.groups, existing: existing.count)
            errors += problems
            if problems.isEmpty, let kind = QuestionBank.QuestionKind(rawValue: question.kind) {
                newQuestion = ScanCustomQuestion(
                    scanID: scanID, position: (existing.map(\.position).max() ?? 0) + 1, kind: kind,
                    text: question.text.trimmingCharacters(in: .whitespacesAndNewlines),
                    groups: question.groups.compactMap(RespondentGroup.init(rawValue:)))
            }
        }
        guard errors.isEmpty else { throw StoreFailure.fields(errors) }
        var removed: [RespondentGroup] = []
        if let settings {
            scan.title = settings.title
            scan.opensOn = settings.opensOn
            scan.closesOn = settings.closesOn
            scan.minAge = settings.minAge
            removed = scan.groups.filter { !settings.groups.contains($0) }
            scan.groups = settings.groups
            keepOpenLink(of: scan)
        }
        let (groupsRemoved, question) = (removed, newQuestion)
        try await db.transaction { db in
            if settings != nil { try await scan.update(on: db) }
            // Links made for a group that is no longer invited could never be counted: they go.
            if !groupsRemoved.isEmpty {
                try await ScanInvitation.query(on: db).filter(\.$scan.$id == scanID).filter(\.$group ~~ groupsRemoved).delete()
            }
            try await question?.create(on: db)
        }
    }

    private struct CheckedSettings: Equatable {
        let title, opensOn, closesOn: String
        let minAge: Int
        let groups: [RespondentGroup]
    }

    /// The settings as they will be stored, or nil with the reasons added to `errors`.
    private static func checked(_ settings: Settings, errors: inout [FieldError]) -> CheckedSettings? {
        let before = errors.count
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
        guard errors.count == before, let opens, let closes, let age else { return nil }
        return CheckedSettings(
            title: settings.title.trimmingCharacters(in: .whitespacesAndNewlines), opensOn: Format.day(opens),
            closesOn: Format.day(closes), minAge: age, groups: groups)
    }

    static func customQuestions(of scanID: UUID, on db: any Database) async throws -> [ScanCustomQuestion] {
        try await ScanCustomQuestion.query(on: db).filter(\.$scan.$id == scanID).sort(\.$position).all()
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
            try await publishTotals(of: municipality, app: app, on: db)
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

    /// Opens a closed scan again, until its report is shared, with a new closing day from today on. Answers given
    /// stay; the report goes back to being made; the comparison takes the municipality's previous closed scan again
    /// (or none); the trajectory's report step is taken back unless it moved on. Personal links ended at closing, so
    /// new ones are made for anyone still to answer; the open link works again. The coordinators and facilitators
    /// hear of it by email.
    ///
    /// A scan whose single answers were erased stays closed: its open questions can no longer be counted, and new
    /// answers would escape the retention period.
    static func reopen(_ scan: Scan, closesOn: String, app: Application, today: Date, on db: any Database) async throws {
        guard scan.status.canReopen, let closedOn = scan.closedOn else { throw StoreFailure.conflict("error.scan_status") }
        guard scan.answersErasedOn == nil else { throw StoreFailure.conflict("error.reopen_erased") }
        let day = Format.day(today)
        guard let closes = Format.parseDay(closesOn.trimmingCharacters(in: .whitespaces)) else {
            throw StoreFailure.fields([FieldError(field: "closesOn", message: "error.date_invalid")])
        }
        let lastDay = Format.day(today.addingTimeInterval(Double(maxReopenDays) * 24 * 3600))
        guard Format.day(closes) >= day, Format.day(closes) <= lastDay else {
            throw StoreFailure.fields([FieldError(field: "closesOn", message: "error.reopen_closes_on", limit: maxReopenDays)])
        }
        scan.closesOn = Format.day(closes)
        scan.openLinkActive = scan.openToken != nil
        let municipality = try await scan.$municipality.get(on: db)
        let scanID = try scan.requireID()
        try await db.transaction { db in
            // Only while it is still closed and not erased: sharing or erasing at the same moment wins, not both.
            let reopened = try await db.sql().update(Scan.schema)
                .set("status", to: ScanStatus.open.rawValue).set("closed_on", to: SQLLiteral.null)
                .set("closes_on", to: scan.closesOn).set("open_link_active", to: scan.openLinkActive)
                .where("id", .equal, scanID).where("status", .equal, ScanStatus.closed.rawValue)
                .where("answers_erased_on", .is, SQLLiteral.null).returning("id").all()
            guard !reopened.isEmpty else { throw StoreFailure.conflict("error.scan_status") }
            scan.status = .open
            scan.closedOn = nil
            try await publishTotals(of: municipality, app: app, on: db)
            try await reportsChanged(of: nil, on: db)
            try await TrajectoryStore.scanReopened(of: municipality.code, closedOn: closedOn, on: db)
            try await ScanMessages.send(.reopened, about: scan, app: app, on: db)
        }
    }

    /// How far ahead a reopened scan's new closing day may lie.
    static let maxReopenDays = 90

    /// Puts the theme totals of the municipality's latest closed scan into the national comparison, in place of the
    /// ones it had there; without a closed scan the municipality leaves the comparison.
    private static func publishTotals(of municipality: Municipality, app: Application, on db: any Database) async throws {
        try await ScanThemeTotal.query(on: db).filter(\.$municipalityCode == municipality.code).delete()
        let latest = try await Scan.query(on: db).filter(\.$municipality.$id == municipality.code)
            .filter(\.$status ~~ [ScanStatus.closed, .report]).sort(\.$closedOn, .descending).sort(\.$createdAt, .descending).first()
        if let latest {
            let totals = try await themeTotals(of: latest, municipality: municipality, app: app, on: db)
            if !totals.isEmpty { try await totals.create(on: db) }
        }
        try await ComparisonPublisher.totalsChanged(of: municipality, on: db)
    }

    /// A closed scan's totals per theme: over its own bank, and over the statements every bank shares.
    static func themeTotals(of scan: Scan, municipality: Municipality, app: Application, on db: any Database) async throws
        -> [ScanThemeTotal]
    {
        let scanID = try scan.requireID()
        let data = try await ScanReports.data(for: scan, app: app, on: db)
        let banks = app.questionBanks
        let shared = ReportBuilder.build(data.restricted(toStatementsOf: banks.all)).themes
        return ReportBuilder.build(data).themes.compactMap { theme in
            theme.total.map {
                ScanThemeTotal(
                    scanID: scanID, municipalityCode: municipality.code, themeID: theme.themeID, total: $0,
                    bankVersion: scan.bankVersion, sharedTotal: shared.first { $0.themeID == theme.themeID }?.total,
                    sharedBasis: banks.sharedBasis, sizeClass: SizeClass(population: municipality.population),
                    isDemo: municipality.isDemo)
            }
        }
    }

    /// Computes the totals again of every scan whose shared totals were made over other banks (a bank was added,
    /// or they are from before), and publishes the comparison again. Safe to run on every start.
    static func refreshSharedTotals(app: Application) async throws {
        let basis = app.questionBanks.sharedBasis
        let stale = try await ScanThemeTotal.query(on: app.db).group(.or) {
            $0.filter(\.$sharedBasis == nil).filter(\.$sharedBasis != basis)
        }
        .all()
        let scanIDs = Set(stale.map(\.$scan.id))
        guard !scanIDs.isEmpty else { return }
        try await app.db.transaction { db in
            for scanID in scanIDs {
                guard let scan = try await Scan.find(scanID, on: db) else { continue }
                let municipality = try await scan.$municipality.get(on: db)
                try await ScanThemeTotal.query(on: db).filter(\.$scan.$id == scanID).delete()
                let totals = try await themeTotals(of: scan, municipality: municipality, app: app, on: db)
                if !totals.isEmpty { try await totals.create(on: db) }
            }
            try await ComparisonPublisher.publishAll(on: db)
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

    /// Shares the report with the municipality's council members. With `notifying`, they get an email.
    static func release(_ scan: Scan, notifying app: Application? = nil, on db: any Database) async throws {
        guard scan.status.canMove(to: .report) else { throw StoreFailure.conflict("error.scan_status") }
        let scanID = try scan.requireID()
        try await db.transaction { db in
            // Only while it is still closed: a reopening at the same moment wins, not both.
            let shared = try await db.sql().update(Scan.schema).set("status", to: ScanStatus.report.rawValue)
                .where("id", .equal, scanID).where("status", .equal, ScanStatus.closed.rawValue).returning("id").all()
            guard !shared.isEmpty else { throw StoreFailure.conflict("error.scan_status") }
            scan.status = .report
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
