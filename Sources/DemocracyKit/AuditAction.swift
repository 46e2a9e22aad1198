/// The sensitive actions the audit log keeps (docs/security.md): who gave a role, who took data out of the
/// platform, who read what respondents wrote in their own words.
public enum AuditAction: String, CaseIterable, Codable, Sendable {
    /// A role was given: a sign-up accepted (coordinator) or an account made from the command line.
    case roleGranted = "rol-gegeven"
    /// A role was taken away: a handler of the uitdaagrecht removed by the coordinator.
    case roleRevoked = "rol-ingetrokken"
    /// A report's numbers downloaded as a file (CSV or the Excel version).
    case reportDownloaded = "rapport-gedownload"
    /// The programme's overview of all trajectories downloaded.
    case trajectoriesDownloaded = "trajecten-gedownload"
    /// A page of a scan's open answers read.
    case openAnswersRead = "open-antwoorden-gelezen"
    /// Everything the platform holds for a municipality downloaded as one file.
    case dataExported = "gegevens-geexporteerd"
    /// A closed scan's single answers and open answers erased, by its coordinator or after the retention period.
    case answersErased = "antwoorden-gewist"
    /// A burgerberaad's letters, with addresses and registration codes, printed or downloaded.
    case lettersDownloaded = "brieven-gedownload"
    /// The griffie approved education budget, or recorded spending, past what was left: the balance went below zero.
    case budgetOverride = "budget-overschreden"
    /// The council's education budgets and requests for a year downloaded as a file.
    case budgetDownloaded = "opleidingsbudget-gedownload"
    /// A basisscan integriteit case opened, read, changed, or refused to someone not named on it.
    case integrityCaseOpened = "basisscan-geopend"
    case integrityCaseViewed = "basisscan-bekeken"
    case integrityCaseChanged = "basisscan-gewijzigd"
    case integrityCaseRefused = "basisscan-geweigerd"
    /// A case destroyed after its retention period, and everything held about its candidate exported for them.
    case integrityCaseDestroyed = "basisscan-vernietigd"
    case integrityCaseExported = "basisscan-geexporteerd"
    /// Ondermijning: the municipality's contact for reported signals named, a report read, handled, or refused to
    /// someone who is not the contact; a news item published.
    case signalContactSet = "meldpunt-contactpersoon"
    case signalReportViewed = "melding-bekeken"
    case signalReportChanged = "melding-gewijzigd"
    case signalReportRefused = "melding-geweigerd"
    case underminingNewsPublished = "ondermijning-nieuws"
    /// A woningscan requested; its sealed address and phone read by its handler; taken, planned or recorded done.
    case homeScanRequested = "woningscan-aangevraagd"
    case homeScanViewed = "woningscan-bekeken"
    case homeScanChanged = "woningscan-gewijzigd"

    public var name: LocalizedText {
        switch self {
        case .roleGranted: LocalizedText(nl: "Rol gegeven", en: "Role given")
        case .roleRevoked: LocalizedText(nl: "Rol ingetrokken", en: "Role taken away")
        case .reportDownloaded: LocalizedText(nl: "Rapport gedownload", en: "Report downloaded")
        case .trajectoriesDownloaded: LocalizedText(nl: "Overzicht trajecten gedownload", en: "Trajectory overview downloaded")
        case .openAnswersRead: LocalizedText(nl: "Open antwoorden gelezen", en: "Open answers read")
        case .dataExported: LocalizedText(nl: "Alle gegevens gedownload", en: "All data downloaded")
        case .answersErased: LocalizedText(nl: "Losse antwoorden gewist", en: "Single answers erased")
        case .lettersDownloaded:
            LocalizedText(nl: "Brieven van een loting geprint of gedownload", en: "Letters of a lottery printed or downloaded")
        case .budgetOverride:
            LocalizedText(nl: "Opleidingsbudget overschreden met toestemming", en: "Education budget exceeded with consent")
        case .budgetDownloaded: LocalizedText(nl: "Opleidingsbudgetten gedownload", en: "Education budgets downloaded")
        case .integrityCaseOpened: LocalizedText(nl: "Basisscan integriteit geopend", en: "Integrity screening opened")
        case .integrityCaseViewed: LocalizedText(nl: "Basisscan integriteit bekeken", en: "Integrity screening viewed")
        case .integrityCaseChanged: LocalizedText(nl: "Basisscan integriteit gewijzigd", en: "Integrity screening changed")
        case .integrityCaseRefused:
            LocalizedText(nl: "Basisscan integriteit geweigerd: niet op het dossier", en: "Integrity screening refused: not named on it")
        case .integrityCaseDestroyed:
            LocalizedText(
                nl: "Basisscan integriteit vernietigd na de bewaartermijn", en: "Integrity screening destroyed after its retention period")
        case .integrityCaseExported:
            LocalizedText(nl: "Basisscan integriteit geëxporteerd voor de kandidaat", en: "Integrity screening exported for the candidate")
        case .signalContactSet:
            LocalizedText(nl: "Contactpersoon voor meldingen van ondermijning gekozen", en: "Contact for reports of undermining chosen")
        case .signalReportViewed: LocalizedText(nl: "Melding van ondermijning bekeken", en: "Report of undermining viewed")
        case .signalReportChanged: LocalizedText(nl: "Melding van ondermijning behandeld", en: "Report of undermining handled")
        case .signalReportRefused:
            LocalizedText(
                nl: "Melding van ondermijning geweigerd: niet de contactpersoon", en: "Report of undermining refused: not the contact")
        case .underminingNewsPublished: LocalizedText(nl: "Nieuws over ondermijning gepubliceerd", en: "News on undermining published")
        case .homeScanRequested: LocalizedText(nl: "Woningscan aangevraagd", en: "Home security scan requested")
        case .homeScanViewed: LocalizedText(nl: "Adres van een woningscan bekeken", en: "Address of a home security scan viewed")
        case .homeScanChanged: LocalizedText(nl: "Woningscan gewijzigd", en: "Home security scan changed")
        }
    }
}
