/// The seven focus areas (aandachtsgebieden) of Democratie in Actie. Every instrument, question, offer and
/// experience is tagged with one or more of them, so their numbers are stable identifiers.
public enum FocusArea: Int, CaseIterable, Codable, Sendable, Comparable {
    case krachtigeGemeenteraad = 1
    case toegerustePolitiekeAmbtsdragers = 2
    case beterBetrokkenInwoners = 3
    case responsieveAmbtelijkeOrganisatie = 4
    case krachtigeLokaleDigitaleDemocratie = 5
    case vitaleDemocratischeGemeenschap = 6
    case weerbaarBestuur = 7

    public static func < (lhs: FocusArea, rhs: FocusArea) -> Bool { lhs.rawValue < rhs.rawValue }

    /// A stable, readable key for URLs and data files.
    public var slug: String {
        switch self {
        case .krachtigeGemeenteraad: "krachtige-gemeenteraad"
        case .toegerustePolitiekeAmbtsdragers: "toegeruste-politieke-ambtsdragers"
        case .beterBetrokkenInwoners: "beter-betrokken-inwoners"
        case .responsieveAmbtelijkeOrganisatie: "responsieve-ambtelijke-organisatie"
        case .krachtigeLokaleDigitaleDemocratie: "krachtige-lokale-digitale-democratie"
        case .vitaleDemocratischeGemeenschap: "vitale-democratische-gemeenschap"
        case .weerbaarBestuur: "weerbaar-bestuur"
        }
    }

    public init?(slug: String) {
        guard let area = FocusArea.allCases.first(where: { $0.slug == slug }) else { return nil }
        self = area
    }

    public var name: LocalizedText {
        switch self {
        case .krachtigeGemeenteraad:
            LocalizedText(nl: "Krachtige gemeenteraad", en: "A strong municipal council")
        case .toegerustePolitiekeAmbtsdragers:
            LocalizedText(nl: "Toegeruste politieke ambtsdragers", en: "Well-equipped political office holders")
        case .beterBetrokkenInwoners:
            LocalizedText(nl: "Beter betrokken inwoners", en: "Better involved inhabitants")
        case .responsieveAmbtelijkeOrganisatie:
            LocalizedText(nl: "Responsieve ambtelijke organisatie", en: "A responsive civil service")
        case .krachtigeLokaleDigitaleDemocratie:
            LocalizedText(nl: "Krachtige lokale digitale democratie", en: "A strong local digital democracy")
        case .vitaleDemocratischeGemeenschap:
            LocalizedText(nl: "Vitale democratische gemeenschap", en: "A vital democratic community")
        case .weerbaarBestuur:
            LocalizedText(nl: "Weerbaar bestuur", en: "Resilient local government")
        }
    }

    /// One or two plain sentences (language level B1) on what the area is about.
    public var summary: LocalizedText {
        switch self {
        case .krachtigeGemeenteraad:
            LocalizedText(
                nl:
                    "De raad blijft zijn rol spelen in een samenleving die verandert. Denk aan samenwerking in de regio, initiatieven van inwoners en de Omgevingswet. De griffie en de rekenkamer helpen de raad daarbij.",
                en:
                    "The council keeps its role in a changing society: regional cooperation, initiatives of inhabitants and the Environment and Planning Act. The clerk's office and the audit office support the council."
            )
        case .toegerustePolitiekeAmbtsdragers:
            LocalizedText(
                nl:
                    "Raadsleden en bestuurders krijgen goede opleidingen en leerprogramma's. Raadsleden kunnen online leren op het leerplatform.",
                en:
                    "Council members and administrators get good training and learning programmes. Council members can learn online on the learning platform."
            )
        case .beterBetrokkenInwoners:
            LocalizedText(
                nl:
                    "Meer inwoners krijgen een betere kans op invloed. Iedereen moet mee kunnen doen. Daarvoor is een mix van manieren om mee te doen nodig, zoals het uitdaagrecht.",
                en:
                    "More inhabitants get a better chance to have influence. Everyone must be able to take part. That needs a mix of ways to take part, such as the right to challenge."
            )
        case .responsieveAmbtelijkeOrganisatie:
            LocalizedText(
                nl: "Ambtenaren staan open voor initiatieven uit de samenleving. Ze werken met democratisch vakmanschap.",
                en: "Civil servants welcome initiatives from society. They work with democratic craftsmanship."
            )
        case .krachtigeLokaleDigitaleDemocratie:
            LocalizedText(
                nl: "Inwoners kunnen ook digitaal meedoen. De gemeente let op de risico's van desinformatie.",
                en: "Inhabitants can also take part online. The municipality watches the risks of disinformation."
            )
        case .vitaleDemocratischeGemeenschap:
            LocalizedText(
                nl:
                    "Inwoners kennen en delen democratische waarden. Sterke lokale media, een open overheid en betrokken jongeren horen daarbij.",
                en:
                    "Inhabitants know and share democratic values. Strong local media, open government and involved young people are part of that."
            )
        case .weerbaarBestuur:
            LocalizedText(
                nl:
                    "Het lokaal bestuur is integer en veilig. Het verzet zich tegen oneigenlijke beïnvloeding en ondermijning door georganiseerde misdaad.",
                en: "Local government is honest and safe. It resists improper influence and undermining by organised crime."
            )
        }
    }
}
