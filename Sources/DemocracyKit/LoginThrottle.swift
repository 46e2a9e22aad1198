import Foundation

/// How many attempts are allowed before the platform asks a person to wait, over a sliding window. Counted per
/// account *and* address together (against guessing one person's password, without locking its owner out from
/// another network), per address (against trying many accounts) and per account from any address (against
/// guessing one password from many addresses, with a limit high enough that a stranger cannot lock the owner out
/// quickly).
public struct LoginThrottle: Sendable {
    public var maxFailuresPerAccountAndAddress: Int
    public var maxFailuresPerAddress: Int
    public var maxFailuresPerAccount: Int
    public var window: TimeInterval

    public static let standard = LoginThrottle(
        maxFailuresPerAccountAndAddress: 5, maxFailuresPerAddress: 20, maxFailuresPerAccount: 50, window: 15 * 60)

    public init(maxFailuresPerAccountAndAddress: Int, maxFailuresPerAddress: Int, maxFailuresPerAccount: Int, window: TimeInterval) {
        self.maxFailuresPerAccountAndAddress = maxFailuresPerAccountAndAddress
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.window = window
    }

    /// Whether an attempt must be refused, given the attempts counted inside the window, this one included.
    public func isBlocked(pairAttempts: Int, addressAttempts: Int, accountAttempts: Int) -> Bool {
        pairAttempts > maxFailuresPerAccountAndAddress || addressAttempts > maxFailuresPerAddress
            || accountAttempts > maxFailuresPerAccount
    }

    /// The start of the window that counts, for a given moment.
    public func windowStart(at now: Date) -> Date { now.addingTimeInterval(-window) }

    /// Whole minutes to wait, rounded up, for the message to the user.
    public var windowMinutes: Int { Int((window / 60).rounded(.up)) }
}
