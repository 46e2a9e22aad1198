import DemocracyKit
import Fluent
import Foundation
import Vapor

/// The demo municipalities' experiences from `Resources/Data/learning/experiences-*.yaml`: written by their coordinator,
/// sent in and published by programme staff on the day the file names, and in the search index; one waits for
/// review, so the staff's list has something to do.
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
                let published = day.addingTimeInterval(10 * 3600)
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
        }
    }
}
