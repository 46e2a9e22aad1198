import DemocracyKit
import Foundation
import Testing

func offer(
    _ slug: String, _ pillar: Pillar = .lokaalMaatwerk, areas: [FocusArea] = [.beterBetrokkenInwoners],
    audiences: [Audience] = [.inwoners], form: OfferForm = .sessie, status: OfferStatus = .beschikbaar,
    title: String? = nil, summary: String = "Een korte samenvatting."
) -> Offer {
    let text = LocalizedText(nl: title ?? "Aanbod \(slug)", en: title ?? "Offer \(slug)")
    return Offer(
        slug: slug, pillar: pillar, focusAreas: areas, audiences: audiences, form: form, status: status,
        provider: "Democratie in Actie", title: text, summary: LocalizedText(nl: summary, en: summary),
        description: LocalizedText(nl: "Tekst", en: "Text"), duration: LocalizedText(nl: "Een avond", en: "An evening"),
        cost: LocalizedText(nl: "Gratis", en: "Free"))
}

/// The only tags a rendered description may hold: the allowed elements with the allowed attributes, quoted.
nonisolated(unsafe) let allowedTag =
    #/<(/?)(p|em|strong|b|i|code|pre|blockquote|ul|ol|li|del|s|a|table|thead|tbody|tr|th|td|h[3-6]|br|hr|img)( (href|src|alt)="[^"<>]*")*>/#

@Suite("Catalogue: descriptions are rendered harmless")
struct SafeMarkdownTests {
    @Test("Ordinary Markdown keeps its meaning: emphasis, lists, links to the web, local images, tables")
    func ordinaryMarkdown() {
        let html = SafeMarkdown.html(
            from: "Een **sterke** raad.\n\n- een\n- twee\n\n[Wet](https://wetten.overheid.nl/) en ![Kaart](/afbeeldingen/kaart.png)")
        #expect(html.contains("<strong>sterke</strong>"))
        #expect(html.contains("<ul><li>een</li><li>twee</li></ul>"))
        #expect(html.contains("<a href=\"https://wetten.overheid.nl/\">Wet</a>"))
        #expect(html.contains("<img src=\"/afbeeldingen/kaart.png\" alt=\"Kaart\">"))
    }

    @Test("Headings never rise above the page's own: a # in a description becomes a third-level heading")
    func headingsDemoted() {
        #expect(SafeMarkdown.html(from: "# Titel\n\n## Kop\n\n#### Klein") == "<h3>Titel</h3><h3>Kop</h3><h4>Klein</h4>")
    }

    @Test(
        "Script, frames, styles, forms and event attributes never reach the page as HTML",
        arguments: [
            "<script>alert(1)</script>",
            "Tekst <SCRIPT src=//evil.example/x.js></SCRIPT>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<img src=x onerror=alert(1)>",
            "<p onmouseover=\"alert(1)\">hallo</p>",
            "<svg onload=alert(1)>",
            "<style>body{display:none}</style>",
            "<form action=https://evil.example><input name=x></form>",
            "<a href=\"https://ok.example\" onclick=\"alert(1)\">klik</a>",
            "<object data=x.swf></object><embed src=x>",
            "<<script>script>alert(1)<</script>/script>",
            "<meta http-equiv=refresh content=\"0;url=https://evil.example\">",
        ])
    func hostileHTML(source: String) {
        let html = SafeMarkdown.html(from: source)
        #expect(!html.replacing(allowedTag, with: "").contains("<"), "\(html)")
        #expect(html.contains("klik") || !source.contains("klik"))
    }

    @Test(
        "Links to javascript:, data: and other schemes lose their address, however they are written",
        arguments: [
            "[klik](javascript:alert(1))",
            "[klik](JaVaScRiPt:alert(1))",
            "<a href=\"jav&#x61;script:alert(1)\">klik</a>",
            "<a href=\"&#106;avascript:alert(1)\">klik</a>",
            "<a href=\"java\tscript:alert(1)\">klik</a>",
            "<a href=' javascript:alert(1)'>klik</a>",
            "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "<a href=\"vbscript:msgbox(1)\">klik</a>",
            "<a href=\"java&Tab;script:alert(1)\">klik</a>",
        ])
    func hostileLinks(source: String) {
        let html = SafeMarkdown.html(from: source)
        #expect(!html.contains("href"), "\(html)")
        #expect(html.contains("klik"))
    }

    @Test("Images from elsewhere are replaced by their text, so reading a page tells no other site")
    func remoteImages() {
        #expect(SafeMarkdown.html(from: "![Logo](https://tracker.example/p.png)") == "Logo")
        #expect(SafeMarkdown.html(from: "![Logo](//tracker.example/p.png)") == "Logo")
        #expect(!SafeMarkdown.html(from: "<img src=\"data:image/png;base64,AAAA\" alt=\"x\">").contains("<img"))
    }

