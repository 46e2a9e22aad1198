import Foundation

/// Where a burgerberaad's lottery stands (docs/lottery.md). Each step fixes what came before it: once the seed is
/// published the address file cannot change, and once letters are drawn neither can the seed.
public enum LotteryStatus: String, CaseIterable, Codable, Sendable {
    /// The address file may be uploaded and replaced.
    case concept
    /// The seed is published; file and seed are fixed, the draw may run.
    case startgetal
    /// The letters are drawn; invitees register with their code.
    case uitgenodigd
    /// Registration is closed; the panel is chosen next.
    case aanmeldingGesloten = "aanmelding-gesloten"
    /// The panel is chosen.
    case gekozen
    /// The assembly is over: the volunteers' answers and contact details and the letters are erased; the counts
    /// and chances of the outcome remain for the public account.
    case afgerond

    public var name: LocalizedText {
        switch self {
        case .concept: LocalizedText(nl: "Adressen klaarzetten", en: "Preparing addresses")
        case .startgetal: LocalizedText(nl: "Startgetal bekendgemaakt", en: "Seed published")
        case .uitgenodigd: LocalizedText(nl: "Brieven getrokken, aanmelden kan", en: "Letters drawn, registration open")
        case .aanmeldingGesloten: LocalizedText(nl: "Aanmelden gesloten", en: "Registration closed")
        case .gekozen: LocalizedText(nl: "Burgerberaad gekozen", en: "Assembly chosen")
        case .afgerond: LocalizedText(nl: "Afgerond, persoonsgegevens gewist", en: "Finished, personal data erased")
        }
    }
}

/// What a person asks of a lottery.
public enum LotteryStep: Sendable, Equatable {
    case uploadAddresses
    case publishSeed
    case draw
    case register
    case closeRegistration
    case select
    case finish
}

/// The lottery's steps as a pure state machine: the next status, or the key of why not.
public enum LotteryWorkflow {
    public static func next(_ step: LotteryStep, from status: LotteryStatus, hasAddresses: Bool) throws(StoreFailure) -> LotteryStatus {
        switch (step, status) {
        case (.uploadAddresses, .concept): return .concept
        case (.uploadAddresses, _): throw StoreFailure.conflict("lottery.error_file_fixed")
        case (.publishSeed, .concept):
            guard hasAddresses else { throw StoreFailure.conflict("lottery.error_addresses_first") }
            return .startgetal
        case (.publishSeed, _): throw StoreFailure.conflict("lottery.error_seed_fixed")
        case (.draw, .startgetal): return .uitgenodigd
        case (.draw, .concept): throw StoreFailure.conflict("lottery.error_seed_first")
        case (.draw, _): throw StoreFailure.conflict("lottery.error_already_drawn")
        case (.register, .uitgenodigd): return .uitgenodigd
        case (.register, _): throw StoreFailure.conflict("lottery.error_registration_closed")
        case (.closeRegistration, .uitgenodigd): return .aanmeldingGesloten
        case (.closeRegistration, _): throw StoreFailure.conflict("lottery.error_registration_closed")
        case (.select, .aanmeldingGesloten): return .gekozen
        case (.select, .gekozen), (.select, .afgerond): throw StoreFailure.conflict("lottery.error_already_selected")
        case (.select, _): throw StoreFailure.conflict("lottery.error_close_first")
        case (.finish, .gekozen): return .afgerond
        case (.finish, .afgerond): throw StoreFailure.conflict("lottery.error_already_finished")
        case (.finish, _): throw StoreFailure.conflict("lottery.error_select_first")
        }
    }
}

/// A question the registration asks, with its answers: the four a burgerberaad is balanced on.
public struct LotteryCriterion: Sendable, Equatable {
    public struct Value: Sendable, Equatable {
        public let id: String
        public let name: LocalizedText
    }

    public let id: String
    public let name: LocalizedText
    public let values: [Value]
}

public enum LotteryCriteria {
    public static let maxAreas = 30
    public static let maxAreaLength = 60

