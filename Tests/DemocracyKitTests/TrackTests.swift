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

    @Test("A track from its form: blank phase rows left out, Dutch days read, every problem named by its field, phases in order")
    func trackFromForm() throws {
        let phase = { (name: String, from: String, until: String) in
            TrackDraft.Phase(name: .init(nl: name, en: ""), from: from, until: until)
        }
        let good = TrackDraft(
            title: .init(nl: " Dorpsraden met raadsleden ", en: ""), aim: .init(nl: "Kernen en raad praten vaker samen.", en: ""),
            description: .init(nl: "Vijf gemeenten proberen het uit.", en: ""), theme: "kernendemocratie", focusAreas: ["1", "3"],
            openForApplications: true,
            phases: [phase("Verkennen", "01-02-2027", "30-04-2027"), phase("", "", ""), phase("Proberen", "2027-05-01", "2027-12-31")])
        let track = try TrackRules.track(from: good, slug: "dorpsraden", offerSlug: nil).get()
        #expect(track.title.nl == "Dorpsraden met raadsleden" && track.theme == .kernendemocratie && track.focusAreas.count == 2)
        #expect(track.phases.map(\.from) == ["2027-02-01", "2027-05-01"], "the blank row is left out, the Dutch day read")
        var bad = good
        bad.title = .init(nl: " ", en: String(repeating: "x", count: 200))
        bad.theme = "ruimtevaart"
        bad.focusAreas = ["9"]
        bad.phases = [
            phase("Proberen", "2027-05-01", "2027-04-01"), phase("", "2027-01-01", "2027-02-01"),
            phase("Afronden", "31-02-2027", "2027-12-31"),
        ]
        guard case .failure(.fields(let problems)) = TrackRules.track(from: bad, slug: "x", offerSlug: nil) else {
            Issue.record("a wrong draft became a track")
            return
        }
        #expect(
            problems.map(\.field) == [
                "titleNl", "titleEn", "theme", "focusAreas", "phase1Until", "phase2Nl", "phase2From", "phase3From",
            ])
        bad = good
        bad.phases = [phase("", "", "")]
        guard case .failure(.fields(let none)) = TrackRules.track(from: bad, slug: "x", offerSlug: nil) else {
            Issue.record("a track without phases")
            return
        }
        #expect(none.map(\.message) == ["track.error.phases"])
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

@Suite("Comparing two versions of an experience")
struct VersionComparisonTests {
    let before = Experience(
        title: .init(nl: "Raad in beraad", en: "Council in deliberation"), summary: .init(nl: "Kort", en: ""),
        story: .init(nl: "Eerste alinea.\n\nTweede alinea.\n\nDerde alinea.", en: ""), worked: .init(nl: "Veel", en: ""),
        didNotWork: .init(nl: "Weinig", en: ""), outcome: .gemengd, visibility: .publiek, focusAreas: [.beterBetrokkenInwoners],
        offers: [], instruments: ["burgerberaad"], periodFrom: "2025-01", periodUntil: "2025-06")

    @Test("Only the parts that differ are named, in the form's order; a changed paragraph is the old line out and the new in")
    func changedParts() {
        var after = before
        after.story = .init(nl: "Eerste alinea.\n\nTweede alinea, herschreven.\n\nDerde alinea.\n\nVierde alinea.", en: "")
        after.outcome = .goed
        after.instruments = ["burgerberaad", "wijkbudget"]
        let changes = VersionComparison.changes(from: before, to: after)
        #expect(changes.map(\.part) == [.story, .outcome, .instruments])
        #expect(
            changes[0].dutch == [
                .init(.same, "Eerste alinea."), .init(.removed, "Tweede alinea."), .init(.added, "Tweede alinea, herschreven."),
                .init(.same, "Derde alinea."), .init(.added, "Vierde alinea."),
            ])
        #expect(changes[0].english.isEmpty, "an English text that stayed empty has no lines")
        #expect(VersionComparison.changes(from: before, to: before).isEmpty)
        let outcome = VersionComparison.changes(from: before, to: after)[1]
        #expect(outcome.english.isEmpty, "a choice is compared once, by its Dutch name")
    }

    @Test("Lines a browser sends with CRLF compare line by line like any other")
    func browserLineBreaks() {
        let lines = VersionComparison.lines(from: "Eerste alinea.\r\n\r\nTweede alinea.", to: "Eerste alinea.\r\n\r\nTweede, herschreven.")
        #expect(lines == [.init(.same, "Eerste alinea."), .init(.removed, "Tweede alinea."), .init(.added, "Tweede, herschreven.")])
    }

    @Test("Texts longer than the limit are compared as a whole, so a page stays small")
    func longTexts() {
        let long = (1...(VersionComparison.maxLines + 1)).map { "Regel \($0)" }.joined(separator: "\n")
        let lines = VersionComparison.lines(from: long, to: long + "\nNieuw")
        #expect(lines.filter { $0.kind == .removed }.count == VersionComparison.maxLines + 1)
        #expect(lines.last == .init(.added, "Nieuw"))
    }
}