    @Test("Stray and unknown tags stay visible as text and every element is closed")
    func balanced() {
        let html = SafeMarkdown.html(from: "Een </div> en <b>vet")
        #expect(html.contains("&lt;/div&gt;"))
        #expect(html.hasSuffix("</b></p>") || html.contains("<b>vet</b>"))
    }

    @Test("Whatever is mixed together, no element or attribute outside the allowed list comes out (10,000 generated texts)")
    func generatedMixtures() {
        let parts = [
            "<script>", "</script>", "<img src=x onerror=alert(1)>", "[a](javascript:x)", "<a href=\"jav&#97;script:x\">",
            "**vet**", "\n\n", "- punt\n", "<iframe>", "\"", "'", "&", "&#0;", "<", ">", "<p style=\"x\">", "`code`",
            "<svg/onload=alert(1)>", "![b](http://x/y.png)", "# kop\n", "<a href=/pad>", "</a>", "<!-- x -->",
        ]
        var generator = SplitMix(seed: 2026)
        for _ in 0..<10_000 {
            let source = (0..<Int(generator.next() % 8 + 1)).map { _ in parts[Int(generator.next() % UInt64(parts.count))] }.joined()
            let html = SafeMarkdown.html(from: source)
            #expect(!html.replacing(allowedTag, with: "").contains("<"), "\(source) → \(html)")
            for match in html.matches(of: #/href="([^"]*)"/#) {
                let target = match.1.lowercased()
                #expect(
                    target.hasPrefix("/") || target.hasPrefix("http://") || target.hasPrefix("https://") || !target.contains(":"),
                    "\(source) → \(html)")
            }
        }
    }
}

/// A small, seeded generator, so a failure can be run again.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Catalogue: filters, counts and search")
struct CatalogueFilterTests {
    let catalogue = Catalogue([
        offer("raad-in-beraad", areas: [.krachtigeGemeenteraad], audiences: [.raad, .griffie], title: "Raad in beraad"),
        offer(
            "uitdaagrecht", areas: [.beterBetrokkenInwoners], audiences: [.inwoners, .ambtenaren], form: .advies,
            title: "Hulp bij het uitdaagrecht"),
        offer(
            "kernen", .innovatietrajecten, areas: [.beterBetrokkenInwoners, .vitaleDemocratischeGemeenschap], audiences: [.inwoners],
            title: "Kernendemocratie", summary: "Dorpen krijgen meer invloed; het wordt geëvalueerd."),
        offer(
            "netwerk", .lerenVanElkaar, areas: [.krachtigeGemeenteraad], audiences: [.griffie], status: .gepauzeerd,
            title: "Leernetwerk griffiers"),
        offer("oud", areas: [.krachtigeGemeenteraad], audiences: [.raad], status: .vervallen, title: "Introductie Omgevingswet"),
    ])

    @Test("With no choice every offer shows except retired ones, by pillar, available before paused")
    func everything() {
        let result = catalogue.find(CatalogueFilter(), language: .nl)
        #expect(result.offers.map(\.slug) == ["uitdaagrecht", "raad-in-beraad", "kernen", "netwerk"])
        #expect(result.counts.pillars == [.lokaalMaatwerk: 2, .innovatietrajecten: 1, .lerenVanElkaar: 1])
        #expect(catalogue.find(CatalogueFilter(includeRetired: true), language: .nl).offers.count == 5)
    }

    @Test("The number beside each choice is what that choice would show with the other choices kept")
    func facetCounts() {
        let result = catalogue.find(CatalogueFilter(focusArea: .krachtigeGemeenteraad), language: .nl)
        #expect(result.offers.map(\.slug) == ["raad-in-beraad", "netwerk"])
        #expect(result.counts.pillars == [.lokaalMaatwerk: 1, .lerenVanElkaar: 1])
        #expect(result.counts.focusAreas == [.krachtigeGemeenteraad: 2, .beterBetrokkenInwoners: 2, .vitaleDemocratischeGemeenschap: 1])
        #expect(result.counts.audiences == [.raad: 1, .griffie: 2])
        let both = catalogue.find(CatalogueFilter(focusArea: .krachtigeGemeenteraad, audience: .raad), language: .nl)
        #expect(both.offers.map(\.slug) == ["raad-in-beraad"])
        #expect(both.counts.forms == [.sessie: 1])
    }

