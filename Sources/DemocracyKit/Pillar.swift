/// The three pillars of the programme's offer (aanbod).
public enum Pillar: String, CaseIterable, Codable, Sendable {
    case lokaalMaatwerk = "lokaal-maatwerk"
    case innovatietrajecten = "innovatietrajecten"
    case lerenVanElkaar = "leren-van-elkaar"

    public var name: LocalizedText {
        switch self {
        case .lokaalMaatwerk: LocalizedText(nl: "Lokaal maatwerk", en: "Local custom support")
        case .innovatietrajecten: LocalizedText(nl: "Innovatietrajecten", en: "Innovation tracks")
        case .lerenVanElkaar: LocalizedText(nl: "Leren van elkaar", en: "Learning from each other")
        }
    }

    public var summary: LocalizedText {
        switch self {
        case .lokaalMaatwerk:
            LocalizedText(
                nl:
                    "Hulpmiddelen die uw gemeente kan aanvragen. Bijvoorbeeld sessies 'Raad in beraad', hulp bij het uitdaagrecht of advies over een mix van vormen van participatie.",
                en:
                    "Instruments your municipality can request. For example 'Raad in beraad' council sessions, support for the right to challenge, or advice on a mix of participation methods."
            )
        case .innovatietrajecten:
            LocalizedText(
                nl:
                    "Nieuwe hulpmiddelen, samen met gemeenten gemaakt. Bijvoorbeeld over de energietransitie of over de invloed van dorpen en wijken.",
                en:
                    "New instruments, developed together with municipalities. For example on the energy transition or on the influence of villages and neighbourhoods."
            )
        case .lerenVanElkaar:
            LocalizedText(
                nl: "Gemeenten delen hun ervaringen, goede en slechte. Het programma brengt die ervaringen naar andere gemeenten.",
                en: "Municipalities share their experiences, good and bad. The programme brings those experiences to other municipalities."
            )
        }
    }
}

/// The steps every support trajectory follows (docs/product.md, "The trajectory").
public enum TrajectoryStep: Int, CaseIterable, Codable, Sendable {
    case aanmelding = 1
    case startgesprek, quickScan, rapport, agenderingsgesprek, verbeteragenda, aanbod, herhaalscan

    public var name: LocalizedText {
        switch self {
        case .aanmelding: LocalizedText(nl: "Aanmelding", en: "Sign-up")
        case .startgesprek: LocalizedText(nl: "Startgesprek", en: "Start conversation")
        case .quickScan: LocalizedText(nl: "Quick Scan", en: "Quick Scan")
        case .rapport: LocalizedText(nl: "Rapport", en: "Report")
        case .agenderingsgesprek: LocalizedText(nl: "Agenderingsgesprek", en: "Agenda-setting conversation")
        case .verbeteragenda: LocalizedText(nl: "Verbeteragenda", en: "Improvement agenda")
        case .aanbod: LocalizedText(nl: "Aanbod gebruiken", en: "Using the offer")
        case .herhaalscan: LocalizedText(nl: "Herhaalscan", en: "Repeat scan")
        }
    }

    public var summary: LocalizedText {
        switch self {
        case .aanmelding:
            LocalizedText(
                nl: "De gemeente meldt zich aan en gaat akkoord met de verwerkersovereenkomst.",
                en: "The municipality signs up and accepts the data-processing agreement.")
        case .startgesprek:
            LocalizedText(
                nl: "Een gesprek met de begeleider over doelen, de lokale stuurgroep en eigen vragen.",
                en: "A talk with the facilitator about aims, the local steering group and custom questions.")
        case .quickScan:
            LocalizedText(
                nl: "Raad, college, ambtenaren en inwoners vullen de vragenlijst in.",
                en: "Council, college, civil servants and inhabitants fill in the questionnaire.")
        case .rapport:
            LocalizedText(
                nl: "Na het sluiten van de scan komt er een rapport.",
                en: "When the scan closes, a report is made.")
        case .agenderingsgesprek:
            LocalizedText(
                nl: "Begeleider en stuurgroep bespreken het rapport en kiezen de eerste prioriteiten.",
                en: "Facilitator and steering group discuss the report and choose first priorities.")
        case .verbeteragenda:
            LocalizedText(
                nl: "De trekker schrijft de verbeteragenda: prioriteiten, acties, wie en wanneer.",
                en: "The coordinator writes the improvement agenda: priorities, actions, owners and dates.")
        case .aanbod:
            LocalizedText(
                nl: "De gemeente vraagt aanbod aan dat past bij de prioriteiten.",
                en: "The municipality requests offers that fit its priorities.")
        case .herhaalscan:
            LocalizedText(
                nl: "Een nieuwe scan laat zien wat er is veranderd.",
                en: "A new scan shows what has changed.")
        }
    }
}
