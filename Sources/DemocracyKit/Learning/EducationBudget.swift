import Foundation

/// Amounts of money in whole cents, read as a Dutch reader types them and written as they read them.
public enum Money {
    /// € 100.000: no yearly education budget or course comes near it, so a larger number is a typing error.
    public static let maxCents = 10_000_000

    /// "1.250", "€ 1.250,50", "1250,5", "1.250,-" or "12.50" → cents; nil for anything else, a negative amount or
    /// more than `maxCents`. A dot followed by three digits groups thousands, as in Dutch.
    public static func cents(_ typed: String) -> Int? {
        var text = typed.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "€", with: "")
            .replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
        if text.hasSuffix(",-") || text.hasSuffix(",--") { text = String(text.prefix { $0 != "," }) }
        guard !text.isEmpty, text.count <= 16, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else {
            return nil
        }
        var whole = text
        var fraction = ""
        if let comma = text.lastIndex(of: ",") {
            whole = String(text[..<comma])
            fraction = String(text[text.index(after: comma)...])
        } else if let dot = text.lastIndex(of: "."), (1...2).contains(text.distance(from: dot, to: text.endIndex) - 1) {
            whole = String(text[..<dot])
            fraction = String(text[text.index(after: dot)...])
        }
        guard fraction.count <= 2, fraction.allSatisfy(\.isNumber), !whole.contains(",") else { return nil }
        let groups = whole.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = groups.first, !first.isEmpty, first.count <= 6,
            groups.dropFirst().allSatisfy({ $0.count == 3 }), groups.count == 1 || first.count <= 3
        else { return nil }
        guard let euros = Int(groups.joined()), let part = Int(fraction.isEmpty ? "0" : fraction) else { return nil }
        let cents = euros * 100 + (fraction.count == 1 ? part * 10 : part)
        return cents <= maxCents ? cents : nil
    }

    /// 125050 → "€ 1.250,50" in Dutch, "€1,250.50" in English; whole euros as "€ 1.250" and "€1,250".
    public static func format(_ cents: Int, _ language: Language) -> String {
        let euros = Format.number(Int(cents.magnitude / 100), language)
        let rest = cents.magnitude % 100
        let sign = cents < 0 ? "-" : ""
        let amount = rest == 0 ? euros : euros + (language == .nl ? "," : ".") + String(format: "%02d", rest)
        return language == .nl ? "\(sign)€ \(amount)" : "\(sign)€\(amount)"
    }

    /// For a spreadsheet: "1250.50", with a dot whatever the language.
    public static func plain(_ cents: Int) -> String {
        (cents < 0 ? "-" : "") + "\(cents.magnitude / 100)." + String(format: "%02d", cents.magnitude % 100)
    }
}

/// Where a council member's request to spend education budget stands.
public enum SpendingStatus: String, CaseIterable, Codable, Sendable {
    /// Asked, waiting for the griffie.
    case aangevraagd
    /// The griffie agreed; the money is set aside.
    case goedgekeurd
    /// The griffie said no, with a reason.
    case afgewezen
    /// The member took it back before a decision.
    case ingetrokken
    /// Paid: the griffie recorded what it cost.
    case besteed

    public var name: LocalizedText {
        switch self {
        case .aangevraagd: LocalizedText(nl: "Aangevraagd", en: "Requested")
        case .goedgekeurd: LocalizedText(nl: "Goedgekeurd", en: "Approved")
        case .afgewezen: LocalizedText(nl: "Afgewezen", en: "Declined")
        case .ingetrokken: LocalizedText(nl: "Ingetrokken", en: "Withdrawn")
        case .besteed: LocalizedText(nl: "Besteed", en: "Spent")
        }
    }
}

/// What someone does with a spending request.
public enum SpendingStep: String, CaseIterable, Sendable {
    /// The griffie agrees (`goedkeuren`).
    case approve = "goedkeuren"
    /// The griffie says no, with a reason (`afwijzen`).
    case decline = "afwijzen"
    /// The member takes the request back while it waits (`intrekken`).
    case withdraw = "intrekken"
    /// The griffie records what the approved course cost (`besteed`).
    case recordSpent = "besteed"

    /// Whether the griffie takes this step; the member takes the others.
    public var isGriffie: Bool { self != .withdraw }
}