    @Test("Search ignores case and accents, needs every word, and puts title matches first")
    func search() {
        #expect(catalogue.find(CatalogueFilter(search: "GEEVALUEERD"), language: .nl).offers.map(\.slug) == ["kernen"])
        #expect(catalogue.find(CatalogueFilter(search: "raad beraad"), language: .nl).offers.map(\.slug) == ["raad-in-beraad"])
        #expect(catalogue.find(CatalogueFilter(search: "raad onbekendwoord"), language: .nl).offers.isEmpty)
        let invloed = Catalogue([
            offer("b", summary: "Over dorpen en invloed."), offer("a", title: "Invloed van dorpen"),
        ]).find(CatalogueFilter(search: "invloed"), language: .nl)
        #expect(invloed.offers.map(\.slug) == ["a", "b"])
    }
}

@Suite("Catalogue: the seed file")
struct OfferFileTests {
    @Test("The shipped catalogue reads, with real offers in all three pillars, both languages filled in")
    func shippedCatalogue() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let offers = try OfferFile.parse(
            String(contentsOfFile: root.appendingPathComponent("Resources/Data/catalogue/offers.yaml").path, encoding: .utf8))
        #expect(offers.count >= 20)
        #expect(Set(offers.map(\.pillar)) == Set(Pillar.allCases))
        #expect(offers.allSatisfy { OfferRules.problems($0).isEmpty })
        #expect(offers.allSatisfy { !$0.description.nl.contains("<") && !$0.description.en.contains("<") })
    }

    @Test(
        "A mistake in the file is named with its offer",
        arguments: [
            ("pillar: onbekend", "unknown pillar 'onbekend'"),
            ("focus_areas: [geen-gebied]", "unknown focus area 'geen-gebied'"),
            ("form: workshop", "unknown form 'workshop'"),
            ("focus_areas: []", "focusAreas"),
        ])
    func badFile(line: String, reason: String) {
        var fields = [
            "slug: proef", "pillar: lokaal-maatwerk", "focus_areas: [weerbaar-bestuur]", "audiences: [raad]", "form: sessie",
            "status: beschikbaar", "provider: Democratie in Actie", "title: {nl: Titel, en: Title}",
            "summary: {nl: Kort, en: Short}", "description: {nl: Tekst, en: Text}", "duration: {nl: Uur, en: Hour}",
            "cost: {nl: Gratis, en: Free}",
        ]
        let key = line.split(separator: ":")[0]
        fields = fields.map { $0.hasPrefix(key + ":") ? line : $0 }
        let yaml = "offers:\n  - " + fields.joined(separator: "\n    ")
        #expect {
            _ = try OfferFile.parse(yaml)
        } throws: { error in
            "\(error)".contains(reason) && "\(error)".contains("proef")
        }
    }
}

@Suite("Catalogue: recommendations from a report")
struct RecommendationTests {
    /// Theme A (beter betrokken inwoners): inwoners 25 with priority 87.5, raad 65; theme B scores well.
    let report = ReportBuilder.build(ReportTests.data())
    let names = ["a": LocalizedText(nl: "Thema A", en: "Theme A"), "b": LocalizedText(nl: "Thema B", en: "Theme B")]

    @Test("An offer for the group that scored lowest comes first, with the numbers in one sentence")
    func rankedWithReason() {
        let offers = [
            offer("voor-de-raad", audiences: [.raad]), offer("voor-inwoners", audiences: [.inwoners]),
            offer("alleen-raad-thema", areas: [.krachtigeGemeenteraad], audiences: [.raad]),
        ]
        let found = Recommender.recommend(report: report, themeNames: names, offers: offers)
        #expect(found.map(\.offer.slug) == ["voor-inwoners", "voor-de-raad"])
        #expect(found[0].reason.nl == "Inwoners geven ‘Thema A’ 25 en vinden het belangrijk; de raad geeft 65.")
        #expect(found[0].reason.en == "Inhabitants give ‘Theme A’ 25 and find it important; the council gives 65.")
        #expect(found[0].weight - found[1].weight == Recommender.bonusForAudience)
    }

