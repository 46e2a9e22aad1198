import DemocracyKit
import Fluent
import Foundation
import Vapor

/// The demo municipalities' experiences from `Resources/Data/learning/experiences-*.yaml`: written by their coordinator,
/// sent in and published by programme staff on the day the file names, and in the search index; one waits for
/// review, so the staff's list has something to do, and one published experience has a newer version waiting, so
/// staff can compare the two.
enum DemoExperiences {
    static func entries(app: Application) async throws -> [ExperienceFile.Entry] {
        let folder = app.directory.resourcesDirectory + "Data/learning/"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
            $0.hasPrefix("experiences") && $0.hasSuffix(".yaml")
        }
        .sorted()
        let (catalogue, _) = try await CatalogueStore.catalogue(app: app, on: app.db)
        var entries: [ExperienceFile.Entry] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: folder + file) else { continue }
            do {
                entries += try ExperienceFile.parse(String(decoding: data, as: UTF8.self), knownOffers: Set(catalogue.offers.map(\.slug)))
            } catch {
                throw Abort(.internalServerError, reason: "The demo experiences \(folder + file) are wrong: \(error)")
            }
        }
        return entries
    }

    static func run(app: Application, staff: (id: UUID, name: String)) async throws {
        let entries = try await entries(app: app)
        let existing = Set(try await ExperienceRecord.query(on: app.db).all(\.$slug))
        try await app.db.transaction { db in
            for entry in entries where !existing.contains(entry.slug) {
                guard let day = Format.parseDay(entry.publishedOn),
                    let municipality = try await Municipality.find(entry.municipalityCode, on: db)
                else { continue }
                // A day is read as noon: published at ten in the morning, written six days before.
                let published = day.addingTimeInterval(-2 * 3600)
                let written = published.addingTimeInterval(-6 * 86_400)
                let contact = try await entry.contactEmail.asyncMap { try await User.query(on: db).filter(\.$email == $0).first() } ?? nil
                let writer = contact?.name ?? municipality.name
                let record = ExperienceRecord(slug: entry.slug, municipalityCode: municipality.code, at: written)
                record.contactUserID = contact?.id
                record.contactRole = contact == nil ? nil : entry.contactRole?.nl
                record.statusValue = entry.status.rawValue
                record.updatedAt = entry.status == .ingediend ? published : written
                if entry.status == .gepubliceerd {
                    record.publishedVersion = 1
                    record.firstPublishedAt = published
                }
                try await record.create(on: db)
                let id = try record.requireID()
                try await ExperienceVersionRecord(experienceID: id, version: 1, experience: entry.experience, at: written, by: contact?.id)
                    .create(on: db)
                var events = [
                    ExperienceEvent(experienceID: id, action: ExperienceAction.save.key, version: 1, actor: writer, at: written),
                    ExperienceEvent(
                        experienceID: id, action: ExperienceAction.submit.key, version: 1, actor: writer,
                        at: written.addingTimeInterval(3600)),
                ]
                if entry.status == .gepubliceerd {
                    events.append(
                        ExperienceEvent(
                            experienceID: id, action: ExperienceAction.publish(version: 1, current: 1).key, version: 1, actor: staff.name,
                            at: published))
                    try await ExperienceStore.index(
                        entry.experience, slug: entry.slug, municipality: municipality, publishedOn: published, at: app.clock.now(), on: db)
                }
                try await events.create(on: db)
            }
            try await addFollowUp(on: db)
        }
    }

    /// A year after it was published, Demodorp wrote what came of its Raad in beraad and sent it in again: the
    /// first version stays online while programme staff compare the two and decide.
    static let followUpSlug = "demodorp-raad-in-beraad-publieke-druk-zwembad"

    private static func addFollowUp(on db: any Database) async throws {
        guard let record = try await ExperienceRecord.query(on: db).filter(\.$slug == followUpSlug).first(), record.version == 1,
            record.statusValue == ExperienceStatus.gepubliceerd.rawValue,
            let first = try await ExperienceVersionRecord.query(on: db).filter(\.$experienceID == record.requireID()).first(),
            let written = Format.parseDay("2025-11-18")?.addingTimeInterval(-3 * 3600)
        else { return }
        let id = try record.requireID()
        var experience = try first.experience()
        experience.story = LocalizedText(
            nl: experience.story.nl
                + "\n\n### Een jaar later\nIn het voorjaar van 2025 kwam het zwembad opnieuw op de agenda, nu over een nieuw bad samen met de buurgemeente. De griffie plande vooraf een avond waarop inwoners hun verhaal deden. Raadsleden vroegen vaker de griffie om hulp bij boze mails. De raad bleef verdeeld over het besluit, maar niemand voelde zich er alleen voor staan.",
            en: experience.story.en
                + "\n\n### A year later\nIn the spring of 2025 the swimming pool came back on the agenda, now about a new pool together with the neighbouring municipality. The griffie planned an evening beforehand on which residents told their story. Council members asked the griffie for help with angry emails more often. The council stayed divided about the decision, but nobody felt they had to face it alone."
        )
        experience.didNotWork = LocalizedText(
            nl: experience.didNotWork.nl
                + "\n- Het tweede thema, regionale samenwerking, hebben wij nog steeds niet apart besproken. Het staat nu op de verbeteragenda.",
            en: experience.didNotWork.en
                + "\n- We have still not discussed the second theme, regional cooperation, on its own. It is now on the improvement agenda."
        )
        record.version = 2
        record.statusValue = ExperienceStatus.ingediend.rawValue
        record.updatedAt = written.addingTimeInterval(3600)
        try await record.update(on: db)
        try await ExperienceVersionRecord(experienceID: id, version: 2, experience: experience, at: written, by: record.contactUserID)
            .create(on: db)
        try await [
            ExperienceEvent(experienceID: id, action: ExperienceAction.save.key, version: 2, actor: "Marieke Jansen", at: written),
            ExperienceEvent(
                experienceID: id, action: ExperienceAction.submit.key, version: 2, actor: "Marieke Jansen",
                at: written.addingTimeInterval(3600)),
        ].create(on: db)
    }
}
