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
    /// A civil servant who assesses challenges under the uitdaagrecht; the coordinator assigns the role.
    case behandelaar
    /// The mayor, who opens basisscan integriteit cases with the griffier and shares their summary with the council.
    case burgemeester

    /// Whether the role is held for one municipality, rather than for the whole programme.
    public var isMunicipal: Bool { self != .programma }

    public var name: LocalizedText {
        switch self {
        case .programma: LocalizedText(nl: "Programmateam", en: "Programme staff")
        case .begeleider: LocalizedText(nl: "Begeleider", en: "Facilitator")
        case .trekker: LocalizedText(nl: "Trekker", en: "Coordinator")
        case .raadslid: LocalizedText(nl: "Raadslid", en: "Council member")
        case .behandelaar: LocalizedText(nl: "Behandelaar uitdaagrecht", en: "Right to challenge handler")
        case .burgemeester: LocalizedText(nl: "Burgemeester", en: "Mayor")
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

/// The one place that decides who may do what with a municipality's things: a pure rule of role × relation to
/// the municipality × action, tested as a table. The web layer loads each resource scoped by its municipality
/// and asks `Access.allows` (one helper per request, `Request.municipality(for:)`).
public enum Access {
    /// What a person wants to do with one municipality's things.
    public enum Action: Sendable, Equatable {
        /// Its non-public pages: dashboard, team, scans list (docs/product.md: "visible only to that
        /// municipality's people, its facilitator and programme staff").
        case seeNonPublic
        /// Prepare, open, close and share its scans, make links, read every report and all open answers.
        case manageScans
        /// Request offers of the programme for it, follow and evaluate its requests: its coordinator and
        /// facilitator (council members do not).
        case requestOffers
        /// Write its experiences for "Leren van elkaar", send them for review and take them offline: its
        /// coordinator and facilitator.
        case shareExperiences
        /// Record and edit its conversations (startgesprek, verdiepingsgesprek): its coordinator and facilitator.
        case keepConversations
        /// Mark a step of its trajectory as reached, with the day: its facilitator (and programme staff).
        case markTrajectoryStep
        /// Download everything the platform holds about it, and erase the single answers of its closed scans: its
        /// coordinator alone, who answers for the municipality's data (not the facilitator, not programme staff).
        case managePersonalData
        /// Read the report of a scan in this status: the managers once there is a report, the municipality's
        /// other people (council members) once it is shared with them.
        case readReport(ScanStatus)
        /// Switch the uitdaagrecht on, write its rules and terms, and choose who handles challenges: its coordinator.
        case setChallengeRules
        /// Assess challenges and record their steps: its handlers, and its coordinator (not programme staff, who see
        /// only the national picture).
        case handleChallenges
        /// Run a burgerberaad's lottery: the address file, the seeds, the draw, the letters with their codes and
        /// the registrations: its coordinator alone, since the file and letters hold addresses (not programme staff).
        case runLottery
        /// Write participation plans and share them with the council: its coordinator and facilitator.
        case planParticipation
        /// Read a participation plan: those who write them always, the municipality's other people (council
        /// members) once it is shared with the council.
        case readParticipationPlan(shared: Bool)
        /// Ask to spend one's own education budget, follow and withdraw one's requests: its council members.
        case requestEducationBudget
        /// Set the council's education budgets, decide on requests, record spending and download the ledger; see
        /// how many council members started or finished each module (never one member's results): its coordinator
        /// (the griffier) alone, not programme staff or the facilitator.
        case manageCouncilLearning
        /// Open a basisscan integriteit case for a candidate alderman: its griffier (trekker) or burgemeester. Reading
        /// a case is not a role's right: only the people named on it read it (`IntegrityCaseAccess`).
        case openIntegrityCase
        /// Name the municipality's designated contact for reported signals of undermining: its griffier (trekker) or
        /// burgemeester. Reading the reports is not a role's right: only that contact reads them.
        case setSignalContact
        /// Read the basisscan summaries the burgemeester shared with the council: the council (raadsleden), its
        /// griffier (trekker) and the burgemeester; not programme staff, not the facilitator.
        case readSharedIntegritySummaries
    }

    /// How a person stands to the municipality: through which roles, if any.
    public enum Relation: Sendable, Equatable {
        /// Programme staff stand in the same relation to every municipality.
        case programme
        /// Roles held for this very municipality.
        case member([Role])
        /// No role here (perhaps elsewhere).
        case none
    }

    public static func relation(of memberships: [Membership], to code: String) -> Relation {
        if memberships.contains(where: { $0.role == .programma }) { return .programme }
        let roles = memberships.filter { $0.municipalityCode == code }.map(\.role)
        return roles.isEmpty ? .none : .member(roles)
    }

    public static func allows(_ relation: Relation, _ action: Action) -> Bool {
        switch (relation, action) {
        case (.none, _): false
        case (.programme, .readReport(let status)): status.hasReport
        case (.programme, .managePersonalData), (.programme, .setChallengeRules), (.programme, .handleChallenges),
            (.programme, .runLottery), (.programme, .requestEducationBudget), (.programme, .manageCouncilLearning),
            (.programme, .openIntegrityCase), (.programme, .setSignalContact), (.programme, .readSharedIntegritySummaries):
            false
        case (.member(let roles), .readSharedIntegritySummaries):
            roles.contains { $0 == .raadslid || $0 == .trekker || $0 == .burgemeester }
        case (.member(let roles), .openIntegrityCase), (.member(let roles), .setSignalContact):
            roles.contains { $0 == .trekker || $0 == .burgemeester }
        case (.member(let roles), .managePersonalData), (.member(let roles), .setChallengeRules), (.member(let roles), .runLottery),
            (.member(let roles), .manageCouncilLearning):
            roles.contains(.trekker)
        case (.member(let roles), .requestEducationBudget): roles.contains(.raadslid)
        case (.member(let roles), .handleChallenges): roles.contains { $0 == .trekker || $0 == .behandelaar }
        case (.programme, _): true
        case (.member, .seeNonPublic): true
        case (.member(let roles), .manageScans), (.member(let roles), .requestOffers), (.member(let roles), .keepConversations),
            (.member(let roles), .shareExperiences), (.member(let roles), .planParticipation):
            roles.contains { $0 == .trekker || $0 == .begeleider }
        case (.member(let roles), .readParticipationPlan(let shared)): shared || allows(.member(roles), .planParticipation)
        case (.member(let roles), .markTrajectoryStep): roles.contains(.begeleider)
        case (.member(let roles), .readReport(let status)):
            status.hasReport && (allows(.member(roles), .manageScans) || status == .report)
        }
    }

    public static func allows(_ memberships: [Membership], _ action: Action, municipality code: String) -> Bool {
        allows(relation(of: memberships, to: code), action)
    }

    public static func canSeeNonPublic(ofMunicipality code: String, memberships: [Membership]) -> Bool {
        allows(memberships, .seeNonPublic, municipality: code)
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
