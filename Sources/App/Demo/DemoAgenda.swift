import DemocracyKit
import Fluent
import Vapor

/// Demodorp's improvement agenda after its first report: a first version, and a second one, sent to the
/// servicepunt, in which a priority was added. Dated in 2024, between the first scan and the repeat scan.
enum DemoAgenda {
    static let first = Agenda(priorities: [
        .init(
            area: .beterBetrokkenInwoners,
            why:
                "Inwoners geven burgerparticipatie de laagste score van alle thema's en noemen het een prioriteit. Raad en college zijn positiever.",
            actions: [
                .init(
                    what: "Participatieplan bij elk groot project, vóór het eerste ontwerp", who: "Gebiedsregisseur", due: "2024-12-01",
                    status: .klaar),
                .init(what: "Advies over een mix van participatievormen aanvragen", who: "Trekker", due: "2024-07-01", status: .klaar),
            ])
    ])

    static let second = Agenda(
        priorities: first.priorities + [
            .init(
                area: .krachtigeGemeenteraad,
                why: "In het verdiepingsgesprek bleek dat raadsleden weinig grip voelen op besluiten in de regio.",
                actions: [
                    .init(
                        what: "Sessie Raad in beraad over publieke druk en regionale samenwerking", who: "Griffie", due: "2024-10-31",
                        status: .klaar),
                    .init(
                        what: "Vaste rapportage over de gemeenschappelijke regelingen in de raadscommissie", who: "Griffier",
                        due: "2025-03-01", status: .bezig),
                ])
        ])

    static func run(app: Application, coordinator: String) async throws {
        guard try await AgendaRecord.query(on: app.db).filter(\.$municipalityCode == "GM9901").count() == 0 else { return }
        let encoder = JSONEncoder()
        try await app.db.transaction { db in
            let record = AgendaRecord()
            record.municipalityCode = "GM9901"
            record.version = 2
            record.sentVersion = 2
            record.updatedAt = Format.parseDay("2024-06-03")!
            try await record.create(on: db)
            for (number, agenda, day, sent) in [(1, first, "2024-05-27", false), (2, second, "2024-06-03", true)] {
                let version = AgendaVersion()
                version.$agenda.id = try record.requireID()
                version.number = number
                version.content = String(decoding: try encoder.encode(agenda), as: UTF8.self)
                version.savedAt = Format.parseDay(day)!.addingTimeInterval(11 * 3600)
                version.savedBy = coordinator
                version.sentAt = sent ? version.savedAt : nil
                try await version.create(on: db)
            }
            try await TrajectoryStore.reach(
                .verbeteragenda, of: "GM9901", on: "2024-06-03", because: .agendaSent, at: app.clock.now(), on: db)
        }
    }
}