    @Test("Equal need goes by the offer's slug, so the same report always gives the same list")
    func ties() {
        let offers = [offer("c"), offer("a"), offer("b")]
        #expect(Recommender.recommend(report: report, themeNames: names, offers: offers).map(\.offer.slug) == ["a", "b", "c"])
        #expect(
            Recommender.recommend(report: report, themeNames: names, offers: offers.reversed(), limit: 2).map(\.offer.slug) == ["a", "b"])
    }

    @Test("One weak theme does not fill the list: two offers per theme first, then the next theme, then the rest")
    func spreadOverThemes() {
        let data = ScanData(
            bank: miniBank, groups: [.raad, .inwoners], responses: [.raad: 10, .inwoners: 40],
            distributions: [
                "a.1": [.raad: dist(0, 0, 0, 2, 6, 2), .inwoners: dist(0, 10, 20, 10, 0, 0)], "a.2": [.raad: dist(0, 0, 2, 4, 4, 0)],
                "a.p": [.raad: dist(0, 4, 4, 2, 0, 0), .inwoners: dist(0, 0, 0, 0, 20, 20)],
                "b.1": [.raad: dist(0, 5, 5, 0, 0, 0), .inwoners: dist(0, 10, 10, 10, 10, 0)], "b.p": [.raad: dist(0, 5, 5, 0, 0, 0)],
            ])
        let offers = [offer("a1"), offer("a2"), offer("a3"), offer("b1", areas: [.krachtigeGemeenteraad], audiences: [.raad])]
        let found = Recommender.recommend(report: ReportBuilder.build(data), themeNames: names, offers: offers)
        #expect(found.map(\.offer.slug) == ["a1", "a2", "b1", "a3"])
        #expect(found[2].reason.nl == "De raad geeft ‘Thema B’ 13; inwoners geven 38.")
    }

    @Test("Paused, retired and already requested offers are not recommended")
    func onlyAvailable() {
        let offers = [
            offer("gepauzeerd", status: .gepauzeerd), offer("vervallen", status: .vervallen), offer("aangevraagd"), offer("open"),
        ]
        let found = Recommender.recommend(report: report, themeNames: names, offers: offers, alreadyRequested: ["aangevraagd"])
        #expect(found.map(\.offer.slug) == ["open"])
    }

    @Test("A group below five respondents changes nothing, whatever it answered")
    func suppressedGroup() {
        let offers = [offer("voor-college", audiences: [.college]), offer("voor-inwoners")]
        let low = ReportBuilder.build(ReportTests.data(collegeAnswers: dist(0, 4, 0, 0, 0, 0)))
        let high = ReportBuilder.build(ReportTests.data(collegeAnswers: dist(0, 0, 0, 0, 0, 4)))
        #expect(
            Recommender.recommend(report: low, themeNames: names, offers: offers)
                == Recommender.recommend(report: high, themeNames: names, offers: offers))
    }

    @Test("A report without inhabitants names the council's own numbers, and gives no bonus to offers for inhabitants")
    func withoutInhabitants() {
        let data = ScanData(
            bank: miniBank, groups: [.raad, .ambtenaren], responses: [.raad: 10, .ambtenaren: 8],
            distributions: [
                "a.1": [.raad: dist(0, 2, 6, 2, 0, 0), .ambtenaren: dist(0, 0, 0, 2, 4, 2)],
                "a.p": [.raad: dist(0, 0, 2, 8, 0, 0)],
                "b.1": [.raad: dist(0, 0, 0, 0, 5, 5), .ambtenaren: dist(0, 0, 0, 0, 4, 4)],
            ])
        let found = Recommender.recommend(
            report: ReportBuilder.build(data), themeNames: names,
            offers: [offer("voor-inwoners"), offer("voor-raad", audiences: [.raad])])
        #expect(found.map(\.offer.slug) == ["voor-raad", "voor-inwoners"])
        #expect(found[0].reason.nl == "De raad geeft ‘Thema A’ 25; ambtenaren geven 75.")
    }

    @Test("When every group scores every theme as a strength, nothing is recommended")
    func nothingNeeded() {
        let data = ScanData(
            bank: miniBank, groups: [.raad], responses: [.raad: 10],
            distributions: [
                "a.1": [.raad: dist(0, 0, 0, 0, 5, 5)], "a.2": [.raad: dist(0, 0, 0, 0, 5, 5)], "b.1": [.raad: dist(0, 0, 0, 0, 0, 10)],
            ])
        #expect(Recommender.recommend(report: ReportBuilder.build(data), themeNames: names, offers: [offer("x")]).isEmpty)
    }
}

@Suite("Catalogue: the request workflow")
struct RequestWorkflowTests {
    let today = "2026-12-01"

    func next(_ action: RequestAction, _ status: RequestStatus, _ actor: RequestActor) -> RequestStatus? {
        try? RequestWorkflow.apply(action, to: status, by: actor, today: today).get()
    }

    @Test("The whole way: submitted, taken on, granted, planned, carried out, evaluated")
    func wholeWay() {
        #expect(next(.startHandling, .ingediend, .programme) == .inBehandeling)
        #expect(next(.grant, .inBehandeling, .programme) == .toegekend)
        #expect(next(.plan(on: "2027-01-15"), .toegekend, .programme) == .gepland)
        #expect(next(.plan(on: "2027-02-01"), .gepland, .programme) == .gepland, "another date")
        #expect(next(.markDone, .gepland, .programme) == .uitgevoerd)
        #expect(next(.evaluate(rating: 4, lessons: "Goede avond."), .uitgevoerd, .municipality) == .geevalueerd)
    }

