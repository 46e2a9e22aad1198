import DemocracyKit
import Fluent
import Foundation
import Vapor

/// The persoonlijk opleidingsbudget (docs/learning.md): the griffie's yearly budgets, the members' requests, the
/// decisions on them and the ledger per member and year. The rules are in DemocracyKit (`SpendingWorkflow`,
/// `SpendingDecision`, `BudgetSetting`); this keeps them, in one transaction each.
enum BudgetStore {
    /// The years a page or request may name: five back for the ledger, one ahead for planning.
    static func years(around today: Date) -> ClosedRange<Int> {
        let year = currentYear(today)
        return (year - 5)...(year + 1)
    }

    /// The year it is in the Netherlands.
    static func currentYear(_ today: Date) -> Int { Int(Format.day(today).prefix(4)) ?? 2026 }

    struct Budgets: Sendable {
        let council: Int?
        let personal: [UUID: Int]

        func budget(of member: UUID) -> Int { personal[member] ?? council ?? 0 }
    }

    /// The year's budgets: the council's and the personal ones that replace it.
    static func budgets(of code: String, year: Int, on db: any Database) async throws -> Budgets {
        let rows = try await EducationBudgetRecord.query(on: db).filter(\.$municipalityCode == code).filter(\.$year == year).all()
        var personal: [UUID: Int] = [:]
        for row in rows { if let user = row.userID { personal[user] = row.amount } }
        return Budgets(council: rows.first { $0.userID == nil }?.amount, personal: personal)
    }

    static func requests(of code: String, year: Int, member: UUID? = nil, on db: any Database) async throws -> [SpendingRequestRecord] {
        var query = SpendingRequestRecord.query(on: db).filter(\.$municipalityCode == code).filter(\.$year == year)
        if let member { query = query.filter(\.$userID == member) }
        return try await query.sort(\.$createdAt, .descending).all()
    }

    static func ledger(of member: UUID, in code: String, year: Int, on db: any Database) async throws -> BudgetLedger {
        let budgets = try await budgets(of: code, year: year, on: db)
        let requests = try await requests(of: code, year: year, member: member, on: db)
        return BudgetLedger(budget: budgets.budget(of: member), requests: requests.map(\.entry))
    }

    /// Every council member's ledger for the year, by name, for the griffie.
    static func ledgers(of code: String, year: Int, on db: any Database) async throws -> [(
        member: AccountStore.Person, ledger: BudgetLedger
    )] {
        let members = try await AccountStore.people(with: [.raadslid], in: code, on: db)
        let budgets = try await budgets(of: code, year: year, on: db)
        let requests = Dictionary(grouping: try await requests(of: code, year: year, on: db), by: \.userID)
        return members.map { member in
            (member, BudgetLedger(budget: budgets.budget(of: member.id), requests: (requests[member.id] ?? []).map(\.entry)))
        }
    }

    static func find(_ id: UUID?, of code: String, on db: any Database) async throws -> SpendingRequestRecord {
        guard let id, let record = try await SpendingRequestRecord.find(id, on: db), record.municipalityCode == code else {
            throw StoreFailure.notFound("budget.error.not_found")
        }
        return record
    }

    /// A member's request, checked against what is still available in the course's year; the griffie hears of it.
    static func request(_ form: SpendingRequestForm, by user: CurrentUser, municipality: Municipality, app: Application) async throws
        -> SpendingRequestRecord
    {
        let now = app.clock.now()
        let years = years(around: now)
        var ledgers: [Int: BudgetLedger] = [:]
        for year in (years.upperBound - 2)...years.upperBound {
            ledgers[year] = try await ledger(of: user.id, in: municipality.code, year: year, on: app.db)
        }
        let request = try form.request(today: Format.day(now)) { ledgers[$0] ?? BudgetLedger(budget: 0) }.get()
        try await ensureLock(member: user.id, in: municipality.code, year: request.year, on: app.db)
        let record = SpendingRequestRecord()
        record.municipalityCode = municipality.code
        record.userID = user.id
        record.memberName = user.name
        record.year = request.year
        record.what = request.what
        record.provider = request.provider
        record.amount = request.amount
        record.day = request.day
        record.why = request.why
        record.status = .aangevraagd
        record.createdAt = now
        record.version = 1
        try await app.db.transaction { db in
            try await record.create(on: db)
            try await BudgetMessages.requested(record, municipality: municipality, app: app, on: db)
        }
        return record
    }

