import Foundation

/// How long the platform keeps what it no longer needs; `dia maintenance` removes what is older
/// (docs/security.md, "Retention"). Each period is set by an environment variable within a range, so a typing
/// error cannot erase everything at once.
public struct RetentionPolicy: Sendable, Equatable {
    /// The single answers and open answers of a closed scan, in months from the day it closed. The report stays:
    /// it is made of counts, not of anyone's answers.
    public var answersMonths: Int
    /// Email that was delivered or given up (it holds names and addresses), in days.
    public var mailDays: Int
    /// Sign-ups that were turned down (a name, an address, a motivation), in months from the decision.
    public var rejectedSignupMonths: Int
    /// The audit log, in months. Never less than a year: the database itself refuses to remove a younger entry.
    public var auditMonths: Int
    /// A burgerberaad's registrations (answers and contact details) and its letters, in months from choosing the
    /// panel, if its coordinator did not finish it sooner. The outcome's counts stay.
    public var lotteryMonths: Int
    /// A basisscan integriteit's whole file, in months from its closing (or, for a case never closed, from its last
    /// change). The audit log keeps that it existed and was destroyed.
    public var integrityMonths: Int
    /// A woningscan request that was carried out (its sealed address, phone and advice), in months from the visit's
    /// record; the requester has the advice by then.
    public var homeScanMonths: Int

    public init(
        answersMonths: Int = 24, mailDays: Int = 90, rejectedSignupMonths: Int = 12, auditMonths: Int = 24, lotteryMonths: Int = 12,
        integrityMonths: Int = 12, homeScanMonths: Int = 6
    ) {
        self.answersMonths = answersMonths
        self.mailDays = mailDays
        self.rejectedSignupMonths = rejectedSignupMonths
        self.auditMonths = auditMonths
        self.lotteryMonths = lotteryMonths
        self.integrityMonths = integrityMonths
        self.homeScanMonths = homeScanMonths
    }

    public static let standard = RetentionPolicy()

    /// The youngest audit entry the database lets go, in days (the trigger on `audit_events` holds the same number).
    public static let auditFloorDays = 366

    /// One period: its variable, the range it may take, and where it goes.
    public struct Setting: Sendable {
        public let variable: String
        public let unit: String
        public let range: ClosedRange<Int>
        public let keyPath: WritableKeyPath<RetentionPolicy, Int> & Sendable
    }

    public static let settings: [Setting] = [
        Setting(variable: "DIA_RETENTION_ANSWERS_MONTHS", unit: "months", range: 1...120, keyPath: \.answersMonths),
        Setting(variable: "DIA_RETENTION_MAIL_DAYS", unit: "days", range: 7...3_650, keyPath: \.mailDays),
        Setting(variable: "DIA_RETENTION_REJECTED_SIGNUPS_MONTHS", unit: "months", range: 1...120, keyPath: \.rejectedSignupMonths),
        Setting(variable: "DIA_RETENTION_AUDIT_MONTHS", unit: "months", range: 13...240, keyPath: \.auditMonths),
        Setting(variable: "DIA_RETENTION_LOTTERY_MONTHS", unit: "months", range: 1...60, keyPath: \.lotteryMonths),
        Setting(variable: "DIA_RETENTION_INTEGRITY_MONTHS", unit: "months", range: 1...120, keyPath: \.integrityMonths),
        Setting(variable: "DIA_RETENTION_HOMESCAN_MONTHS", unit: "months", range: 1...60, keyPath: \.homeScanMonths),
    ]

    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public let variable: String
        public let reason: String
        public var description: String { "\(variable) \(reason)" }
    }

    /// The policy the environment sets; an absent or empty variable keeps the standard period.
    public static func read(_ environment: [String: String]) throws(Invalid) -> RetentionPolicy {
        var policy = RetentionPolicy.standard
        for setting in settings {
            guard let raw = environment[setting.variable]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { continue }
            guard let value = Int(raw), setting.range.contains(value) else {
                throw Invalid(
                    variable: setting.variable,
                    reason: "must be a whole number of \(setting.unit) from \(setting.range.lowerBound) to \(setting.range.upperBound)")
            }
            policy[keyPath: setting.keyPath] = value
        }
        return policy
    }

    /// The day a basisscan file closed at this moment is destroyed.
    public func integrityKeptUntil(closedAt: Date) -> Date {
        Format.dutchCalendar.date(byAdding: .month, value: integrityMonths, to: closedAt) ?? closedAt
    }

    /// The moments before which each kind of data goes, seen from `now`.
    public struct Cutoffs: Sendable, Equatable {
        /// Scans that closed before this day (yyyy-MM-dd, Dutch time) lose their single answers.
        public let answersClosedBefore: String
        public let mailBefore: Date
        public let rejectedSignupsBefore: Date
        public let auditBefore: Date
        /// Panels chosen before this moment are finished: their registrations and letters go.
        public let lotterySelectedBefore: Date
        /// Basisscan files closed (or last changed, if never closed) before this moment are destroyed.
        public let integrityBefore: Date
        /// Woningscan requests carried out before this moment are removed.
        public let homeScanDoneBefore: Date
    }

    public func cutoffs(now: Date) -> Cutoffs {
        let calendar = Format.dutchCalendar
        func monthsAgo(_ months: Int) -> Date { calendar.date(byAdding: .month, value: -months, to: now) ?? now }
        return Cutoffs(
            answersClosedBefore: Format.day(monthsAgo(answersMonths)),
            mailBefore: now.addingTimeInterval(-Double(mailDays) * 86_400),
            rejectedSignupsBefore: monthsAgo(rejectedSignupMonths),
            auditBefore: min(monthsAgo(auditMonths), now.addingTimeInterval(-Double(Self.auditFloorDays) * 86_400)),
            lotterySelectedBefore: monthsAgo(lotteryMonths), integrityBefore: monthsAgo(integrityMonths),
            homeScanDoneBefore: monthsAgo(homeScanMonths))
    }
}