    @Test(
        "Invalid moves are refused: granting a withdrawn request, planning a refused one, evaluating before it was carried out",
        arguments: [
            (RequestAction.grant, RequestStatus.ingetrokken), (.plan(on: "2027-01-15"), .afgewezen), (.markDone, .toegekend),
            (.startHandling, .toegekend), (.reject(reason: "Past niet."), .gepland), (.grant, .geevalueerd),
        ])
    func invalidMoves(action: RequestAction, status: RequestStatus) {
        #expect(next(action, status, .programme) == nil)
        if case .failure(let refusal) = RequestWorkflow.apply(action, to: status, by: .programme, today: today) {
            #expect(refusal.message == "request.error.transition")
        }
    }

    @Test(
        "An evaluated request starts a shared experience in one call, with the offer's focus areas, period and lessons; nothing earlier does"
    )
    func experienceStart() throws {
        let used = offer("raad-in-beraad", areas: [.krachtigeGemeenteraad, .beterBetrokkenInwoners], title: "Raad in beraad")
        func start(_ status: RequestStatus, rating: Int? = 4, lessons: String? = "  Goede avond, te weinig jongeren.  ") -> ExperienceStart?
        {
            ExperienceStart.of(
                status: status, offer: used, rating: rating, lessons: lessons, requestedOn: "2026-03-02", evaluatedOn: "2026-06-20")
        }
        let evaluated = try #require(start(.geevalueerd))
        #expect(evaluated.title.nl == "Onze ervaring met Raad in beraad" && evaluated.title.en == "Our experience with Raad in beraad")
        #expect(evaluated.focusAreas == [.krachtigeGemeenteraad, .beterBetrokkenInwoners] && evaluated.offerSlug == "raad-in-beraad")
        #expect(evaluated.from == "2026-03-02" && evaluated.until == "2026-06-20")
        #expect(evaluated.rating == 4 && evaluated.lessons == "Goede avond, te weinig jongeren.")
        #expect(start(.uitgevoerd) == nil, "carried out but not yet evaluated")
        #expect(
            start(.geevalueerd, lessons: " ") == nil && start(.geevalueerd, rating: nil) == nil && start(.geevalueerd, rating: 9) == nil)
    }

    @Test("Each side takes only its own steps: staff decide, the municipality withdraws (until planned) and evaluates")
    func sides() {
        #expect(next(.grant, .ingediend, .municipality) == nil)
        #expect(next(.withdraw, .ingediend, .programme) == nil)
        #expect(next(.evaluate(rating: 5, lessons: "x"), .uitgevoerd, .programme) == nil)
        #expect(next(.withdraw, .toegekend, .municipality) == .ingetrokken)
        #expect(next(.withdraw, .gepland, .municipality) == nil, "too late once planned")
        #expect(RequestWorkflow.actions(for: .ingediend, by: .programme) == ["in-behandeling", "toekennen", "afwijzen"])
        #expect(RequestWorkflow.actions(for: .uitgevoerd, by: .municipality) == ["evalueren"])
        #expect(RequestWorkflow.actions(for: .geevalueerd, by: .programme).isEmpty)
    }

    @Test("A refusal needs a reason, a date is real and not in the past, a rating is 1 to 5, lessons are written")
    func input() {
        func refusal(_ action: RequestAction, _ status: RequestStatus, _ actor: RequestActor = .programme) -> String? {
            if case .failure(let refusal) = RequestWorkflow.apply(action, to: status, by: actor, today: today) { return refusal.message }
            return nil
        }
        #expect(refusal(.reject(reason: "  "), .ingediend) == "request.error.reason_required")
        #expect(refusal(.reject(reason: String(repeating: "x", count: 1_001)), .ingediend) == "error.too_long")
        #expect(refusal(.plan(on: "2027-02-30"), .toegekend) == "request.error.date")
        #expect(refusal(.plan(on: "2026-11-30"), .toegekend) == "request.error.date_past")
        #expect(refusal(.plan(on: today), .toegekend) == nil)
        #expect(refusal(.evaluate(rating: 0, lessons: "x"), .uitgevoerd, .municipality) == "request.error.rating")
        #expect(refusal(.evaluate(rating: 6, lessons: "x"), .uitgevoerd, .municipality) == "request.error.rating")
        #expect(refusal(.evaluate(rating: 3, lessons: ""), .uitgevoerd, .municipality) == "request.error.lessons_required")
    }

    @Test("A new request needs an available offer, a motivation, and no open request for the same offer")
    func newRequest() {
        let open = offer("open"), paused = offer("pauze", status: .gepauzeerd), retired = offer("oud", status: .vervallen)
        #expect(
            RequestWorkflow.problems(offer: open, motivation: "Omdat inwoners weinig invloed ervaren.", openForSameOffer: false).isEmpty)
        #expect(
            RequestWorkflow.problems(offer: paused, motivation: "x", openForSameOffer: false).map(\.message) == [
                "request.error.offer_unavailable"
            ])
        #expect(
            RequestWorkflow.problems(offer: retired, motivation: "x", openForSameOffer: false).map(\.message) == [
                "request.error.offer_unavailable"
            ])
        #expect(RequestWorkflow.problems(offer: nil, motivation: "", openForSameOffer: false).map(\.field) == ["offer", "motivation"])
        #expect(
            RequestWorkflow.problems(offer: open, motivation: "x", openForSameOffer: true).map(\.message) == ["request.error.already_open"])
    }
}