    /// The row two decisions for the same member and year both raise; made with the first request.
    private static func ensureLock(member: UUID, in code: String, year: Int, on db: any Database) async throws {
        let existing = try await SpendingLedgerLock.query(on: db).filter(\.$municipalityCode == code).filter(\.$userID == member)
            .filter(\.$year == year).first()
        guard existing == nil else { return }
        let lock = SpendingLedgerLock()
        lock.municipalityCode = code
        lock.userID = member
        lock.year = year
        lock.version = 1
        // Two first requests at once: one row is made, the other finds it.
        try? await lock.create(on: db)
    }

    /// Takes a step on a request: the griffie's decision or recorded spending, or the member's withdrawal. The balance
    /// check and the change are one transaction that also raises the member's ledger row, so a second decision made
    /// at the same moment is refused rather than passing a check the first one changed.
    static func decide(
        _ decision: SpendingDecision, on record: SpendingRequestRecord, seenVersion: Int, municipality: Municipality, by user: CurrentUser,
        app: Application
    ) async throws {
        try await app.db.transaction { db in
            guard
                let lock = try await SpendingLedgerLock.query(on: db).filter(\.$municipalityCode == record.municipalityCode)
                    .filter(\.$userID == record.userID).filter(\.$year == record.year).first()
            else { throw StoreFailure.conflict("budget.error.conflict") }
            let current = try await find(record.id, of: record.municipalityCode, on: db)
            guard current.version == seenVersion else { throw StoreFailure.conflict("budget.error.conflict") }
            let ledger = try await ledger(of: current.userID, in: current.municipalityCode, year: current.year, on: db)
            let outcome = try decision.check(amount: current.amount, status: current.status, ledger: ledger).get()
            let now = app.clock.now()
            var changes: [(String, any Encodable & Sendable)] = [("status", outcome.status.rawValue)]
            if decision.step.isGriffie {
                changes += [("decided_by", user.name), ("decided_at", now)]
                if decision.step != .recordSpent || outcome.reason != nil { changes.append(("reason", outcome.reason)) }
            }
            if let spent = outcome.spent { changes.append(("spent", spent)) }
            if let override = outcome.overrideReason { changes.append(("override_reason", override)) }
            let written = try await db.updateAtVersion(
                SpendingRequestRecord.schema, matching: [("id", try current.requireID())], seen: seenVersion, set: changes)
            let locked = try await db.updateAtVersion(
                SpendingLedgerLock.schema, matching: [("id", try lock.requireID())], seen: lock.version, set: [])
            guard written, locked else { throw StoreFailure.conflict("budget.error.conflict") }
            if let override = outcome.overrideReason {
                let left = ledger.moving(current.amount, from: current.status, to: outcome.status, spent: outcome.spent).left
                try await AuditLog.record(
                    .budgetOverride, by: AuditLog.Actor(user), municipality: current.municipalityCode,
                    subject: "\(current.memberName), \(current.year): \(current.what); saldo \(Money.format(left, .nl)). \(override)",
                    app: app,
                    on: db)
            }
            if decision.step == .approve || decision.step == .decline {
                try await BudgetMessages.decided(
                    current, status: outcome.status, reason: outcome.reason, municipality: municipality, app: app, on: db)
            }
        }
    }

    /// Sets the year's budget for the council, or for one of its members instead; refused below what a member it
    /// applies to already has set aside or spent.
    static func setBudget(
        _ typed: String, year: Int, member: UUID?, municipality: Municipality, by user: CurrentUser, app: Application
    ) async throws {
        let members = try await AccountStore.people(with: [.raadslid], in: municipality.code, on: app.db)
        if let member, !members.contains(where: { $0.id == member }) {
            throw StoreFailure.fields([FieldError(field: "member", message: "budget.error.not_member")])
        }
        try await app.db.transaction { db in
            let budgets = try await budgets(of: municipality.code, year: year, on: db)
            let affected = members.filter { person in member.map { $0 == person.id } ?? (budgets.personal[person.id] == nil) }
            let locks = try await SpendingLedgerLock.query(on: db).filter(\.$municipalityCode == municipality.code).filter(\.$year == year)
                .filter(\.$userID ~~ affected.map(\.id)).all()
            let requests = Dictionary(grouping: try await requests(of: municipality.code, year: year, on: db), by: \.userID)
            let committed = affected.map { person in
                let ledger = BudgetLedger(budget: 0, requests: (requests[person.id] ?? []).map(\.entry))
                return (name: person.name, cents: ledger.approved + ledger.spent)
            }
            let amount = try BudgetSetting.amount(typed, committed: committed).get()
            var query = EducationBudgetRecord.query(on: db).filter(\.$municipalityCode == municipality.code).filter(\.$year == year)
            query = member.map { query.filter(\.$userID == $0) } ?? query.filter(\.$userID == nil)
            let row = try await query.first() ?? EducationBudgetRecord()
            row.municipalityCode = municipality.code
            row.year = year
            row.userID = member
            row.amount = amount
            row.setBy = user.name
            row.setAt = app.clock.now()
            try await row.save(on: db)
            for lock in locks {
                guard
                    try await db.updateAtVersion(
                        SpendingLedgerLock.schema, matching: [("id", try lock.requireID())], seen: lock.version, set: [])
                else { throw StoreFailure.conflict("budget.error.conflict") }
            }
        }
    }