    /// Age band, gender, area and education, as CBS groups them for a municipality's figures.
    public static func standard(areas: [String]) -> [LotteryCriterion] {
        [
            LotteryCriterion(
                id: "leeftijd", name: LocalizedText(nl: "Leeftijd", en: "Age"),
                values: [
                    .init(id: "16-24", name: LocalizedText(nl: "16 tot 25 jaar", en: "16 to 24")),
                    .init(id: "25-44", name: LocalizedText(nl: "25 tot 45 jaar", en: "25 to 44")),
                    .init(id: "45-64", name: LocalizedText(nl: "45 tot 65 jaar", en: "45 to 64")),
                    .init(id: "65+", name: LocalizedText(nl: "65 jaar of ouder", en: "65 or older")),
                ]),
            LotteryCriterion(
                id: "geslacht", name: LocalizedText(nl: "Geslacht", en: "Gender"),
                values: [
                    .init(id: "vrouw", name: LocalizedText(nl: "Vrouw", en: "Woman")),
                    .init(id: "man", name: LocalizedText(nl: "Man", en: "Man")),
                    .init(id: "anders", name: LocalizedText(nl: "Anders, of zeg ik liever niet", en: "Other, or I prefer not to say")),
                ]),
            LotteryCriterion(
                id: "wijk", name: LocalizedText(nl: "Wijk of dorp", en: "Area"),
                values: areas.enumerated().map { .init(id: "w\($0.offset + 1)", name: LocalizedText(nl: $0.element, en: $0.element)) }),
            LotteryCriterion(
                id: "opleiding", name: LocalizedText(nl: "Hoogste opleiding die u hebt afgemaakt", en: "Highest education you completed"),
                values: [
                    .init(id: "laag", name: LocalizedText(nl: "Basisschool, vmbo of mbo 1", en: "Primary school, vmbo or mbo level 1")),
                    .init(id: "middelbaar", name: LocalizedText(nl: "Havo, vwo of mbo 2, 3 of 4", en: "Havo, vwo or mbo level 2 to 4")),
                    .init(id: "hoog", name: LocalizedText(nl: "Hbo of universiteit", en: "Higher professional education or university")),
                ]),
        ]
    }

    /// The areas as the municipality types them: one a line, at least two, each once.
    public static func areas(from text: String, field: String = "areas") throws(StoreFailure) -> [String] {
        var areas: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let area = line.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard !area.isEmpty else { continue }
            if area.count > maxAreaLength {
                throw .fields([FieldError(field: field, message: "lottery.error_area_too_long", limit: maxAreaLength)])
            }
            if areas.contains(where: { $0.lowercased() == area.lowercased() }) {
                throw .fields([FieldError(field: field, message: "lottery.error_area_twice", argument: area)])
            }
            areas.append(area)
        }
        if areas.count < 2 { throw .fields([FieldError(field: field, message: "lottery.error_areas_required")]) }
        if areas.count > maxAreas { throw .fields([FieldError(field: field, message: "lottery.error_too_many_areas", limit: maxAreas)]) }
        return areas
    }
}

/// What an invitee sends to register: the code from the letter, an answer to each criterion, and how to reach
/// them if they are chosen.
public struct LotteryRegistration: Sendable, Equatable {
    public let code: String
    public let features: [String: String]
    public let name: String
    public let email: String
    public let phone: String

    public static let maxPhoneLength = 20

    public init(code: String, features: [String: String], name: String, email: String, phone: String) {
        self.code = code
        self.features = features
        self.name = name
        self.email = email
        self.phone = phone
    }

    /// Reads the form; every wrong field gets its own message, in the order of the form.
    public static func read(_ values: [String: String], criteria: [LotteryCriterion]) throws(StoreFailure) -> LotteryRegistration {
        var errors: [FieldError] = []
        let rawCode = values["code"] ?? ""
        let code = RegistrationCode.normalize(rawCode)
        if rawCode.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(field: "code", message: "lottery.error_code_required"))
        } else if code == nil {
            errors.append(FieldError(field: "code", message: "lottery.error_code_format"))
        }
        var features: [String: String] = [:]
        for criterion in criteria {
            let answer = values[criterion.id] ?? ""
            if criterion.values.contains(where: { $0.id == answer }) {
                features[criterion.id] = answer
            } else {
                errors.append(FieldError(field: criterion.id, message: choiceMessage(criterion.id)))
            }
        }
        let name = (values["name"] ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if let error = Validate.required(name, field: "name", max: Validate.maxNameLength, message: "lottery.error_name_required") {
            errors.append(error)
        }
        let email = (values["email"] ?? "").trimmingCharacters(in: .whitespaces)
        let phone = (values["phone"] ?? "").trimmingCharacters(in: .whitespaces)
        if email.isEmpty && phone.isEmpty {
            errors.append(FieldError(field: "email", message: "lottery.error_contact_required"))
        }
        if !email.isEmpty, let error = Validate.email(email) { errors.append(error) }
        let digits = phone.filter(\.isNumber)
        if !phone.isEmpty
            && (phone.count > maxPhoneLength || digits.count < 10 || !phone.allSatisfy({ $0.isNumber || " +-()".contains($0) }))
        {
            errors.append(FieldError(field: "phone", message: "lottery.error_phone"))
        }
        guard errors.isEmpty, let code else { throw .fields(errors) }
        return LotteryRegistration(code: code, features: features, name: name, email: email, phone: phone)
    }

    static func choiceMessage(_ criterion: String) -> String {
        switch criterion {
        case "leeftijd": return "lottery.error_choose_age"
        case "geslacht": return "lottery.error_choose_gender"
        case "wijk": return "lottery.error_choose_area"
        default: return "lottery.error_choose_education"
        }
    }
}

