import DemocracyKit
import Vapor

/// One form field as the field partials in `Resources/Views/form/` render it: a visible label, an optional
/// hint, the error above the input and linked to it, and the value the user typed, kept after an error.
struct FormField: Encodable {
    let name: String
    let id: String
    let label: String
    let hint: String?
    let error: String?
    let value: String
    let type: String
    let autocomplete: String?
    let optional: Bool
    let optionalLabel: String
    let options: [Option]
    let checked: Bool

    struct Option: Encodable {
        let value: String
        let label: String
        let selected: Bool
        /// Position in the list, for the ids of radios and checkboxes.
        var index: Int = 0
    }

    /// The ids that `aria-describedby` names: the hint and the error, when present.
    var describedBy: String? {
        let ids = [hint == nil ? nil : "\(id)-hint", error == nil ? nil : "\(id)-error"].compactMap { $0 }
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }

    enum CodingKeys: String, CodingKey {
        case name, id, label, hint, error, value, type, autocomplete, optional, optionalLabel, options, checked, describedBy
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(id, forKey: .id)
        try container.encode(label, forKey: .label)
        try container.encodeIfPresent(hint, forKey: .hint)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encode(value, forKey: .value)
        try container.encode(type, forKey: .type)
        try container.encodeIfPresent(autocomplete, forKey: .autocomplete)
        try container.encode(optional, forKey: .optional)
        try container.encode(optionalLabel, forKey: .optionalLabel)
        try container.encode(options, forKey: .options)
        try container.encode(checked, forKey: .checked)
        try container.encodeIfPresent(describedBy, forKey: .describedBy)
    }
}

/// One line of a page's facts (a `dl`): what it is, and its value.
struct Fact: Encodable {
    let label: String
    let value: String
}

/// The error summary at the top of a form: one link per error, to its field.
struct ErrorSummaryItem: Encodable {
    let fieldID: String
    let message: String
}

/// The state of a submitted (or empty) form: what the user typed and what is wrong with it.
struct FormState {
    let request: Request
    var values: [String: String]
    var errors: [FieldError]

    init(_ request: Request, values: [String: String] = [:], errors: [FieldError] = []) {
        self.request = request
        self.values = values
        self.errors = errors
    }

    var hasErrors: Bool { !errors.isEmpty }

    /// Nil when there is nothing to report, so templates can test it with `#if`.
    var summary: [ErrorSummaryItem]? {
        guard hasErrors else { return nil }
        return errors.map { ErrorSummaryItem(fieldID: "veld-\($0.field)", message: request.message(for: $0)) }
    }

    /// A field of any type; for checkboxes the value holds the chosen options' values, comma-separated.
    func field(
        _ name: String, type: String = "text", label: String, hint: String? = nil,
        autocomplete: String? = nil, optional: Bool = false,
        options: [(value: String, label: String)] = []
    ) -> FormField {
        let value = values[name] ?? ""
        let chosen: Set<String> = type == "checkboxes" ? Set(value.split(separator: ",").map(String.init)) : [value]
        return FormField(
            name: name,
            id: "veld-\(name)",
            label: label,
            hint: hint,
            error: errors.first { $0.field == name }.map { request.message(for: $0) },
            // A date field shows only a real date: a browser never sends anything else, and HTML allows nothing else.
            value: type == "password" || (type == "date" && !value.isEmpty && Format.parseDay(value) == nil) ? "" : value,
            type: type,
            autocomplete: autocomplete,
            optional: optional,
            optionalLabel: request.t("form.optional"),
            options: options.enumerated().map {
                FormField.Option(value: $1.value, label: $1.label, selected: chosen.contains($1.value), index: $0)
            },
            checked: type == "checkbox" && ["on", "true", "1", "ja"].contains(value)
        )
    }
}

extension Request {
    /// The submitted form as plain strings, whatever was sent: unknown or missing fields never fail here,
    /// so the page can come back with the user's input and a message instead of an error.
    func formValues(_ names: [String], lists: [String] = []) -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            values[name] = (try? content.get(String.self, at: name)) ?? ""
        }
        for name in lists {
            values[name] = formList(name).joined(separator: ",")
        }
        return values
    }

    /// The values of checkboxes sent as `name[]`.
    func formList(_ name: String) -> [String] {
        (try? content.get([String].self, at: name)) ?? []
    }
}