/// The only ways a spending request moves (ARCHITECTURE.md, convention 16).
public enum SpendingWorkflow {
    public static func next(_ step: SpendingStep, from status: SpendingStatus) throws(StoreFailure) -> SpendingStatus {
        switch (step, status) {
        case (.approve, .aangevraagd): return .goedgekeurd
        case (.decline, .aangevraagd): return .afgewezen
        case (.withdraw, .aangevraagd): return .ingetrokken
        case (.recordSpent, .goedgekeurd): return .besteed
        case (.recordSpent, _): throw StoreFailure.conflict("budget.error.approve_first")
        default: throw StoreFailure.conflict("budget.error.decided")
        }
    }
}

/// One member's money for one year: the budget, what waits for a decision, what is set aside and what is spent.
public struct BudgetLedger: Sendable, Equatable {
    public let budget: Int
    public let requested: Int
    public let approved: Int
    public let spent: Int

    /// What is not set aside or spent. Below zero only after a recorded override.
    public var left: Int { budget - approved - spent }
    /// What a member may still ask for: what is left, less what already waits for a decision.
    public var available: Int { max(0, left - requested) }

    public init(budget: Int, requested: Int = 0, approved: Int = 0, spent: Int = 0) {
        self.budget = budget
        self.requested = requested
        self.approved = approved
        self.spent = spent
    }

    /// The ledger from the year's requests: (status, amount asked, amount spent).
    public init(budget: Int, requests: [(status: SpendingStatus, amount: Int, spent: Int?)]) {
        var requested = 0
        var approved = 0
        var spent = 0
        for request in requests {
            switch request.status {
            case .aangevraagd: requested += request.amount
            case .goedgekeurd: approved += request.amount
            case .besteed: spent += request.spent ?? request.amount
            case .afgewezen, .ingetrokken: break
            }
        }
        self.init(budget: budget, requested: requested, approved: approved, spent: spent)
    }

    /// The ledger after a request moves: what changes is only where its amount counts.
    public func moving(_ amount: Int, from status: SpendingStatus, to next: SpendingStatus, spent paid: Int? = nil) -> BudgetLedger {
        var requested = self.requested
        var approved = self.approved
        var spent = self.spent
        switch status {
        case .aangevraagd: requested -= amount
        case .goedgekeurd: approved -= amount
        case .besteed, .afgewezen, .ingetrokken: break
        }
        switch next {
        case .aangevraagd: requested += amount
        case .goedgekeurd: approved += amount
        case .besteed: spent += paid ?? amount
        case .afgewezen, .ingetrokken: break
        }
        return BudgetLedger(budget: budget, requested: requested, approved: approved, spent: spent)
    }
}

/// A council member's request to spend education budget, as typed.
public struct SpendingRequestForm: Sendable {
    public static let fieldNames = ["what", "provider", "cost", "day", "why"]
    public static let maxWhat = 200
    public static let maxWhy = 2_000
    /// A request is for a course this year, the next, or one that just happened.
    public static let yearsAround = 1

    public let what: String
    public let provider: String
    public let cost: String
    public let day: String
    public let why: String

    public init(values: [String: String]) {
        what = values["what", default: ""].trimmingCharacters(in: .whitespacesAndNewlines)
        provider = values["provider", default: ""].trimmingCharacters(in: .whitespacesAndNewlines)
        cost = values["cost", default: ""].trimmingCharacters(in: .whitespaces)
        day = values["day", default: ""].trimmingCharacters(in: .whitespaces)
        why = values["why", default: ""].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The request, or every field's problem. `ledger` gives the member's ledger for the course's year, so an
    /// amount above what is still available is refused here, with the amount named.
    public func request(today: String, ledger: (Int) -> BudgetLedger) -> Result<SpendingRequest, StoreFailure> {
        var errors: [FieldError] = []
        if let error = Validate.required(what, field: "what", max: Self.maxWhat, message: "budget.error.what") { errors.append(error) }
        if let error = Validate.required(provider, field: "provider", max: Self.maxWhat, message: "budget.error.provider") {
            errors.append(error)
        }
        if let error = Validate.required(why, field: "why", max: Self.maxWhy, message: "budget.error.why") { errors.append(error) }
        let amount = Money.cents(cost)
        if cost.isEmpty {
            errors.append(FieldError(field: "cost", message: "budget.error.cost_required"))
        } else if amount == nil || amount == 0 {
            errors.append(FieldError(field: "cost", message: "budget.error.cost", money: Money.maxCents))
        }
        let year = Int(today.prefix(4)) ?? 0
        let parsed = Format.parseDay(day).map(Format.day)
        let courseYear = parsed.flatMap { Int($0.prefix(4)) }
        if day.isEmpty {
            errors.append(FieldError(field: "day", message: "budget.error.day_required"))
        } else if parsed == nil {
            errors.append(FieldError(field: "day", message: "budget.error.day"))
        } else if let courseYear, abs(courseYear - year) > Self.yearsAround {
            errors.append(FieldError(field: "day", message: "budget.error.day_year"))
        }
        if let amount, amount > 0, let courseYear, errors.isEmpty {
            let available = ledger(courseYear).available
            if amount > available {
                errors.append(
                    FieldError(field: "cost", message: "budget.error.above_available", argument: String(courseYear), money: available))
            }
        }
        guard errors.isEmpty, let amount, let parsed, let courseYear else { return .failure(.fields(errors)) }
        return .success(SpendingRequest(what: what, provider: provider, amount: amount, day: parsed, year: courseYear, why: why))
    }
}

/// A checked request: what, from whom, the amount in cents, the day (yyyy-MM-dd), its year, and why.
public struct SpendingRequest: Sendable, Equatable {
    public let what: String
    public let provider: String
    public let amount: Int
    public let day: String
    public let year: Int
    public let why: String
}

/// The griffie's decision on a request, as typed: a reason (required to decline), the amount paid (to record
/// spending), and an override with its reason for a balance that would go below zero.
public struct SpendingDecision: Sendable {
    public static let fieldNames = ["reason", "paid", "override", "overrideReason"]
    public static let maxReason = 1_000

