import DemocracyKit
import Testing

@Suite("Who may do what: role × relation × action")
struct AccessTableTests {
    /// One row: a person with `role` held for `held` (nil: for the whole programme), acting on GM0014.
    struct Row: Sendable, CustomTestStringConvertible {
        let role: Role
        let held: String?
        let seeNonPublic: Bool
        let manageScans: Bool
        /// Reading the report while only the managers have it (`closed`), and once shared (`report`).
        let readClosed: Bool
        let readShared: Bool
        var requestOffers: Bool { manageScans }

        var testDescription: String { "\(role.rawValue) of \(held ?? "the programme")" }
    }

    static let rows: [Row] = [
        Row(role: .programma, held: nil, seeNonPublic: true, manageScans: true, readClosed: true, readShared: true),
        Row(role: .begeleider, held: "GM0014", seeNonPublic: true, manageScans: true, readClosed: true, readShared: true),
        Row(role: .trekker, held: "GM0014", seeNonPublic: true, manageScans: true, readClosed: true, readShared: true),
        Row(role: .raadslid, held: "GM0014", seeNonPublic: true, manageScans: false, readClosed: false, readShared: true),
        Row(role: .begeleider, held: "GM0363", seeNonPublic: false, manageScans: false, readClosed: false, readShared: false),
        Row(role: .trekker, held: "GM0363", seeNonPublic: false, manageScans: false, readClosed: false, readShared: false),
        Row(role: .raadslid, held: "GM0363", seeNonPublic: false, manageScans: false, readClosed: false, readShared: false),
        Row(role: .behandelaar, held: "GM0014", seeNonPublic: true, manageScans: false, readClosed: false, readShared: true),
        Row(role: .behandelaar, held: "GM0363", seeNonPublic: false, manageScans: false, readClosed: false, readShared: false),
        Row(role: .burgemeester, held: "GM0014", seeNonPublic: true, manageScans: false, readClosed: false, readShared: true),
        Row(role: .burgemeester, held: "GM0363", seeNonPublic: false, manageScans: false, readClosed: false, readShared: false),
    ]

    @Test("Each role, for its own municipality and for another, may do exactly what the table says", arguments: rows)
    func rule(row: Row) {
        let memberships = [Membership(role: row.role, municipalityCode: row.held)]
        func allows(_ action: Access.Action) -> Bool { Access.allows(memberships, action, municipality: "GM0014") }
        #expect(allows(.seeNonPublic) == row.seeNonPublic)
        #expect(allows(.manageScans) == row.manageScans)
        #expect(allows(.readReport(.closed)) == row.readClosed)
        #expect(allows(.readReport(.report)) == row.readShared)
        #expect(allows(.requestOffers) == row.requestOffers, "the coordinator and facilitator request offers, council members do not")
        #expect(allows(.keepConversations) == row.requestOffers)
        #expect(allows(.shareExperiences) == row.requestOffers, "the coordinator and facilitator share experiences, council members do not")
        #expect(
            allows(.markTrajectoryStep) == (row.role == .programma || (row.role == .begeleider && row.held == "GM0014")),
            "only the facilitator marks steps, besides programme staff")
        #expect(
            allows(.managePersonalData) == (row.role == .trekker && row.held == "GM0014"),
            "only the municipality's own coordinator exports its data and erases answers, not programme staff")
        #expect(
            allows(.setChallengeRules) == (row.role == .trekker && row.held == "GM0014"),
            "only the municipality's own coordinator writes its uitdaagrecht rules and chooses its handlers")
        #expect(
            allows(.handleChallenges) == ([.trekker, .behandelaar].contains(row.role) && row.held == "GM0014"),
            "its handlers and coordinator handle challenges; not programme staff, not a handler of another municipality")
        #expect(
            allows(.runLottery) == (row.role == .trekker && row.held == "GM0014"),
            "only the municipality's own coordinator runs its burgerberaad lottery, which holds addresses")
        #expect(allows(.planParticipation) == row.requestOffers, "the coordinator and facilitator write participation plans")
        #expect(
            allows(.readParticipationPlan(shared: false)) == row.requestOffers,
            "a plan not yet shared is read only by those who write plans")
        #expect(
            allows(.readParticipationPlan(shared: true)) == row.seeNonPublic,
            "a plan shared with the council is read by the municipality's people, council members too")
        #expect(
            allows(.requestEducationBudget) == (row.role == .raadslid && row.held == "GM0014"),
            "only the municipality's own council members ask to spend its education budget")
        #expect(
            allows(.manageCouncilLearning) == (row.role == .trekker && row.held == "GM0014"),
            "only the municipality's own griffier decides on education budgets and sees the council's learning figures")
        #expect(
            allows(.openIntegrityCase) == ([.trekker, .burgemeester].contains(row.role) && row.held == "GM0014"),
            "the griffier or the burgemeester opens a basisscan, not programme staff or the facilitator")
        #expect(
            allows(.setSignalContact) == ([.trekker, .burgemeester].contains(row.role) && row.held == "GM0014"),
            "the griffier or the burgemeester names the contact for reported signals, not programme staff")
        #expect(
            allows(.readSharedIntegritySummaries)
                == ([.raadslid, .trekker, .burgemeester].contains(row.role) && row.held == "GM0014"),
            "the council, its griffier and the burgemeester read a shared basisscan summary; not the facilitator or programme staff")
    }

    @Test(
        "Nobody reads a report before the scan has one, not even programme staff",
        arguments: [ScanStatus.concept, .open])
    func noReportBeforeClosing(status: ScanStatus) {
        for role in Role.allCases {
            let memberships = [Membership(role: role, municipalityCode: role.isMunicipal ? "GM0014" : nil)]
            #expect(!Access.allows(memberships, .readReport(status), municipality: "GM0014"))
        }
    }

    @Test("Nobody signed in without a role may see anything of a municipality")
    func noRoleNoAccess() {
        #expect(Access.relation(of: [], to: "GM0014") == .none)
        #expect(!Access.allows([], .seeNonPublic, municipality: "GM0014"))
    }
}

