/// The two interface languages. Dutch is the default: the platform serves Dutch government.
public enum Language: String, CaseIterable, Codable, Sendable {
    case nl
    case en

    /// A language from a user's choice, such as `?lang=en`; nil for anything unknown.
    public init?(code: String?) {
        guard let code = code?.lowercased().prefix(2), let language = Language(rawValue: String(code)) else {
            return nil
        }
        self = language
    }
}

/// A text in both interface languages.
public struct LocalizedText: Codable, Sendable, Equatable {
    public let nl: String
    public let en: String

    public init(nl: String, en: String) {
        self.nl = nl
        self.en = en
    }

    public func callAsFunction(_ language: Language) -> String {
        switch language {
        case .nl: nl
        case .en: en
        }
    }
}
