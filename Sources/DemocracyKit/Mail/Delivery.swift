import Foundation

/// Where a message in the outbox stands.
public enum DeliveryStatus: String, Codable, Sendable, CaseIterable {
    /// Not sent yet: waiting for its first attempt, or for the next one after a failure.
    case waiting
    case sent
    /// Given up: refused for good by the mail server, or still failing a day after it was written.
    case failed
}

/// When the outbox tries a message again. Pure, so the schedule is tested without a clock or a mail server.
public enum DeliveryPolicy {
    /// A message that could not be delivered for this long is marked failed.
    public static let giveUpAfter: TimeInterval = 24 * 3600
    /// The first retry waits this long; each next one twice as long, up to `longestWait`.
    public static let firstWait: TimeInterval = 60
    public static let longestWait: TimeInterval = 3600
    /// How long a claimed message belongs to the instance that claimed it. An instance that stops mid-delivery
    /// leaves the message to another after this.
    public static let claimLease: TimeInterval = 5 * 60

    public enum Outcome: Equatable, Sendable {
        case retry(at: Date)
        case failed
    }

    /// What follows a failed attempt. `attempts` counts the attempt that just failed; `permanent` is a refusal
    /// that no retry will change (a 5xx reply such as an unknown recipient).
    public static func afterFailure(attempts: Int, writtenAt: Date, now: Date, permanent: Bool) -> Outcome {
        guard !permanent else { return .failed }
        let exponent = min(max(attempts - 1, 0), 16)
        let wait = min(firstWait * Double(1 << exponent), longestWait)
        let next = now.addingTimeInterval(wait)
        return next.timeIntervalSince(writtenAt) > giveUpAfter ? .failed : .retry(at: next)
    }
}
