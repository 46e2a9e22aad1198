import Logging
import Vapor

/// Keeps what people typed out of the logs. Fluent logs every query at debug with its values (`input`,
/// `filters`), and the SQL drivers log statements with their `binds`: with `LOG_LEVEL=debug` a respondent's draft
/// or a password hash would land in the log. This handler passes every record on, but replaces those values with
/// a count, so a query still shows what it did and on which table.
public struct RedactingLogHandler: LogHandler {
    private var wrapped: any LogHandler
    static let valueKeys: Set<String> = ["input", "filters", "binds"]

    public init(_ wrapped: any LogHandler) {
        self.wrapped = wrapped
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt
    ) {
        var kept = metadata
        for key in Self.valueKeys {
            guard let value = kept?[key] else { continue }
            let count = if case .array(let items) = value { items.count } else { 1 }
            kept?[key] = .string("(\(count) hidden)")
        }
        wrapped.log(level: level, message: message, metadata: kept, source: source, file: file, function: function, line: line)
    }

    /// Vapor's console logging, with every record redacted: what `dia` starts with.
    public static func bootstrap(from environment: inout Environment) throws {
        try LoggingSystem.bootstrap(from: &environment) { level in
            let console = Terminal()
            return { label in RedactingLogHandler(ConsoleLogger(label: label, console: console, level: level)) }
        }
    }
}
