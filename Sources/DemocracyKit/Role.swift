/// The roles a person can hold on the platform (docs/product.md, "Who uses it").
/// Respondents and inhabitants have no account, so they are not roles here.
public enum Role: String, CaseIterable, Codable, Sendable {
    /// The programme's service desk (servicepunt): sees every municipality.
    case programma
    /// An external guide assigned to a municipality.
    case begeleider
    /// The coordinator of a municipality, usually the griffier.
    case trekker
    /// A member of the municipal council.
    case raadslid

    /// Whether the role is held for one municipality, rather than for the whole programme.
    public var isMunicipal: Bool { self != .programma }

    public var name: LocalizedText {
        switch self {
        case .programma: LocalizedText(nl: "Programmateam", en: "Programme staff")
        case .begeleider: LocalizedText(nl: "Begeleider", en: "Facilitator")
        case .trekker: LocalizedText(nl: "Trekker", en: "Coordinator")
        case .raadslid: LocalizedText(nl: "Raadslid", en: "Council member")
        }
    }
}

/// One role a person holds; municipal roles name the municipality by its CBS code.
public struct Membership: Codable, Sendable, Hashable {
    public let role: Role
    public let municipalityCode: String?

    public init(role: Role, municipalityCode: String?) {
        self.role = role
        self.municipalityCode = municipalityCode
    }
}

/// The one place that decides who may see a municipality's non-public pages (docs/product.md: "visible only to that
/// municipality's people, its facilitator and programme staff").
public enum Access {
    public static func canSeeNonPublic(ofMunicipality code: String, memberships: [Membership]) -> Bool {
        memberships.contains { $0.role == .programma || $0.municipalityCode == code }
    }

    /// Only the programme's staff handle sign-ups and see the national picture.
    public static func isProgrammeStaff(_ memberships: [Membership]) -> Bool {
        memberships.contains { $0.role == .programma }
    }

    /// The municipality codes a person works for, in a stable order.
    public static func municipalities(of memberships: [Membership]) -> [String] {
        Array(Set(memberships.compactMap(\.municipalityCode))).sorted()
    }
}
