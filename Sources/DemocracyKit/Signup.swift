import Foundation

/// The function of the person who signs a municipality up.
public enum ContactFunction: String, CaseIterable, Codable, Sendable {
    case griffier, raadslid, wethouder, burgemeester, gemeentesecretaris, ambtenaar, anders

    public var name: LocalizedText {
        switch self {
        case .griffier: LocalizedText(nl: "Griffier", en: "Council clerk (griffier)")
        case .raadslid: LocalizedText(nl: "Raadslid", en: "Council member")
        case .wethouder: LocalizedText(nl: "Wethouder", en: "Alderman")
        case .burgemeester: LocalizedText(nl: "Burgemeester", en: "Mayor")
        case .gemeentesecretaris: LocalizedText(nl: "Gemeentesecretaris", en: "Municipal secretary")
        case .ambtenaar: LocalizedText(nl: "Ambtenaar", en: "Civil servant")
        case .anders: LocalizedText(nl: "Anders", en: "Other")
        }
    }
}

/// Where a sign-up stands. Staff accept or reject a submitted sign-up; nothing else moves.
public enum SignupStatus: String, CaseIterable, Codable, Sendable {
    case submitted, accepted, rejected

    public func canMove(to next: SignupStatus) -> Bool {
        self == .submitted && next != .submitted
    }

    public var name: LocalizedText {
        switch self {
        case .submitted: LocalizedText(nl: "Ingediend", en: "Submitted")
        case .accepted: LocalizedText(nl: "Geaccepteerd", en: "Accepted")
        case .rejected: LocalizedText(nl: "Afgewezen", en: "Rejected")
        }
    }
}

/// What a municipality fills in on "Doe mee", before it is checked.
public struct SignupForm: Sendable, Equatable {
    public var municipalityCode: String
    public var contactName: String
    public var contactFunction: String
    public var email: String
    public var phone: String
    public var motivation: String
    public var acceptsTerms: Bool

    public static let maxPhoneLength = 30
    public static let maxMotivationLength = 2000

    public init(
        municipalityCode: String = "", contactName: String = "", contactFunction: String = "", email: String = "",
        phone: String = "", motivation: String = "", acceptsTerms: Bool = false
    ) {
        self.municipalityCode = municipalityCode
        self.contactName = contactName
        self.contactFunction = contactFunction
        self.email = email
        self.phone = phone
        self.motivation = motivation
        self.acceptsTerms = acceptsTerms
    }

    /// Checks the form. `municipalityStanding` tells whether the chosen municipality exists and whether it
    /// already participates. A sign-up that is still waiting does not block another: someone could have signed up
    /// a municipality that is not theirs, and the real griffier must still get through (staff see both).
    public func validate(municipalityStanding: MunicipalityStanding) -> [FieldError] {
        var errors: [FieldError] = []
        switch municipalityStanding {
        case .unknown:
            errors.append(
                FieldError(
                    field: "municipalityCode",
                    message: municipalityCode.isEmpty ? "error.municipality_required" : "error.municipality_unknown"))
        case .alreadyParticipating:
            errors.append(FieldError(field: "municipalityCode", message: "error.municipality_participates"))
        case .signupPending, .available:
            break
        }
        if let error = Validate.required(contactName, field: "contactName", max: Validate.maxNameLength, message: "error.name_required") {
            errors.append(error)
        }
        if ContactFunction(rawValue: contactFunction) == nil {
            errors.append(FieldError(field: "contactFunction", message: "error.choose_function"))
        }
        if let error = Validate.email(email) { errors.append(error) }
        if let error = Validate.optional(phone, field: "phone", max: Self.maxPhoneLength) { errors.append(error) }
        if let error = Validate.optional(motivation, field: "motivation", max: Self.maxMotivationLength) { errors.append(error) }
        if !acceptsTerms { errors.append(FieldError(field: "acceptsTerms", message: "error.accept_terms")) }
        return errors
    }
}

public enum MunicipalityStanding: Sendable, Equatable {
    case unknown, available, signupPending, alreadyParticipating
}
