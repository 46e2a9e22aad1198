import Foundation

/// What is wrong with one field of a form. The message is a key into the interface strings, so the same rule
/// reads well in Dutch and in English; `limit` fills in a number where the message names one.
public struct FieldError: Error, Sendable, Equatable {
    public let field: String
    public let message: String
    public let limit: Int?
    /// Text the message names instead of a number, such as the task a rule excludes.
    public let argument: String?
    /// An amount in cents the message names after `argument`, written in the reader's language ("€ 1.250").
    public let money: Int?

    public init(field: String, message: String, limit: Int? = nil, argument: String? = nil, money: Int? = nil) {
        self.field = field
        self.message = message
        self.limit = limit
        self.argument = argument
        self.money = money
    }
}

/// Checks shared by every form. Each returns the error for the field, or nil when the value is fine.
public enum Validate {
    public static let maxNameLength = 120
    public static let maxEmailLength = 254
    public static let minPasswordLength = 10
    /// Bcrypt reads at most 72 bytes; a longer password would be cut off without the user knowing.
    public static let maxPasswordBytes = 72

    /// `message` names what is missing ("Vul uw naam in."), so the error summary reads well on its own.
    public static func required(_ value: String, field: String, max: Int, message: String = "error.required") -> FieldError? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return FieldError(field: field, message: message) }
        if trimmed.count > max { return FieldError(field: field, message: "error.too_long", limit: max) }
        return nil
    }

    public static func optional(_ value: String, field: String, max: Int) -> FieldError? {
        value.trimmingCharacters(in: .whitespacesAndNewlines).count > max
            ? FieldError(field: field, message: "error.too_long", limit: max) : nil
    }

    public static func email(_ value: String, field: String = "email") -> FieldError? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return FieldError(field: field, message: "error.email_required") }
        if trimmed.count > maxEmailLength { return FieldError(field: field, message: "error.too_long", limit: maxEmailLength) }
        return isEmail(trimmed) ? nil : FieldError(field: field, message: "error.email_invalid")
    }

    /// A pragmatic check: one @, before it letters, digits and the few signs addresses use, after it a domain of
    /// at least two labels of letters, digits and hyphens. Nothing that could end an address in a mail's envelope
    /// or header (`<`, `>`, quotes, commas, spaces, line breaks).
    public static func isEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let localSigns = Set("!#$%&'*+/=?^_`{|}~.-")
        guard parts[0].allSatisfy({ $0.isLetter || $0.isNumber || localSigns.contains($0) }) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2
            && labels.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
    }

    /// A new password: long enough, not too long for bcrypt, not on the list of common passwords (lower case),
    /// and typed the same twice.
    public static func newPassword(
        _ password: String, confirmation: String, field: String = "password", common: Set<String> = []
    ) -> [FieldError] {
        var errors: [FieldError] = []
        if password.count < minPasswordLength {
            errors.append(FieldError(field: field, message: "error.password_short", limit: minPasswordLength))
        } else if password.utf8.count > maxPasswordBytes {
            errors.append(FieldError(field: field, message: "error.password_long", limit: maxPasswordBytes))
        } else if common.contains(password.lowercased()) {
            errors.append(FieldError(field: field, message: "error.password_common"))
        }
        if password != confirmation {
            errors.append(FieldError(field: "\(field)Confirmation", message: "error.password_mismatch"))
        }
        return errors
    }

    /// The list of common passwords as shipped: one per line, `#` starts a comment.
    public static func commonPasswords(fromList text: String) -> Set<String> {
        Set(
            text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }

    /// A whole number typed or sent in a request (a path, a query or a form), within `range`; nil for anything
    /// else: not a number, or outside the range, so no arithmetic is ever done on a number nobody checked.
    /// Longer text is refused before it is parsed.
    public static func number(_ raw: String?, in range: ClosedRange<Int>) -> Int? {
        guard let trimmed = raw?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty, trimmed.utf8.count <= 12,
            let value = Int(trimmed), range.contains(value)
        else { return nil }
        return value
    }

    /// Page numbers of lists: what a link can ask for; a page past the end shows the last one.
    public static let pageNumbers = 1...100_000

    /// Emails are compared without case and surrounding spaces.
    public static func normalizedEmail(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
