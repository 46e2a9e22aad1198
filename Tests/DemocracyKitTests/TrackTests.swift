import DemocracyKit
import Foundation
import Testing

@Suite("Innovation tracks: phases, applications, and a result that becomes an offer")
struct TrackTests {
    let track = Track(
        slug: "warmte", theme: .energietransitie, offerSlug: "energietransitie-participatie",
        focusAreas: [.beterBetrokkenInwoners, .vitaleDemocratischeGemeenschap], openForApplications: true,
        title: .init(nl: "Warmte met inwoners", en: "Heat with inhabitants"), aim: .init(nl: "Samen", en: "Together"),
        description: .init(nl: "Tekst", en: ""),
        phases: [
            TrackPhase(name: .init(nl: "Verkennen", en: "Exploring"), from: "2025-03-01", until: "2025-06-30"),
            TrackPhase(name: .init(nl: "Proberen", en: "Trying"), from: "2025-07-01", until: "2026-02-28"),
        ])

    @Test("A phase is done, current or upcoming on a day, its first and last day included")
    func phaseState() {
        let phase = track.phases[1]
        #expect(phase.state(on: "2025-06-30") == .upcoming)
        #expect(phase.state(on: "2025-07-01") == .current && phase.state(on: "2026-02-28") == .current)
        #expect(phase.state(on: "2026-03-01") == .done)
    }

    @Test("Applying needs an open track, a motivation, and no earlier application or participation")
    func applying() {
        func errors(_ motivation: String, open: Bool = true, in participates: Bool = false, waiting: Bool = false) -> [String] {
            let subject = Track(
                slug: track.slug, theme: track.theme, offerSlug: nil, focusAreas: track.focusAreas, openForApplications: open,
                title: track.title,
                aim: track.aim, description: track.description, phases: track.phases)
            return TrackApplicationRules.application(
                motivation: motivation, track: subject, alreadyParticipates: participates, hasOpenApplication: waiting
            )
            .map(\.message)
        }
        #expect(errors("Wij willen leren.").isEmpty)
        #expect(errors("  ") == ["track.error.motivation"])
        #expect(errors(String(repeating: "a", count: 2_001)) == ["error.too_long"])
        #expect(errors("Ja", open: false) == ["track.error.closed"])
        #expect(errors("Ja", in: true) == ["track.error.already_in"])
        #expect(errors("Ja", waiting: true) == ["track.error.already_applied"])
    }

    @Test("Staff accept, or decline with a reason, and only an application that waits")
    func deciding() {
        #expect((try? TrackApplicationRules.decision(accept: true, reason: "", on: .ingediend).get()) == .geaccepteerd)
        #expect((try? TrackApplicationRules.decision(accept: false, reason: "Vol", on: .ingediend).get()) == .afgewezen)
        #expect((try? TrackApplicationRules.decision(accept: false, reason: " ", on: .ingediend).get()) == nil)
        #expect((try? TrackApplicationRules.decision(accept: true, reason: "", on: .afgewezen).get()) == nil)
    }

    @Test("A result becomes an offer of lokaal maatwerk with the track's focus areas and a line saying where it came from")
    func resultToOffer() {
        let result = TrackResult(
            slug: "warmtegesprekken", title: .init(nl: "Warmtegesprekken", en: "Heat conversations"),
            summary: .init(nl: "Kort", en: "Short"),
            document: .init(nl: "Zo werkt het.", en: ""), lessons: .init(nl: "- Les", en: "- Lesson"), publishedOn: "2026-06-15")
        let offer = result.offer(
            slug: "warmtegesprekken", form: .toolkit, audiences: [.inwoners], duration: .init(nl: "Een avond", en: "An evening"),
            cost: .init(nl: "Gratis", en: "Free"), track: track)
        #expect(offer.pillar == .lokaalMaatwerk && offer.focusAreas == track.focusAreas && offer.status == .beschikbaar)
        #expect(offer.description.nl.hasSuffix("Dit aanbod is ontstaan uit het innovatietraject \"Warmte met inwoners\"."))
        #expect(offer.description.en.hasPrefix("Zo werkt het."), "an English document left empty falls back to Dutch")
        #expect(OfferRules.problems(offer).isEmpty)
    }
}