@Suite("Trajectory: where it stands, and which steps can be marked")
struct TrajectoryStateTests {
    let state = TrajectoryState(reached: [
        .aanmelding: .init(day: "2026-09-01", reason: .signupAccepted), .startgesprek: .init(day: "2026-09-20", reason: .conversationHeld),
    ])

    @Test("The current step is the first not reached; the last reached tells since when")
    func current() {
        #expect(state.current == .quickScan)
        #expect(state.lastReached?.step == .startgesprek && state.lastReached?.day == "2026-09-20")
        #expect(TrajectoryState(reached: [:]).current == .aanmelding && TrajectoryState(reached: [:]).lastReached == nil)
    }

    @Test("Only the current step is marked, on a real day, not in the future, not before the step before it")
    func marking() {
        #expect(state.refusal(marking: .quickScan, on: "2026-10-01", today: "2026-12-01") == nil)
        #expect(state.refusal(marking: .rapport, on: "2026-10-01", today: "2026-12-01") == "trajectory.error.not_current")
        #expect(state.refusal(marking: .quickScan, on: "2026-12-02", today: "2026-12-01") == "trajectory.error.date_future")
        #expect(state.refusal(marking: .quickScan, on: "2026-09-19", today: "2026-12-01") == "trajectory.error.date_before_previous")
        #expect(state.refusal(marking: .quickScan, on: "2026-02-30", today: "2026-12-01") == "trajectory.error.date")
    }

    @Test("Work that completes a later step completes the earlier ones too, once; a step reached stays as it was")
    func reaching() {
        let reached = state.reaching(.rapport, on: "2026-11-01", because: .scanClosed)
        #expect(reached.map(\.0) == [.quickScan, .rapport])
        #expect(reached.map(\.1.reason) == [.withLaterStep, .scanClosed])
        #expect(state.reaching(.startgesprek, on: "2026-11-01", because: .scanOpened).isEmpty)
        let offer = state.reaching(.aanbod, on: "2026-11-01", because: .offerCarriedOut)
        #expect(offer.map(\.0) == [.aanbod], "an offer carried out does not show an agenda was written")
    }

    @Test("A scan opened again takes back what its closing reached, and nothing once the trajectory moved on")
    func undoingClose() {
        var steps = state.reached
        for (step, reached) in state.reaching(.rapport, on: "2026-11-01", because: .scanClosed) { steps[step] = reached }
        let closed = TrajectoryState(reached: steps)
        #expect(closed.undoingClose(on: "2026-11-01") == [.rapport, .quickScan])
        #expect(closed.undoingClose(on: "2026-11-02").isEmpty, "another closing day: not this closing's step")
        steps[.agenderingsgesprek] = .init(day: "2026-11-10", reason: .conversationHeld)
        #expect(TrajectoryState(reached: steps).undoingClose(on: "2026-11-01").isEmpty, "the conversation about the report stays")
        steps[.agenderingsgesprek] = nil
        steps[.rapport] = .init(day: "2026-11-01", reason: .marked, by: "Esra")
        #expect(TrajectoryState(reached: steps).undoingClose(on: "2026-11-01").isEmpty, "a step marked by hand stays")
    }

    @Test("A conversation needs its kind, a real date and who took part; long notes are refused with the limit")
    func conversationDraft() {
        let good = ConversationDraft(
            kind: "verdiepingsgesprek", heldOn: "2026-11-24", participants: "Marieke Jansen (griffier)", notes: "", decisions: "",
            followUp: "")
        #expect(good.problems.isEmpty)
        var bad = good
        bad.kind = "kletspraatje"
        bad.heldOn = "morgen"
        bad.participants = " "
        bad.notes = String(repeating: "x", count: 100_000)
        #expect(bad.problems.map(\.field) == ["kind", "heldOn", "participants", "notes"])
        #expect(bad.problems.last?.limit == ConversationDraft.maxNotes)
        #expect(ConversationKind.verdiepingsgesprek.completes == .agenderingsgesprek && ConversationKind.vervolggesprek.completes == nil)
    }
}

@Suite("Trajectory: the improvement agenda")
struct AgendaTests {
    let today = "2026-12-01"

    func row(_ area: String, _ actions: [AgendaForm.ActionRow] = [.init(what: "Raadsavond", who: "Griffie", due: "2027-02-01")])
        -> AgendaForm.PriorityRow
    {
        AgendaForm.PriorityRow(area: area, why: "Inwoners scoren laag.", actions: actions)
    }

