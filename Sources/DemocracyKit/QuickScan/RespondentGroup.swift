/// The four respondent groups of the Quick Scan.
public enum RespondentGroup: String, CaseIterable, Codable, Sendable, Comparable {
    /// Council members, also committee members and fractievolgers.
    case raad
    /// Aldermen and the mayor.
    case college
    /// Civil servants, also the municipal secretary and the clerk's staff.
    case ambtenaren
    /// Any inhabitant who wants to take part, from the scan's minimum age.
    case inwoners

    public static func < (lhs: RespondentGroup, rhs: RespondentGroup) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public var name: LocalizedText {
        switch self {
        case .raad: LocalizedText(nl: "Raad", en: "Council")
        case .college: LocalizedText(nl: "College", en: "Executive")
        case .ambtenaren: LocalizedText(nl: "Ambtenaren", en: "Civil servants")
        case .inwoners: LocalizedText(nl: "Inwoners", en: "Inhabitants")
        }
    }

    /// One person of the group, as in "U vult de vragenlijst in als inwoner" ("as an inhabitant").
    public var member: LocalizedText {
        switch self {
        case .raad: LocalizedText(nl: "raadslid", en: "a council member")
        case .college:
            LocalizedText(nl: "lid van het college (burgemeester of wethouder)", en: "a member of the executive (mayor or alderman)")
        case .ambtenaren: LocalizedText(nl: "ambtenaar", en: "a civil servant")
        case .inwoners: LocalizedText(nl: "inwoner", en: "an inhabitant")
        }
    }

    public var description: LocalizedText {
        switch self {
        case .raad: LocalizedText(nl: "raadsleden, commissieleden en fractievolgers", en: "council and committee members")
        case .college: LocalizedText(nl: "burgemeester en wethouders", en: "mayor and aldermen")
        case .ambtenaren:
            LocalizedText(
                nl: "ambtenaren, de gemeentesecretaris en de griffie", en: "civil servants, the municipal secretary and the clerk's office")
        case .inwoners: LocalizedText(nl: "inwoners die mee willen doen", en: "inhabitants who want to take part")
        }
    }
}

/// Where a scan round stands. Only these moves are allowed: concept → open → closed → report.
public enum ScanStatus: String, CaseIterable, Codable, Sendable {
    /// Being prepared: settings and custom questions can change.
    case concept
    /// Respondents can answer (between the scan's dates).
    case open
    /// No more answers; the coordinator and facilitator read the report.
    case closed
    /// The report is released to the municipality's council members.
    case report

    public func canMove(to next: ScanStatus) -> Bool {
        switch (self, next) {
        case (.concept, .open), (.open, .closed), (.closed, .report): true
        default: false
        }
    }

    public var name: LocalizedText {
        switch self {
        case .concept: LocalizedText(nl: "In voorbereiding", en: "Being prepared")
        case .open: LocalizedText(nl: "Open voor antwoorden", en: "Open for answers")
        case .closed: LocalizedText(nl: "Gesloten", en: "Closed")
        case .report: LocalizedText(nl: "Rapport gedeeld met de raad", en: "Report shared with the council")
        }
    }

    /// Whether the report can be read.
    public var hasReport: Bool { self == .closed || self == .report }

    /// Whether the coordinator can open the scan again: after closing, until the report is shared with the council.
    /// Once the council has read it, its figures stay as they were read.
    public var canReopen: Bool { self == .closed }
}

/// An answer on the five-point scale, or "weet niet" (0). The same scale serves agreement and importance.
public enum ScaleAnswer: Int, CaseIterable, Codable, Sendable {
    case dontKnow = 0
    case one = 1
    case two, three, four, five

    /// 0 to 100: 1 → 0, 2 → 25, 3 → 50, 4 → 75, 5 → 100; nil for "weet niet".
    public var score: Double? {
        self == .dontKnow ? nil : Double(rawValue - 1) * 25
    }

    public static func agreementLabel(_ value: Int) -> LocalizedText {
        switch value {
        case 1: LocalizedText(nl: "Helemaal oneens", en: "Strongly disagree")
        case 2: LocalizedText(nl: "Oneens", en: "Disagree")
        case 3: LocalizedText(nl: "Niet eens, niet oneens", en: "Neither agree nor disagree")
        case 4: LocalizedText(nl: "Eens", en: "Agree")
        case 5: LocalizedText(nl: "Helemaal eens", en: "Strongly agree")
        default: LocalizedText(nl: "Weet niet", en: "Don't know")
        }
    }
}
