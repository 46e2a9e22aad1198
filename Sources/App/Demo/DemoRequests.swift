import DemocracyKit
import Fluent
import Vapor

/// Demodorp's requests for offers, as they would stand after its first report: one carried out and evaluated,
/// one granted and planned, one just submitted; Voorbeeldstad's request waits for programme staff. Dated in the
/// past, with their history, so both sides' pages and the programme's waiting times show something real.
enum DemoRequests {
    struct Step {
        let action: String
        let status: RequestStatus
        let daysAgo: Int
        let note: String
        let byStaff: Bool
        /// For a planning step: the planned day, in days from today (negative: in the past).
        var plannedIn: Int? = nil
    }

    struct Item {
        let code: String
        let offer: String
        let motivation: String
        let serves: String
        let steps: [Step]
    }

    static let items: [Item] = [
        Item(
            code: "GM9901", offer: "raad-in-beraad",
            motivation:
                "Raadsleden geven in de Quick Scan lage scores voor hun eigen rol. Wij willen in een sessie oefenen met lastige situaties uit Demodorp.",
            serves: "Prioriteit 1: een krachtige gemeenteraad",
            steps: [
                Step(action: "indienen", status: .ingediend, daysAgo: 70, note: "", byStaff: false),
                Step(action: "in-behandeling", status: .inBehandeling, daysAgo: 68, note: "", byStaff: true),
                Step(action: "toekennen", status: .toegekend, daysAgo: 63, note: "", byStaff: true),
                Step(action: "plannen", status: .gepland, daysAgo: 60, note: "", byStaff: true, plannedIn: -35),
                Step(action: "uitgevoerd", status: .uitgevoerd, daysAgo: 34, note: "", byStaff: true),
                Step(
                    action: "evalueren", status: .geevalueerd, daysAgo: 20,
                    note:
                        "De casus over publieke druk na de sluiting van het zwembad werkte goed: iedereen kende hem. De avond was te kort voor twee thema's.",
                    byStaff: false),
            ]),
        Item(
            code: "GM9901", offer: "participatiewijzer-advies",
            motivation:
                "Inwoners geven burgerparticipatie een lage score en vinden het belangrijk. Wij willen weten welke mix van vormen bij ons past.",
            serves: "Prioriteit 2: beter betrokken inwoners",
            steps: [
                Step(action: "indienen", status: .ingediend, daysAgo: 30, note: "", byStaff: false),
                Step(action: "toekennen", status: .toegekend, daysAgo: 25, note: "", byStaff: true),
                Step(action: "plannen", status: .gepland, daysAgo: 24, note: "", byStaff: true, plannedIn: 21),
            ]),
        Item(
            code: "GM9901", offer: "jongeren-betrekken",
            motivation: "Bijna geen jongeren vulden de scan in. Wij willen horen hoe andere gemeenten jongeren bereiken.",
            serves: "Prioriteit 2: beter betrokken inwoners",
            steps: [Step(action: "indienen", status: .ingediend, daysAgo: 3, note: "", byStaff: false)]),
        Item(
            code: "GM9902", offer: "verdiepingsgesprek-quick-scan",
            motivation: "Ons rapport is klaar. Wij willen het met de stuurgroep bespreken en de eerste prioriteiten kiezen.",
            serves: "",
            steps: [Step(action: "indienen", status: .ingediend, daysAgo: 9, note: "", byStaff: false)]),
    ]

    static func run(app: Application, staff: (id: UUID, name: String), coordinators: [String: (id: UUID, name: String)]) async throws {
        let now = app.clock.now()
        @Sendable func daysAgo(_ days: Int) -> Date { now.addingTimeInterval(-Double(days) * 86_400) }
        try await app.db.transaction { db in
            for item in items
            where try await OfferRequestRecord.query(on: db).filter(\.$municipalityCode == item.code)
                .filter(\.$offerSlug == item.offer).count() == 0
            {
                guard let coordinator = coordinators[item.code], let last = item.steps.last else { continue }
                let record = OfferRequestRecord(
                    municipalityCode: item.code, offerSlug: item.offer, motivation: item.motivation, serves: item.serves,
                    at: daysAgo(item.steps[0].daysAgo))
                record.status = last.status
                record.statusSince = daysAgo(last.daysAgo)
                record.version = item.steps.count
                for step in item.steps {
                    switch step.status {
                    case .gepland: record.plannedOn = step.plannedIn.map { Format.day(daysAgo(-$0)) }
                    case .geevalueerd:
                        record.rating = 4
                        record.lessons = step.note
                    default: break
                    }
                }
                try await record.create(on: db)
                for step in item.steps {
                    let actor = step.byStaff ? staff : coordinator
                    let event = OfferRequestEvent()
                    event.$request.id = try record.requireID()
                    event.action = step.action
                    event.status = step.status
                    event.note = step.plannedIn.map { Format.day(daysAgo(-$0)) } ?? step.note
                    event.actorID = actor.id
                    event.actorName = actor.name
                    event.at = daysAgo(step.daysAgo)
                    try await event.create(on: db)
                }
            }
        }
    }
}
