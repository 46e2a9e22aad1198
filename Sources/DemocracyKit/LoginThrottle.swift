import Foundation

/// How many failed logins are allowed before the platform asks a person to wait. Counted per account (against
/// guessing one person's password) and per address (against trying many accounts), over a sliding window.
public struct LoginThrottle: Sendable {
    public var maxFailuresPerAccount: Int
    public var maxFailuresPerAddress: Int
    public var window: TimeInterval

    public static let standard = LoginThrottle(maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, window: 15 * 60)

    public init(maxFailuresPerAccount: Int, maxFailuresPerAddress: Int, window: TimeInterval) {
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.window = window
    }

    /// Whether a new attempt must be refused, given the failures counted inside the window.
    public func isBlocked(accountFailures: Int, addressFailures: Int) -> Bool {
        accountFailures >= maxFailuresPerAccount || addressFailures >= maxFailuresPerAddress
    }

    /// The start of the window that counts, for a given moment.
    public func windowStart(at now: Date) -> Date { now.addingTimeInterval(-window) }

    /// Whole minutes to wait, rounded up, for the message to the user.
    public var windowMinutes: Int { Int((window / 60).rounded(.up)) }
}