/// What the coordinator sends to choose the panel: its size, the population's share per value (CBS figures, in
/// percent), and the selection's own seed, announced beforehand like the first.
public struct LotterySelectionForm: Sendable, Equatable {
    public let panelSize: Int
    public let quotas: Quotas
    public let seed: String
    public let announced: String

    public static let maxAnnouncementLength = 300

    /// The form field of one value's share.
    public static func shareField(_ criterion: String, _ value: String) -> String { "share-\(criterion)-\(value)" }

    public static func read(_ values: [String: String], criteria: [LotteryCriterion], volunteers: Int, language: Language)
        throws(StoreFailure)
        -> LotterySelectionForm
    {
        var errors: [FieldError] = []
        let maximum = min(Quotas.maxPanelSize, volunteers)
        let panelSize = Validate.number(values["panel"], in: 2...max(2, maximum))
        if panelSize == nil || volunteers < 2 {
            errors.append(FieldError(field: "panel", message: "lottery.error_panel_size", limit: maximum))
        }
        var shares: [(id: String, name: String, shares: [(id: String, name: String, percent: Double)])] = []
        for criterion in criteria {
            var row: [(id: String, name: String, percent: Double)] = []
            for value in criterion.values {
                let field = shareField(criterion.id, value.id)
                let text = (values[field] ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
                guard text.count <= 8, let percent = Double(text), percent.isFinite, (0...100).contains(percent) else {
                    errors.append(FieldError(field: field, message: "lottery.error_share", argument: value.name(language)))
                    continue
                }
                row.append((value.id, value.name(language), percent))
            }
            if row.count == criterion.values.count && row.reduce(0, { $0 + $1.percent }) <= 0 {
                errors.append(
                    FieldError(
                        field: shareField(criterion.id, criterion.values[0].id), message: "lottery.error_shares_empty",
                        argument: criterion.name(language)))
            }
            shares.append((criterion.id, criterion.name(language), row))
        }
        var seed = ""
        do { seed = try LotterySeed.read(values["selectionSeed"] ?? "", field: "selectionSeed") } catch StoreFailure.fields(let more) {
            errors += more
        } catch {
            errors.append(FieldError(field: "selectionSeed", message: "lottery.error_seed_required"))
        }
        let announced = (values["selectionAnnounced"] ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if let error = Validate.required(
            announced, field: "selectionAnnounced", max: maxAnnouncementLength, message: "lottery.error_announced_required")
        {
            errors.append(error)
        }
        guard errors.isEmpty, let panelSize else { throw .fields(errors) }
        return LotterySelectionForm(
            panelSize: panelSize, quotas: Quotas.fromShares(panelSize: panelSize, criteria: shares), seed: seed, announced: announced)
    }
}

/// A chosen panel as the lottery keeps it: what the audit page shows, with no one named.
public struct LotteryOutcome: Sendable, Equatable, Codable {
    public let quotas: Quotas
    /// Whether the quotas are the nearest ones the pool could meet rather than those asked.
    public let nearest: Bool
    public let seed: String
    public let announced: String
    public let selectedAt: Date
    public let method: SelectionMethod
    public let runs: Int
    public let failedRuns: Int
    public let volunteers: Int
    /// Per criterion and value: volunteers in the pool, and members on the panel.
    public let pool: [String: [String: Int]]
    public let panel: [String: [String: Int]]
    /// Every volunteer's chance, sorted, rounded to four decimals.
    public let chances: [Double]
    public let legacyMinimum: Double
    public let upperBound: Double

    public init(
        quotas: Quotas, nearest: Bool, seed: String, announced: String, selectedAt: Date, selection: PanelSelection,
        volunteers: [Volunteer],
        legacyMinimum: Double
    ) {
        self.quotas = quotas
        self.nearest = nearest
        self.seed = seed
        self.announced = announced
        self.selectedAt = selectedAt
        method = selection.method
        runs = selection.runs
        failedRuns = selection.failedRuns
        self.volunteers = volunteers.count
        var pool: [String: [String: Int]] = [:]
        for volunteer in volunteers {
            for (criterion, value) in volunteer.features { pool[criterion, default: [:]][value, default: 0] += 1 }
        }
        self.pool = pool
        panel = selection.counts(in: volunteers)
        chances = selection.probabilities.values.map { ($0 * 10_000).rounded() / 10_000 }.sorted()
        self.legacyMinimum = (legacyMinimum * 10_000).rounded() / 10_000
        upperBound = (selection.upperBound * 10_000).rounded() / 10_000
    }

    public var minimum: Double { chances.first ?? 0 }
    public var median: Double { chances.isEmpty ? 0 : chances[chances.count / 2] }
    public var maximum: Double { chances.last ?? 0 }
}