    func problems(_ form: AgendaForm, previous: Agenda? = nil) -> [String] {
        if case .failure(.fields(let errors)) = form.agenda(previous: previous, today: today) {
            return errors.map { "\($0.field) \($0.message)" }
        }
        return []
    }

    @Test("One to three priorities, each with a focus area once, a reason and at least one action")
    func priorities() throws {
        let agenda = try AgendaForm(priorities: [row("3"), .init(), row("1")]).agenda(previous: nil, today: today).get()
        #expect(agenda.priorities.map(\.area) == [.beterBetrokkenInwoners, .krachtigeGemeenteraad])
        #expect(problems(AgendaForm(priorities: [.init(), .init(), .init()])) == ["p1-area agenda.error.none"])
        #expect(problems(AgendaForm(priorities: [row("1"), row("2"), row("3"), row("4")])) == ["p4-area agenda.error.too_many"])
        #expect(problems(AgendaForm(priorities: [row("3"), row("3")])) == ["p2-area agenda.error.area_twice"])
        #expect(problems(AgendaForm(priorities: [row("9")])) == ["p1-area agenda.error.area"])
        #expect(problems(AgendaForm(priorities: [row("3", [])])) == ["p1-a1-what agenda.error.no_actions"])
    }

    @Test("A new action may not be due in the past; an action that was there keeps its date; a date must be real")
    func dates() throws {
        let past = AgendaForm.ActionRow(what: "Enquête", who: "Ambtenaar", due: "2026-11-01")
        #expect(problems(AgendaForm(priorities: [row("3", [past])])) == ["p1-a1-due agenda.error.due_past"])
        let earlier = Agenda(priorities: [
            .init(
                area: .beterBetrokkenInwoners, why: "x",
                actions: [.init(what: "Enquête", who: "Ambtenaar", due: "2026-11-01", status: .klaar)])
        ])
        #expect(problems(AgendaForm(priorities: [row("3", [past])]), previous: earlier).isEmpty)
        #expect(
            problems(AgendaForm(priorities: [row("3", [.init(what: "x", who: "y", due: "2027-02-30")])])) == ["p1-a1-due agenda.error.due"])
        #expect(
            problems(AgendaForm(priorities: [row("3", [.init(what: "", who: "", due: "2027-01-01")])])).sorted() == [
                "p1-a1-what agenda.error.what", "p1-a1-who agenda.error.who",
            ])
    }

    @Test("What changed between two versions: a priority added, an action's status changed, an action removed")
    func changes() {
        let raadsavond = Agenda.Action(what: "Raadsavond", who: "Griffie", due: "2027-02-01", status: .gepland)
        let enquete = Agenda.Action(what: "Enquête", who: "Ambtenaar", due: "2027-03-01", status: .gepland)
        let old = Agenda(priorities: [.init(area: .beterBetrokkenInwoners, why: "Laag.", actions: [raadsavond, enquete])])
        var done = raadsavond
        done.status = .klaar
        let new = Agenda(priorities: [
            .init(area: .beterBetrokkenInwoners, why: "Laag.", actions: [done]),
            .init(area: .krachtigeGemeenteraad, why: "Rol raad.", actions: [enquete]),
        ])
        let changes = AgendaChange.between(old, new)
        #expect(
            changes == [
                .actionChanged(.beterBetrokkenInwoners, from: raadsavond, to: done), .actionRemoved(.beterBetrokkenInwoners, enquete),
                .priorityAdded(.krachtigeGemeenteraad), .actionAdded(.krachtigeGemeenteraad, enquete),
            ])
        #expect(
            changes[0].sentence.nl
                == "Beter betrokken inwoners: ‘Raadsavond’ (Griffie, 1 februari 2027, gepland) is nu ‘Raadsavond’ (Griffie, 1 februari 2027, klaar)."
        )
        #expect(AgendaChange.between(new, new).isEmpty)
    }
}