    public let step: SpendingStep
    public let reason: String
    public let paid: String
    public let override: Bool
    public let overrideReason: String

    public init(step: SpendingStep, values: [String: String]) {
        self.step = step
        reason = values["reason", default: ""].trimmingCharacters(in: .whitespacesAndNewlines)
        paid = values["paid", default: ""].trimmingCharacters(in: .whitespaces)
        override = values["override"] == "ja"
        overrideReason = values["overrideReason", default: ""].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What the step changes, checked against the ledger of the request's year; every problem at once.
    public func check(amount: Int, status: SpendingStatus, ledger: BudgetLedger) -> Result<SpendingOutcome, StoreFailure> {
        let next: SpendingStatus
        do { next = try SpendingWorkflow.next(step, from: status) } catch { return .failure(error) }
        var errors: [FieldError] = []
        if step == .decline, let error = Validate.required(reason, field: "reason", max: Self.maxReason, message: "budget.error.reason") {
            errors.append(error)
        } else if let error = Validate.optional(reason, field: "reason", max: Self.maxReason) {
            errors.append(error)
        }
        var spent: Int?
        if step == .recordSpent {
            spent = Money.cents(paid)
            if spent == nil { errors.append(FieldError(field: "paid", message: "budget.error.cost", money: Money.maxCents)) }
        }
        let after = ledger.moving(amount, from: status, to: next, spent: spent)
        let needsOverride = after.left < 0 && after.left < ledger.left
        var overridden: String?
        if needsOverride && errors.isEmpty {
            if !override {
                errors.append(
                    FieldError(field: "override", message: "budget.error.below_zero", money: -after.left))
            } else if let error = Validate.required(
                overrideReason, field: "overrideReason", max: Self.maxReason, message: "budget.error.override_reason")
            {
                errors.append(error)
            } else {
                overridden = overrideReason
            }
        }
        guard errors.isEmpty else { return .failure(.fields(errors)) }
        return .success(SpendingOutcome(status: next, reason: reason.isEmpty ? nil : reason, spent: spent, overrideReason: overridden))
    }
}

/// What a decision writes: the new status, the reason given, the amount paid, and the override's reason when the
/// balance goes below zero.
public struct SpendingOutcome: Sendable, Equatable {
    public let status: SpendingStatus
    public let reason: String?
    public let spent: Int?
    public let overrideReason: String?

    public init(status: SpendingStatus, reason: String?, spent: Int?, overrideReason: String?) {
        self.status = status
        self.reason = reason
        self.spent = spent
        self.overrideReason = overrideReason
    }
}

/// The griffie's budget for one year: for the whole council, or for one member instead of it.
public enum BudgetSetting {
    /// A budget as typed, or the problem. It may not go below what a member already has set aside or spent that
    /// year (`committed`), since that would take the balance below zero.
    public static func amount(_ typed: String, committed: [(name: String, cents: Int)]) -> Result<Int, StoreFailure> {
        guard let cents = Money.cents(typed) else {
            return .failure(.fields([FieldError(field: "amount", message: "budget.error.cost", money: Money.maxCents)]))
        }
        if let member = committed.filter({ $0.cents > cents }).max(by: { $0.cents < $1.cents }) {
            return .failure(
                .fields([
                    FieldError(field: "amount", message: "budget.error.below_committed", argument: member.name, money: member.cents)
                ]))
        }
        return .success(cents)
    }
}
