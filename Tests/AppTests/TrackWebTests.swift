import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Innovation tracks: joining, results, and a result that becomes an offer")
struct TrackWebTests {
    /// The demo, with its three tracks, and its coordinator of Demodorp and programme staff signed in.
    private func demo(_ app: Application) async throws -> (coordinator: Browser, staff: Browser) {
        try await DemoSeed.run(app: app)
        let coordinator = Browser(app)
        try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
        let staff = Browser(app)
        try await staff.signIn("programma@demo.dia.example", password: DemoSeed.password)
        return (coordinator, staff)
    }

    @Test("Anyone reads the tracks, their phases and results; a result that became an offer is linked both ways and found by search")
    func readAndFind() async throws {
        try await withTestApp { app in
            // setup
            _ = try await demo(app)
            let tracks = try await TrackStore.all(on: app.db)
            let converted = try #require(try await TrackResultRecord.query(on: app.db).filter(\.$offerSlug != nil).first())
            let track = try #require(tracks.first { $0.id == converted.trackID })
            let offerSlug = try #require(converted.offerSlug)
            // act
            let list = try await app.testing().sendRequest(.GET, TrackURL.list.path)
            let page = try await app.testing().sendRequest(.GET, TrackURL.show(.value(track.slug)).path)
            let result = try await app.testing().sendRequest(.GET, TrackURL.result(.value(track.slug), .value(converted.slug)).path)
            let offer = try await app.testing().sendRequest(.GET, CatalogueURL.show(.value(offerSlug)).path)
            let search = try await app.testing().sendRequest(.GET, ExperienceURL.list.with([("soort", "resultaat")]))
            // check
            #expect(tracks.count == 3 && list.status == .ok)
            for record in tracks { #expect(list.html.contains(TrackURL.show(.value(record.slug)).path)) }
            #expect(page.html.contains("aria-current=\"step\"") || page.html.contains("klaar"))
            #expect(page.html.contains(TrackURL.result(.value(track.slug), .value(converted.slug)).path))
            #expect(
                result.html.contains("Dit resultaat is nu aanbod van lokaal maatwerk:")
                    && result.html.contains(CatalogueURL.show(.value(offerSlug)).path))
            #expect(
                offer.html.contains("Dit aanbod is ontstaan uit het innovatietraject")
                    && offer.html.contains(TrackURL.result(.value(track.slug), .value(converted.slug)).path))
            #expect(search.html.contains(TrackURL.result(.value(track.slug), .value(converted.slug)).path))
            #expect(!result.html.contains("Maak hier aanbod"), "visitors cannot turn results into offers")
        }
    }

    @Test("A coordinator applies to the open track; staff decline only with a reason, then accept; the municipality then takes part")
    func applyAndDecide() async throws {
        try await withTestApp { app in
            // setup
            let (coordinator, staff) = try await demo(app)
            let open = try #require(try await TrackStore.all(on: app.db).first { $0.openForApplications })
            let closed = try #require(try await TrackStore.all(on: app.db).first { !$0.openForApplications })
            let participates = try await TrackStore.participants(of: try open.requireID(), on: app.db).map(\.municipalityCode)
            let code = try #require(["GM9901", "GM9902"].first { !participates.contains($0) })
            let applicant = code == "GM9901" ? coordinator : Browser(app)
            if code == "GM9902" { try await applicant.signIn("trekker.voorbeeldstad@demo.dia.example", password: DemoSeed.password) }
            let page = TrackURL.show(.value(open.slug)).path
            try await applicant.get(page)
            // act and check: bad input first
            let empty = try await applicant.post(TrackURL.apply(.value(open.slug)).path, ["municipality": code, "motivation": " "])
            #expect(empty.status == .unprocessableEntity && empty.html.contains("Vertel waarom uw gemeente wil meedoen."))
            let foreign = try await applicant.post(
                TrackURL.apply(.value(open.slug)).path, ["municipality": "GM0363", "motivation": "Wij willen"])
            #expect(foreign.status == .forbidden)
            try await applicant.get(TrackURL.show(.value(closed.slug)).path)
            let shut = try await applicant.post(
                TrackURL.apply(.value(closed.slug)).path, ["municipality": code, "motivation": "Wij willen"])
            #expect(shut.status == .unprocessableEntity && shut.html.contains("Aanmelden voor dit traject kan nu niet."))
            // applied, and told twice is refused
            try await applicant.get(page)
            let applied = try await applicant.post(
                TrackURL.apply(.value(open.slug)).path, ["municipality": code, "motivation": "Onze jongeren haken af bij de raad."])
            #expect(applied.status == .seeOther)
            let again = try await applicant.post(
                TrackURL.apply(.value(open.slug)).path, ["municipality": code, "motivation": "Nog een keer."])
            #expect(again.html.contains("heeft zich al aangemeld"))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "track.application").count() >= 1)
            // staff: declining without a reason changes nothing; accepting adds the municipality
            let application = try #require(try await TrackApplication.query(on: app.db).filter(\.$municipalityCode == code).first())
            let decide = TrackURL.decide(.value(try application.requireID())).path
            try await staff.get(TrackURL.staffList.path)
            let noReason = try await staff.post(decide, ["decision": "afwijzen", "reason": ""])
            #expect(noReason.status == .seeOther)
            #expect(try await TrackApplication.find(application.id, on: app.db)?.status == .ingediend)
            let accepted = try await staff.post(decide, ["decision": "accepteren", "reason": ""])
            #expect(accepted.status == .seeOther)
            let twice = try await staff.post(decide, ["decision": "afwijzen", "reason": "Te laat"])
            #expect(twice.status == .seeOther)
            #expect(try await TrackApplication.find(application.id, on: app.db)?.status == .geaccepteerd)
            #expect(try await TrackStore.participants(of: try open.requireID(), on: app.db).map(\.municipalityCode).contains(code))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "track.decision").count() >= 1)
            let after = try await applicant.get(page)
            #expect(after.html.contains("Geaccepteerd"))
        }
    }

    @Test("Staff turn a result into a paused offer with one action, linked both ways; a second time is refused")
    func resultBecomesOffer() async throws {
        try await withTestApp { app in
            // setup
            let (_, staff) = try await demo(app)
            let result = try #require(try await TrackResultRecord.query(on: app.db).filter(\.$offerSlug == nil).first())
            let track = try #require(try await TrackRecord.find(result.trackID, on: app.db))
            let page = TrackURL.result(.value(track.slug), .value(result.slug)).path
            let before = try await staff.get(page)
            #expect(before.html.contains("Maak hier aanbod van lokaal maatwerk van"))
            // act
            let made = try await staff.post(TrackURL.makeOffer(.value(track.slug), .value(result.slug)).path)
            // check
            #expect(made.status == .seeOther && made.location?.hasPrefix("/beheer/aanbod/") == true)
            let slug = try #require(try await TrackResultRecord.find(result.id, on: app.db)?.offerSlug)
            let offer = try #require(try await CatalogueStore.find(slug: slug, on: app.db)?.offer)
            #expect(offer.status == .gepauzeerd && offer.pillar == .lokaalMaatwerk && offer.focusAreas == track.track.focusAreas)
            #expect(offer.description.nl.contains("ontstaan uit het innovatietraject"))
            let second = try await staff.post(TrackURL.makeOffer(.value(track.slug), .value(result.slug)).path)
            #expect(second.status == .seeOther && second.location == page)
            #expect(try await OfferRecord.query(on: app.db).filter(\.$slug =~ result.slug).count() == 1)
        }
    }

    @Test("Staff publish a result of a track: every part named when missing, then online and found by search at once")
    func publishResult() async throws {
        try await withTestApp { app in
            // setup
            let (coordinator, staff) = try await demo(app)
            let track = try #require(try await TrackStore.all(on: app.db).first { $0.openForApplications })
            let form = TrackURL.newResult(.value(track.slug)).path
            #expect(try await coordinator.get(form).status == .forbidden)
            try await staff.get(form)
            // act
            let empty = try await staff.post(form, ["titleNl": "", "summaryNl": "", "documentNl": "", "lessonsNl": ""])
            let published = try await staff.post(
                form,
                [
                    "titleNl": "Stemhulp voor jongeren in de klas", "summaryNl": "Een stemhulp die leerlingen zelf maakten.",
                    "documentNl": "Leerlingen schreven twintig stellingen over hun gemeente.",
                    "lessonsNl": "- Begin vroeg in het schooljaar",
                ])
            // check
            #expect(empty.status == .unprocessableEntity)
            for message in [
                "Vul een titel in.", "Vul een korte samenvatting in.", "Beschrijf het resultaat.", "Schrijf wat de gemeenten leerden.",
            ] {
                #expect(empty.html.contains(message), "\(message)")
            }
            #expect(published.status == .seeOther)
            let path = TrackURL.result(.value(track.slug), .value("stemhulp-voor-jongeren-in-de-klas")).path
            #expect(published.location == path)
            #expect(try await app.testing().sendRequest(.GET, path).html.contains("Leerlingen schreven twintig stellingen"))
            let found = try await app.testing().sendRequest(.GET, ExperienceURL.list.with([("zoek", "stemhulpen")]))
            #expect(found.html.contains(path), "a plural finds the new result at once")
        }
    }

    @Test(
        "Staff make a track and edit it: every problem named, phases kept in order, results found under the new focus areas, and an edit made meanwhile is not overwritten"
    )
    func staffWriteTracks() async throws {
        try await withTestApp { app in
            // setup
            let (coordinator, staff) = try await demo(app)
            let new = TrackURL.newTrack.path
            #expect(try await coordinator.get(new).status == .forbidden)
            let form = try await staff.get(new)
            let fields: [(String, String)] = [
                ("version", "0"), ("titleNl", "Dorpsraden en de gemeenteraad"), ("theme", "kernendemocratie"), ("focusAreas[]", "1"),
                ("focusAreas[]", "3"), ("aimNl", "Kernen en raad spreken elkaar vaker, op vaste momenten."),
                ("descriptionNl", "Vijf gemeenten met veel kernen proberen **vaste gesprekken** tussen dorpsraden en raadsleden."),
                ("openForApplications", "ja"), ("phase1Nl", "Verkennen"), ("phase1From", "01-02-2027"), ("phase1Until", "30-04-2027"),
                ("phase2Nl", "Proberen"), ("phase2From", "01-05-2027"), ("phase2Until", "31-12-2027"),
            ]
            // act
            let empty = try await staff.post(new, pairs: [("version", "0"), ("titleNl", " ")])
            let made = try await staff.post(new, pairs: fields)
            let page = try await app.testing().sendRequest(.GET, TrackURL.show(.value("dorpsraden-en-de-gemeenteraad")).path)
            // an existing track with a result: its focus areas change
            let record = try #require(try await TrackStore.all(on: app.db).first { !$0.openForApplications })
            let result = try #require(try await TrackStore.results(of: try record.requireID(), on: app.db).first)
            let edit = TrackURL.editTrack(.value(record.slug)).path
            let editForm = try await staff.get(edit)
            var values = TrackPages.values(of: record)
            values["focusAreas"] = nil
            let pairs = values.map { ($0.key, $0.value) } + [("focusAreas[]", "7")]
            let saved = try await staff.post(edit, pairs: pairs)
            let stale = try await staff.post(edit, pairs: pairs.map { $0.0 == "titleNl" ? ($0.0, "Mijn oude versie") : $0 })
            let searched = try await app.testing().sendRequest(
                .GET, ExperienceURL.list.with([("soort", "resultaat"), ("gebied", FocusArea(rawValue: 7)!.slug)]))
            // check
            #expect(form.html.contains(#"name="phase6Until""#) && editForm.html.contains(#"value="\#(record.version)""#))
            #expect(empty.status == .unprocessableEntity)
            for message in [
                "Vul de naam van het traject in.", "Vul het doel van het traject in.", "Beschrijf het traject.",
                "Kies minstens één aandachtsgebied.", "Vul minstens één fase in.",
            ] {
                #expect(empty.html.contains(message), "\(message)")
            }
            #expect(made.status == .seeOther && made.location == TrackURL.show(.value("dorpsraden-en-de-gemeenteraad")).path)
            #expect(page.html.contains("<strong>vaste gesprekken</strong>") && page.html.contains("Verkennen"))
            #expect(try await TrackStore.all(on: app.db).count == 4)
            #expect(saved.status == .seeOther)
            let after = try #require(try await TrackRecord.find(record.requireID(), on: app.db))
            #expect(after.version == record.version + 1 && after.track.focusAreas == [FocusArea(rawValue: 7)!] && after.slug == record.slug)
            #expect(
                searched.html.contains(TrackURL.result(.value(record.slug), .value(result.slug)).path), "the result moved with its track")
            #expect(stale.status == .conflict && stale.html.contains("Iemand anders heeft dit traject opgeslagen"))
            #expect(stale.html.contains(#"value="Mijn oude versie""#), "the text typed stays in the form")
            #expect(try await TrackRecord.find(record.requireID(), on: app.db)?.titleNl == record.titleNl)
        }
    }
}