@Suite("Trajectory: the measured effect")
struct EffectTests {
    @Test("Each theme and group in both reports gets its change and margin; a small change is called possible chance")
    func compare() {
        let baseline = ReportBuilder.build(ReportTests.data())
        let better = ScanData(
            bank: miniBank, groups: [.raad, .college, .inwoners], responses: [.raad: 10, .college: 4, .inwoners: 40],
            distributions: [
                "a.1": [.raad: dist(0, 0, 0, 2, 6, 2), .inwoners: dist(0, 0, 5, 20, 15, 0)], "a.2": [.raad: dist(0, 0, 2, 4, 4, 0)],
                "b.1": [.raad: dist(0, 0, 0, 0, 5, 5), .inwoners: dist(0, 0, 0, 0, 30, 10)],
            ])
        let rows = Effect.compare(baseline: baseline, repeat: ReportBuilder.build(better))
        let inhabitantsA = rows.first { $0.themeID == "a" && $0.group == .inwoners }!
        #expect(inhabitantsA.baseline == 25 && inhabitantsA.current == 56.25 && inhabitantsA.verdict == .higher)
        let councilA = rows.first { $0.themeID == "a" && $0.group == .raad }!
        #expect(councilA.change == 0 && councilA.verdict == .withinNoise)
        #expect(!rows.contains { $0.group == .college }, "a group below five is in neither report")
        #expect(
            Effect.sentence(councilA).nl
                == "Raad: van 65 naar 65 (0; de marge is \(Int(councilA.margin.rounded()))). Dat verschil kan toeval zijn: het valt binnen de marge."
        )
        #expect(
            Effect.sentence(inhabitantsA).nl.hasPrefix("Inwoners: van 25 naar 56 (+31;")
                && Effect.sentence(inhabitantsA).nl.hasSuffix("Dat is duidelijk hoger."))
    }
}

@Suite("Trajectory: the programme's overview")
struct ProgrammeOverviewTests {
    let today = Format.startOfDay("2026-12-01")!.addingTimeInterval(12 * 3600)

    var inputs: [ProgrammeOverview.Input] {
        [
            .init(
                code: "GM0001", name: "Aadorp", province: "Utrecht", population: 15_000,
                reached: [.aanmelding: "2026-01-01", .startgesprek: "2026-01-11"], openRequestsByAge: [], agendaSent: false),
            .init(
                code: "GM0002", name: "Bestad", province: "Utrecht", population: 120_000,
                reached: [.aanmelding: "2026-01-01", .startgesprek: "2026-01-21", .quickScan: "2026-03-01"],
                openRequestsByAge: [1, 0, 0, 1], agendaSent: true),
            .init(
                code: "GM0003", name: "Cemeer", province: "Fryslân", population: 30_000,
                reached: [.aanmelding: "2026-11-01"], openRequestsByAge: [0, 1, 0, 0], agendaSent: false),
        ]
    }

    @Test("Municipalities per current step, the median length of each step, open requests by age, agendas received")
    func overview() {
        let overview = ProgrammeOverview(inputs, filter: .init(), today: today)
        #expect(overview.rows.map(\.current) == [.quickScan, .rapport, .startgesprek])
        #expect(
            overview.perStep.first { $0.step == .startgesprek }?.count == 1 && overview.perStep.first { $0.step == .quickScan }?.count == 1)
        #expect(overview.medianDays[.startgesprek] == 20, "10 and 20 days: the upper middle")
        #expect(overview.requestsByAge == [1, 1, 0, 1])
        #expect(overview.agendasReceived == 1)
        #expect(overview.rows.first { $0.code == "GM0003" }?.daysInStep == 30)
        #expect(ProgrammeOverview.bucketStarts(today: today) == [14, 30, 90].map { today.addingTimeInterval(-Double($0) * 86_400) })
    }

    @Test("Filters on province and size class; the CSV has a header and one line per municipality")
    func filtersAndCSV() {
        let utrecht = ProgrammeOverview(inputs, filter: .init(province: "Utrecht"), today: today)
        #expect(utrecht.rows.map(\.code) == ["GM0001", "GM0002"])
        let large = ProgrammeOverview(inputs, filter: .init(sizeClass: .from100k), today: today)
        #expect(large.rows.map(\.code) == ["GM0002"] && large.requestsByAge == [1, 0, 0, 1])
        let csv = utrecht.csv(language: .nl).split(separator: "\r\n")
        #expect(csv.count == 3 && csv[0].hasPrefix("code,gemeente,provincie"))
        #expect(csv[2] == "GM0002,Bestad,Utrecht,100.000 inwoners of meer,Rapport,275,2,ja")
    }
}

@Suite("Formatting: counting days")
struct DayNumberTests {
    @Test("Day numbers count from 1970-01-01, across leap years and centuries, and refuse what is not a day")
    func dayNumbers() {
        #expect(Format.dayNumber("1970-01-01") == 0)
        #expect(Format.dayNumber("2000-03-01")! - Format.dayNumber("2000-02-28")! == 2, "2000 was a leap year")
        #expect(Format.dayNumber("1900-03-01")! - Format.dayNumber("1900-02-28")! == 1, "1900 was not")
        #expect(Format.dayNumber("2026-12-01") == 20_788)
        #expect(Format.dayNumber("2026-13-01") == nil && Format.dayNumber("morgen") == nil)
        for day in ["2024-02-29", "2026-12-31", "2031-07-15"] {
            let date = Format.parseDay(day)!
            #expect(Format.dayNumber(day) == Int((date.timeIntervalSince1970 / 86_400).rounded(.down)), "\(day)")
        }
    }
}