@Suite("Retention periods")
struct RetentionPolicyTests {
    @Test("Without settings the standard periods hold; each variable sets its own period")
    func readsTheEnvironment() throws {
        #expect(try RetentionPolicy.read([:]) == .standard)
        let policy = try RetentionPolicy.read([
            "DIA_RETENTION_ANSWERS_MONTHS": "36", "DIA_RETENTION_MAIL_DAYS": " 30 ", "DIA_RETENTION_AUDIT_MONTHS": "",
            "DIA_RETENTION_LOTTERY_MONTHS": "6", "DIA_RETENTION_INTEGRITY_MONTHS": "24",
        ])
        #expect(
            policy
                == RetentionPolicy(
                    answersMonths: 36, mailDays: 30, rejectedSignupMonths: 12, auditMonths: 24, lotteryMonths: 6, integrityMonths: 24))
    }

    @Test(
        "A period outside its range, or not a whole number, is refused by the variable's name, so a typing error cannot erase everything",
        arguments: [
            ("DIA_RETENTION_ANSWERS_MONTHS", "0"), ("DIA_RETENTION_ANSWERS_MONTHS", "-1"), ("DIA_RETENTION_MAIL_DAYS", "6"),
            ("DIA_RETENTION_AUDIT_MONTHS", "12"), ("DIA_RETENTION_REJECTED_SIGNUPS_MONTHS", "twaalf"),
            ("DIA_RETENTION_ANSWERS_MONTHS", "99999999999999999999"), ("DIA_RETENTION_LOTTERY_MONTHS", "0"),
            ("DIA_RETENTION_LOTTERY_MONTHS", "61"),
        ])
    func refusesBadValues(variable: String, value: String) {
        #expect(throws: RetentionPolicy.Invalid.self) { try RetentionPolicy.read([variable: value]) }
        do {
            _ = try RetentionPolicy.read([variable: value])
        } catch {
            #expect(error.variable == variable && error.description.contains("whole number"))
        }
    }

    @Test("The moments follow the periods, in Dutch days, and the audit log never loses an entry of the past year")
    func cutoffs() throws {
        // 1 December 2026, 10:00 in the Netherlands
        let now = try #require(Format.parseDay("2026-12-01")).addingTimeInterval(-2 * 3600)
        let cutoffs = RetentionPolicy(answersMonths: 24, mailDays: 90, rejectedSignupMonths: 12, auditMonths: 13).cutoffs(now: now)
        #expect(cutoffs.answersClosedBefore == "2024-12-01")
        #expect(Format.day(cutoffs.mailBefore) == "2026-09-02")
        #expect(Format.day(cutoffs.rejectedSignupsBefore) == "2025-12-01")
        #expect(Format.day(cutoffs.lotterySelectedBefore) == "2025-12-01", "a burgerberaad's registrations go a year after the panel")
        #expect(cutoffs.auditBefore <= now.addingTimeInterval(-Double(RetentionPolicy.auditFloorDays) * 86_400))
    }
}
