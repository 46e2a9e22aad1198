import Foundation

/// The one source of the current time. The app reads it from its configuration, so a test can set the moment;
/// nothing else asks the system for the time.
public struct Clock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    public static let system = Clock { Date() }

    /// Always the same moment, for tests and reproducible seeds.
    public static func fixed(_ moment: Date) -> Clock {
        Clock { moment }
    }

    public func now() -> Date { read() }

    /// Today in the Netherlands as yyyy-MM-dd.
    public var today: String { Format.day(read()) }
}