    /// The year's ledger and requests as CSV for the municipality's administration.
    static func csv(of code: String, year: Int, language: Language, app: Application) async throws -> String {
        let ledgers = try await ledgers(of: code, year: year, on: app.db)
        let requests = try await requests(of: code, year: year, on: app.db).sorted { ($0.memberName, $0.day) < ($1.memberName, $1.day) }
        let t = { (key: String) in app.localizer.text(key, language, []) }
        var rows: [[String]] = [
            [
                t("budget.csv.kind"), t("budget.csv.member"), t("budget.csv.year"), t("budget.csv.what"), t("budget.csv.provider"),
                t("budget.csv.day"), t("budget.csv.status"), t("budget.csv.amount"), t("budget.csv.spent"), t("budget.csv.budget"),
                t("budget.csv.left"), t("budget.csv.decided_by"), t("budget.csv.reason"), t("budget.csv.override"),
            ]
        ]
        for (member, ledger) in ledgers {
            rows.append([
                t("budget.csv.kind_ledger"), member.name, String(year), "", "", "", "", Money.plain(ledger.approved + ledger.requested),
                Money.plain(ledger.spent), Money.plain(ledger.budget), Money.plain(ledger.left), "", "", "",
            ])
        }
        for request in requests {
            rows.append([
                t("budget.csv.kind_request"), request.memberName, String(request.year), request.what, request.provider, request.day,
                request.status.name(language), Money.plain(request.amount), request.spent.map(Money.plain) ?? "", "", "",
                request.decidedBy ?? "", request.reason ?? "", request.overrideReason ?? "",
            ])
        }
        return CSV.file(rows)
    }
}

/// Who hears of a request: the griffie when a member asks, the member when the griffie decides.
enum BudgetMessages {
    static func requested(_ record: SpendingRequestRecord, municipality: Municipality, app: Application, on db: any Database) async throws {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let url = CouncilLearningURL.request(.value(municipality.code), .value(try record.requireID())).absolute(app)
        let griffie = try await AccountStore.people(with: [.trekker], in: municipality.code, on: db)
        for person in try await MailPreferences.keep(griffie, wanting: .requestNews, on: db) {
            let mail = Mail(
                kind: "budget.requested", to: person.email, language: .nl, subject: t("mail.budget_requested.subject", [record.memberName]),
                paragraphs: [
                    t("mail.greeting", [person.name]),
                    t(
                        "mail.budget_requested.body",
                        [record.memberName, record.what, Money.format(record.amount, .nl), Format.day(record.day, .nl)]),
                ],
                link: Letter.Link(label: t("mail.budget_requested.link", []), url: url), app: app)
            try await Outbox.send(mail, app: app, on: db)
        }
    }

    /// The member always hears of a decision on their own request.
    static func decided(
        _ record: SpendingRequestRecord, status: SpendingStatus, reason: String?, municipality: Municipality, app: Application,
        on db: any Database
    ) async throws {
        guard let member = try await User.find(record.userID, on: db) else { return }
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let url = CouncilLearningURL.request(.value(municipality.code), .value(try record.requireID())).absolute(app)
        let approved = status == .goedgekeurd
        var paragraphs = [
            t("mail.greeting", [member.name]),
            t(approved ? "mail.budget_decided.approved" : "mail.budget_decided.declined", [record.what, Money.format(record.amount, .nl)]),
        ]
        if let reason { paragraphs.append(t("mail.budget_decided.reason", [reason])) }
        let mail = Mail(
            kind: "budget.decided", to: member.email, language: .nl,
            subject: t(approved ? "mail.budget_decided.subject_approved" : "mail.budget_decided.subject_declined", []),
            paragraphs: paragraphs, link: Letter.Link(label: t("mail.budget_decided.link", []), url: url), app: app)
        try await Outbox.send(mail, app: app, on: db)
    }
}
