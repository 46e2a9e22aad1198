import DemocracyKit
import Fluent
import Vapor

/// The conversations of the demo trajectories, written as a facilitator would: Demodorp's start conversation and
/// the verdiepingsgesprek about its first report, Voorbeeldstad's start conversation.
enum DemoConversations {
    struct Item {
        let code: String
        let kind: ConversationKind
        let heldOn: String
        let participants: String
        let notes: String
        let decisions: String
        let followUp: String
        /// The title of the scan whose report it discusses.
        let report: String?
    }

    static let items: [Item] = [
        Item(
            code: "GM9901", kind: .startgesprek, heldOn: "2024-02-12",
            participants:
                "Marieke Jansen (griffier, trekker), Ruben de Jong (begeleider), Karin Smit (wethouder), Youssef Bakker (raadslid)",
            notes:
                "Demodorp wil weten hoe inwoners de invloed op besluiten ervaren. Aanleiding: weinig reacties op de inspraak over het centrumplan. De stuurgroep bestaat uit de griffier, een wethouder, twee raadsleden en de gebiedsregisseur.",
            decisions:
                "De Quick Scan gaat open van 4 maart tot 1 april 2024, voor alle vier de groepen. Eén eigen vraag over de bereikbaarheid van de raad.",
            followUp:
                "Brief aan inwoners via de wijkkrant – griffie – voor 1 maart\nLinks voor raad en college maken – trekker – voor 4 maart",
            report: nil),
        Item(
            code: "GM9901", kind: .verdiepingsgesprek, heldOn: "2024-04-22",
            participants: "Marieke Jansen (griffier, trekker), Ruben de Jong (begeleider), stuurgroep (6 personen)",
            notes:
                "Inwoners geven burgerparticipatie de laagste score en vinden het wel belangrijk. Raad en college zijn positiever. Ambtenaren herkennen het beeld: inspraak komt vaak laat in het proces.",
            decisions:
                "Eerste prioriteit: beter betrokken inwoners. Tweede prioriteit: een krachtige gemeenteraad. Over twee jaar opnieuw meten.",
            followUp: "Verbeteragenda schrijven – trekker – voor 1 juni\nRaad in beraad aanvragen – trekker – voor 15 mei",
            report: "Quick Scan 2024"),
        Item(
            code: "GM9903", kind: .verdiepingsgesprek, heldOn: "2025-06-30",
            participants: "Griffier (trekker), Ruben de Jong (begeleider), stuurgroep (5 personen)",
            notes: "Ambtenaren en inwoners zijn kritisch over hoe de gemeente initiatieven van inwoners ontvangt. De raad herkent dat.",
            decisions: "Eerste prioriteit: een responsieve ambtelijke organisatie.",
            followUp: "Verbeteragenda schrijven – trekker – voor 1 september", report: "Quick Scan 2025"),
        Item(
            code: "GM9904", kind: .verdiepingsgesprek, heldOn: "2025-11-24",
            participants: "Griffier (trekker), Ruben de Jong (begeleider), twee raadsleden",
            notes: "Digitale democratie scoort laag bij alle groepen. Er is zorg over desinformatie rond de gemeenteraadsverkiezingen.",
            decisions: "Eerste prioriteit: krachtige lokale digitale democratie.",
            followUp: "Verbeteragenda schrijven – trekker – voor 15 januari", report: "Quick Scan 2025"),
        Item(
            code: "GM9902", kind: .startgesprek, heldOn: "2025-08-18",
            participants: "Pieter Mulder (griffier, trekker), Ruben de Jong (begeleider)",
            notes: "Voorbeeldstad wil de controle op het college versterken en weten hoe ambtenaren daar tegenaan kijken.",
            decisions: "De scan gaat in september open. Geen eigen vragen.",
            followUp: "Links voor ambtenaren via intranet – trekker – 1 september",
            report: nil),
    ]

    /// Adds the conversations of these kinds that are not there yet: the start conversations before the scans
    /// open, the others once the reports they discuss exist.
    static func run(_ kinds: [ConversationKind], app: Application, facilitator: CurrentUser) async throws {
        for item in items where kinds.contains(item.kind) {
            let existing = try await Conversation.query(on: app.db).filter(\.$municipalityCode == item.code).filter(\.$kind == item.kind)
                .count()
            guard existing == 0 else { continue }
            let scanID =
                try await item.report.asyncMap { title in
                    try await Scan.query(on: app.db).filter(\.$municipality.$id == item.code).filter(\.$title == title).first()?.id
                } ?? nil
            try await ConversationStore.save(
                ConversationDraft(
                    kind: item.kind.rawValue, heldOn: item.heldOn, participants: item.participants, notes: item.notes,
                    decisions: item.decisions, followUp: item.followUp),
                id: nil, seenVersion: nil, scanID: scanID, of: item.code, by: facilitator, app: app)
        }
    }
}

extension Optional {
    /// `map` for a transform that waits.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
