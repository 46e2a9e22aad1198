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
        let note: String
        let byStaff: Bool
        /// Days before today, or a fixed day (yyyy-MM-dd) for steps of the demo's past rounds.
        var daysAgo: Int = 0
        var on: String? = nil
        /// For a planning step: the planned day, in days from today (negative: in the past), or a fixed day.
        var plannedIn: Int? = nil
        var plannedOn: String? = nil
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
                Step(action: "indienen", status: .ingediend, note: "", byStaff: false, on: "2024-06-10"),
                Step(action: "in-behandeling", status: .inBehandeling, note: "", byStaff: true, on: "2024-06-12"),
                Step(action: "toekennen", status: .toegekend, note: "", byStaff: true, on: "2024-06-20"),
                Step(action: "plannen", status: .gepland, note: "", byStaff: true, on: "2024-06-21", plannedOn: "2024-10-08"),
                Step(action: "uitgevoerd", status: .uitgevoerd, note: "", byStaff: true, on: "2024-10-09"),
                Step(
                    action: "evalueren", status: .geevalueerd,
                    note:
                        "De casus over publieke druk na de sluiting van het zwembad werkte goed: iedereen kende hem. De avond was te kort voor twee thema's.",
                    byStaff: false, on: "2024-10-30"),
            ]),
        Item(
            code: "GM9901", offer: "participatiewijzer-advies",
            motivation:
                "Inwoners geven burgerparticipatie een lage score en vinden het belangrijk. Wij willen weten welke mix van vormen bij ons past.",
            serves: "Prioriteit 2: beter betrokken inwoners",
            steps: [
                Step(action: "indienen", status: .ingediend, note: "", byStaff: false, daysAgo: 30),
                Step(action: "toekennen", status: .toegekend, note: "", byStaff: true, daysAgo: 25),
                Step(action: "plannen", status: .gepland, note: "", byStaff: true, daysAgo: 24, plannedIn: 21),
            ]),
        Item(
            code: "GM9901", offer: "jongeren-betrekken",
            motivation: "Bijna geen jongeren vulden de scan in. Wij willen horen hoe andere gemeenten jongeren bereiken.",
            serves: "Prioriteit 2: beter betrokken inwoners",
            steps: [Step(action: "indienen", status: .ingediend, note: "", byStaff: false, daysAgo: 3)]),
        Item(
            code: "GM9902", offer: "verdiepingsgesprek-quick-scan",
            motivation: "Ons rapport is klaar. Wij willen het met de stuurgroep bespreken en de eerste prioriteiten kiezen.",
            serves: "",
            steps: [Step(action: "indienen", status: .ingediend, note: "", byStaff: false, daysAgo: 9)]),
    ]

    static func run(app: Application, staff: (id: UUID, name: String), coordinators: [String: (id: UUID, name: String)]) async throws {
        let now = app.clock.now()
        @Sendable func daysAgo(_ days: Int) -> Date { Format.moment(now, addingDays: -days) }
        @Sendable func when(_ step: Step) -> Date {
            step.on.flatMap(Format.parseDay)?.addingTimeInterval(14 * 3600) ?? daysAgo(step.daysAgo)
        }
        @Sendable func planned(_ step: Step) -> String? { step.plannedOn ?? step.plannedIn.map { Format.day(daysAgo(-$0)) } }
        try await app.db.transaction { db in
            for item in items
            where try await OfferRequestRecord.query(on: db).filter(\.$municipalityCode == item.code)
                .filter(\.$offerSlug == item.offer).count() == 0
            {
                guard let coordinator = coordinators[item.code], let last = item.steps.last else { continue }
                let record = OfferRequestRecord(
                    municipalityCode: item.code, offerSlug: item.offer, motivation: item.motivation, serves: item.serves,
                    at: when(item.steps[0]))
                record.status = last.status
                record.statusSince = when(last)
                record.version = item.steps.count
                for step in item.steps {
                    switch step.status {
                    case .gepland: record.plannedOn = planned(step)
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
                    event.note = planned(step) ?? step.note
                    event.actorID = actor.id
                    event.actorName = actor.name
                    event.at = when(step)
                    try await event.create(on: db)
                    if step.status == .uitgevoerd {
                        try await TrajectoryStore.reach(
                            .aanbod, of: item.code, on: Format.day(when(step)), because: .offerCarriedOut, at: now, on: db)
                    }
                }
            }
        }
    }
}
