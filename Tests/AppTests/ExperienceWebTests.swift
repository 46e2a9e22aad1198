import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Groningen (GM0014) takes part: its sign-up is accepted. Returns its coordinator and programme staff, signed in.
private func participants(_ app: Application) async throws -> (coordinator: Browser, staff: Browser) {
    let staffID = try await makeUser(app, email: "servicepunt@programma.example", name: "Sanne Staf", roles: [(.programma, nil)])
    try await SignupStore.submit(
        SignupForm(
            municipalityCode: "GM0014", contactName: "Ineke Griffier", contactFunction: "griffier", email: "ineke@groningen.example",
            acceptsTerms: true), language: .nl, app: app)
    let signup = try #require(try await Signup.query(on: app.db).first())
    _ = try await SignupStore.accept(try signup.requireID(), by: staffID, app: app)
    try await makeUser(app, email: "ineke@groningen.example", name: "Ineke Griffier", roles: [])
    let coordinator = Browser(app)
    try await coordinator.signIn("ineke@groningen.example")
    let staff = Browser(app)
    try await staff.signIn("servicepunt@programma.example")
    return (coordinator, staff)
}

/// The form as a coordinator fills it in, with changes.
private func experienceForm(_ changes: [String: String] = [:], areas: [String] = ["beter-betrokken-inwoners"], offers: [String] = [])
    -> [(String, String)]
{
    var values = [
        "titleNl": "Jongeren praten mee over de nieuwe speelplekken", "summaryNl": "Veertig jongeren hebben geparticipeerd.",
        "storyNl": "Wij vroegen jongeren via school en straatgesprekken mee te denken. Zo kwam de jongerenparticipatie op gang.",
        "workedNl": "- De straatgesprekken", "didNotWorkNl": "- De avond in het gemeentehuis trok bijna niemand.",
        "outcome": "gemengd", "visibility": "publiek", "instruments": "straatgesprekken, enquête", "periodFrom": "2025-02",
        "periodUntil": "2025-09", "contact": "ja", "contactRole": "Griffier",
    ]
    for (key, value) in changes { values[key] = value }
    return values.map { ($0.key, $0.value) } + areas.map { ("focusAreas[]", $0) } + offers.map { ("offers[]", $0) }
}

private func onlyExperience(_ app: Application) async throws -> ExperienceRecord {
    try #require(try await ExperienceRecord.query(on: app.db).first())
}

@Suite("Leren van elkaar: sharing experiences")
struct ExperienceWebTests {
    @Test("A coordinator writes an experience, staff publish it, anyone finds it by another form of a word and in the feed")
    func wholeWay() async throws {
        try await withTestApp { app in
            // setup
            let (coordinator, staff) = try await participants(app)
            // act: written and sent
            try await coordinator.get(ExperienceURL.new(.value("GM0014")).path)
            let created = try await coordinator.post(
                ExperienceURL.new(.value("GM0014")).path, pairs: experienceForm(offers: ["jongeren-betrekken"]))
            #expect(created.status == .seeOther)
            let record = try await onlyExperience(app)
            let id = try record.requireID()
            #expect(try await app.testing().sendRequest(.GET, ExperienceURL.show(.value(record.slug)).path).status == .notFound)
            try await coordinator.get(ExperienceURL.edit(.value("GM0014"), .value(id)).path)
            let sent = try await coordinator.post(ExperienceURL.act(.value("GM0014"), .value(id)).path, ["action": "indienen"])
            #expect(sent.status == .seeOther)
            // staff hear of it, read it and publish
            let mails = try await OutboxMessage.query(on: app.db).filter(\.$kind == "experience.staff").all()
            #expect(mails.count == 1)
            let queue = try await staff.get(ExperienceURL.reviewList.path)
            #expect(queue.html.contains("Jongeren praten mee over de nieuwe speelplekken"))
            let review = try await staff.get(ExperienceURL.review(.value(id)).path)
            #expect(review.html.contains("De avond in het gemeentehuis trok bijna niemand."))
            let published = try await staff.post(ExperienceURL.reviewAct(.value(id)).path, ["action": "publiceren", "version": "1"])
            #expect(published.status == .seeOther)
            // check: public page, search by inflection and compound, feed, the municipality told
            let page = try await app.testing().sendRequest(.GET, ExperienceURL.show(.value(record.slug)).path)
            #expect(page.status == .ok)
            #expect(page.html.contains("Wat werkte niet?") && page.html.contains("Ineke Griffier, Griffier"))
            #expect(page.html.contains("Jongeren betrekken"), "the offer used links to the catalogue")
            for query in ["participatie", "participeren", "jongere", "STRAATGESPREK"] {
                let found = try await app.testing().sendRequest(.GET, ExperienceURL.list.with([("zoek", query)]))
                #expect(found.html.contains(ExperienceURL.show(.value(record.slug)).path), "\(query)")
            }
            let marked = try await app.testing().sendRequest(.GET, ExperienceURL.list.with([("zoek", "participatie")]))
            #expect(marked.html.contains("<mark>geparticipeerd</mark>"))
            let feed = try await app.testing().sendRequest(.GET, ExperienceURL.feed.with([("gebied", "beter-betrokken-inwoners")]))
            #expect(feed.headers.contentType?.subType == "atom+xml")
            #expect(feed.body.string.contains("<title>Jongeren praten mee over de nieuwe speelplekken</title>"))
            let otherArea = try await app.testing().sendRequest(.GET, ExperienceURL.feed.with([("gebied", "weerbaar-bestuur")]))
            #expect(!otherArea.body.string.contains("speelplekken"))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "experience.step").count() == 1)
            // the start page of someone who never looked shows the newest; after a look, what is new since then
            try await makeUser(app, email: "raad@groningen.example", roles: [(.raadslid, "GM0014")])
            let member = Browser(app)
            try await member.signIn("raad@groningen.example")
            let first = try await member.get(DashboardURL.home.path)
            #expect(first.html.contains("De nieuwste ervaringen:") && first.html.contains(ExperienceURL.show(.value(record.slug)).path))
            try await member.get(ExperienceURL.list.path)
            let later = try await member.get(DashboardURL.home.path)
            #expect(later.html.contains("sinds uw vorige bezoek op"))
        }
    }

    @Test(
        "A change to a published experience waits for review while the published text stays online; every version is kept, and staff see what changed"
    )
    func changeAfterPublication() async throws {
        try await withTestApp { app in
            // setup
            let (coordinator, staff) = try await participants(app)
            try await coordinator.get(ExperienceURL.new(.value("GM0014")).path)
            try await coordinator.post(ExperienceURL.new(.value("GM0014")).path, pairs: experienceForm())
            let record = try await onlyExperience(app)
            let id = try record.requireID()
            let edit = ExperienceURL.edit(.value("GM0014"), .value(id)).path
            try await coordinator.get(edit)
            try await coordinator.post(ExperienceURL.act(.value("GM0014"), .value(id)).path, ["action": "indienen"])
            try await staff.get(ExperienceURL.review(.value(id)).path)
            try await staff.post(ExperienceURL.reviewAct(.value(id)).path, ["action": "publiceren", "version": "1"])
            // act
            try await coordinator.get(edit)
            let saved = try await coordinator.post(
                edit, pairs: experienceForm(["version": "1", "summaryNl": "Een nieuwe samenvatting na een jaar."]))
            // check
            #expect(saved.status == .seeOther)
            let online = try await app.testing().sendRequest(.GET, ExperienceURL.show(.value(record.slug)).path)
            #expect(online.html.contains("Veertig jongeren hebben geparticipeerd.") && !online.html.contains("na een jaar"))
            let form = try await coordinator.get(edit)
            #expect(form.html.contains("de vorige versie staat online"))
            #expect(try await ExperienceVersionRecord.query(on: app.db).filter(\.$experienceID == id).count() == 2)
            // staff compare the version online with the new one: only the summary differs
            let review = try await staff.get(ExperienceURL.review(.value(id)).path)
            let compared = try await staff.get(ExperienceURL.versions(.value(id)).path)
            let nonsense = try await staff.get(ExperienceURL.versions(.value(id)).with([("van", "-1"), ("naar", "99999999999999")]))
            let refused = try await coordinator.get(ExperienceURL.versions(.value(id)).path)
            #expect(review.html.contains(#"href="\#(ExperienceURL.versions(.value(id)).path)">Vergelijk de versies</a>"#))
            #expect(compared.status == .ok && compared.html.contains("<h2>Korte samenvatting</h2>"))
            #expect(
                compared.html.contains(
                    #"<li class="diff-removed"><span class="diff-label">Weggehaald: </span><span lang="nl">Veertig jongeren"#))
            #expect(
                compared.html.contains(
                    #"<li class="diff-added"><span class="diff-label">Toegevoegd: </span><span lang="nl">Een nieuwe samenvatting"#))
            #expect(!compared.html.contains("<h2>Titel</h2>") && compared.html.contains("versie 1 van"))
            #expect(nonsense.status == .ok, "numbers outside the versions fall back to the usual pair")
            #expect(refused.status == .forbidden)
            // sent and published again: the new text is online and found
            try await coordinator.post(ExperienceURL.act(.value("GM0014"), .value(id)).path, ["action": "indienen"])
            try await staff.get(ExperienceURL.review(.value(id)).path)
            let stale = try await staff.post(ExperienceURL.reviewAct(.value(id)).path, ["action": "publiceren", "version": "1"])
            #expect(stale.status == .seeOther)
            #expect(try await ExperienceStore.require(id, municipality: nil, on: app.db).publishedVersion == 1, "an older version read")
            try await staff.post(ExperienceURL.reviewAct(.value(id)).path, ["action": "publiceren", "version": "2"])
            let renewed = try await app.testing().sendRequest(.GET, ExperienceURL.show(.value(record.slug)).path)
            #expect(renewed.html.contains("Een nieuwe samenvatting na een jaar."))
            let history = try await ExperienceStore.history(of: id, on: app.db).map(\.action)
            #expect(history == ["opslaan", "indienen", "publiceren", "opslaan", "indienen", "publiceren"])
        }
    }

    @Test("Staff send an experience back only with a remark, which the coordinator reads; then it is changed and sent again")
    func sendBack() async throws {
        try await withTestApp { app in
            // setup
            let (coordinator, staff) = try await participants(app)
            try await coordinator.get(ExperienceURL.new(.value("GM0014")).path)
            try await coordinator.post(ExperienceURL.new(.value("GM0014")).path, pairs: experienceForm())
            let id = try await onlyExperience(app).requireID()
            try await coordinator.get(ExperienceURL.edit(.value("GM0014"), .value(id)).path)
            try await coordinator.post(ExperienceURL.act(.value("GM0014"), .value(id)).path, ["action": "indienen"])
            // act
            try await staff.get(ExperienceURL.review(.value(id)).path)
            let empty = try await staff.post(
                ExperienceURL.reviewAct(.value(id)).path, ["action": "terugsturen", "version": "1", "remark": " "])
            let back = try await staff.post(
                ExperienceURL.reviewAct(.value(id)).path, ["action": "terugsturen", "version": "1", "remark": "Noem ook wat het kostte."])
            // check
            #expect(empty.status == .unprocessableEntity && empty.html.contains("Schrijf wat de gemeente moet aanpassen."))
            #expect(back.status == .seeOther)
            let form = try await coordinator.get(ExperienceURL.edit(.value("GM0014"), .value(id)).path)
            #expect(form.html.contains("Noem ook wat het kostte.") && form.html.contains("Teruggestuurd"))
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$kind == "experience.step").first())
            #expect(mail.textBody.contains("Noem ook wat het kostte."))
            let resent = try await coordinator.post(ExperienceURL.act(.value("GM0014"), .value(id)).path, ["action": "indienen"])
            #expect(resent.status == .seeOther)
            #expect(try await ExperienceStore.require(id, municipality: nil, on: app.db).status == .ingediend)
        }
    }

    @Test("Bad input gets a Dutch message naming the field and nothing is stored; script in the story is shown harmless")
    func badInput() async throws {
        try await withTestApp { app in
            // setup
            let (coordinator, staff) = try await participants(app)
            let new = ExperienceURL.new(.value("GM0014")).path
            try await coordinator.get(new)
            // act and check: each mistake on its own
            let cases: [([String: String], [String], [String], String)] = [
                (["didNotWorkNl": " "], ["beter-betrokken-inwoners"], [], "Dit deel is verplicht."),
                (["storyNl": String(repeating: "a", count: 100_000)], ["beter-betrokken-inwoners"], [], "Gebruik hoogstens 20000 tekens."),
                (["periodFrom": "-9223372036854775808"], ["beter-betrokken-inwoners"], [], "Vul jaar en maand in"),
                (["periodFrom": "2025-06", "periodUntil": "2025-01"], ["beter-betrokken-inwoners"], [], "voor de begonnen-maand"),
                ([:], [], [], "Kies een tot 3 aandachtsgebieden."),
                ([:], ["beter-betrokken-inwoners", "bestaat-niet"], [], "Kies een tot 3 aandachtsgebieden."),
                ([:], ["beter-betrokken-inwoners"], ["bestaat-niet"], "onderdelen van het aanbod"),
                (["outcome": "super"], ["beter-betrokken-inwoners"], [], "Kies hoe het ging."),
            ]
            for (changes, areas, offers, message) in cases {
                let response = try await coordinator.post(new, pairs: experienceForm(changes, areas: areas, offers: offers))
                #expect(response.status == .unprocessableEntity, "\(changes) \(areas) \(offers)")
                #expect(response.html.contains(message), "\(message)")
            }
            #expect(try await ExperienceRecord.query(on: app.db).count() == 0)
            // script, an iframe and a javascript: link in the story
            let hostile =
                "Goed.\n\n<script>alert('x')</script><iframe src=\"https://evil.example\"></iframe>\n\n[klik](javascript:alert(1))"
            try await coordinator.post(new, pairs: experienceForm(["storyNl": hostile]))
            let record = try await onlyExperience(app)
            try await coordinator.get(ExperienceURL.edit(.value("GM0014"), .value(try record.requireID())).path)
            try await coordinator.post(ExperienceURL.act(.value("GM0014"), .value(try record.requireID())).path, ["action": "indienen"])
            try await staff.get(ExperienceURL.review(.value(try record.requireID())).path)
            try await staff.post(ExperienceURL.reviewAct(.value(try record.requireID())).path, ["action": "publiceren", "version": "1"])
            let page = try await app.testing().sendRequest(.GET, ExperienceURL.show(.value(record.slug)).path)
            #expect(page.status == .ok)
            #expect(!page.html.contains("<script>alert") && !page.html.contains("<iframe") && !page.html.contains("javascript:"))
        }
    }

    @Test("Two people saving the same version: the second keeps their text and sees the conflict; saving again works")
    func conflict() async throws {
        try await withTestApp { app in
            // setup
            let (coordinator, _) = try await participants(app)
            try await makeUser(app, email: "begeleider@groningen.example", roles: [(.begeleider, "GM0014")])
            let facilitator = Browser(app)
            try await facilitator.signIn("begeleider@groningen.example")
            try await coordinator.get(ExperienceURL.new(.value("GM0014")).path)
            try await coordinator.post(ExperienceURL.new(.value("GM0014")).path, pairs: experienceForm())
            let id = try await onlyExperience(app).requireID()
            let edit = ExperienceURL.edit(.value("GM0014"), .value(id)).path
            try await coordinator.get(edit)
            try await facilitator.get(edit)
            // act
            let first = try await coordinator.post(edit, pairs: experienceForm(["version": "1", "titleNl": "Titel van de trekker"]))
            let second = try await facilitator.post(edit, pairs: experienceForm(["version": "1", "titleNl": "Titel van de begeleider"]))
            // check
            #expect(first.status == .seeOther)
            #expect(second.status == .conflict && second.html.contains("Titel van de begeleider"))
            #expect(second.html.contains("Iemand anders heeft de ervaring intussen gewijzigd."))
            let again = try await facilitator.post(edit, pairs: experienceForm(["version": "2", "titleNl": "Titel van de begeleider"]))
            #expect(again.status == .seeOther)
            #expect(try await ExperienceStore.require(id, municipality: nil, on: app.db).experience.title.nl == "Titel van de begeleider")
        }
    }

    @Test("Who may do what: council members read but do not write; another municipality sees nothing; participants-only stays in")
    func access() async throws {
        try await withTestApp { app in
            // setup: a published experience for participants only
            let (coordinator, staff) = try await participants(app)
            try await coordinator.get(ExperienceURL.new(.value("GM0014")).path)
            try await coordinator.post(ExperienceURL.new(.value("GM0014")).path, pairs: experienceForm(["visibility": "deelnemers"]))
            let record = try await onlyExperience(app)
            let id = try record.requireID()
            try await coordinator.get(ExperienceURL.edit(.value("GM0014"), .value(id)).path)
            try await coordinator.post(ExperienceURL.act(.value("GM0014"), .value(id)).path, ["action": "indienen"])
            try await staff.get(ExperienceURL.review(.value(id)).path)
            try await staff.post(ExperienceURL.reviewAct(.value(id)).path, ["action": "publiceren", "version": "1"])
            try await makeUser(app, email: "raad@groningen.example", roles: [(.raadslid, "GM0014")])
            let member = Browser(app)
            try await member.signIn("raad@groningen.example")
            try await makeUser(app, email: "trekker@amsterdam.example", roles: [(.trekker, "GM0363")])
            let other = Browser(app)
            try await other.signIn("trekker@amsterdam.example")
            let show = ExperienceURL.show(.value(record.slug)).path
            // act and check
            #expect(try await member.get(ExperienceURL.mine(.value("GM0014")).path).status == .forbidden)
            #expect(try await member.get(show).status == .ok, "a council member of a participating municipality reads it")
            #expect(try await other.get(ExperienceURL.edit(.value("GM0014"), .value(id)).path).status == .forbidden)
            #expect(try await other.get(show).status == .forbidden, "Amsterdam does not take part")
            let visitor = try await app.testing().sendRequest(.GET, show)
            #expect(visitor.status == .forbidden && visitor.html.contains("Log in om haar te lezen."))
            let search = try await app.testing().sendRequest(.GET, ExperienceURL.list.with([("zoek", "speelplekken")]))
            #expect(!search.html.contains(show), "not found by visitors")
            #expect(try await member.get(ExperienceURL.list.with([("zoek", "speelplekken")])).html.contains(show))
            let outsider = try await other.get(ExperienceURL.list.with([("zoek", "speelplekken")]))
            #expect(!outsider.html.contains(show), "the results kept for a participant's search are not shown to a non-participant")
            #expect(outsider.html.contains("trekker@amsterdam.example") || outsider.html.contains("Uitloggen"), "their own menu")
            let feed = try await app.testing().sendRequest(.GET, ExperienceURL.feed.path)
            #expect(!feed.body.string.contains("speelplekken"), "the public feed leaves it out")
        }
    }

    @Test("Nonsense in the search and the feed's address gives a page or a clear 404, never an error")
    func hostileSearch() async throws {
        try await withTestApp { app in
            for query in [
                [("zoek", "")], [("zoek", "de het een")], [("zoek", String(repeating: "participatie ", count: 500))],
                [("zoek", "\" * NEAR - : ^ ( ) OR AND")], [("zoek", "'; DROP TABLE search_terms; --")],
                [("pagina", "-9223372036854775808")],
                [("pagina", "99999999999999999999")], [("pagina", "5000")], [("gebied", "<script>")], [("grootte", "9")],
                [("provincie", "Atlantis")], [("soort", "geheim")],
            ] {
                let response = try await app.testing().sendRequest(.GET, ExperienceURL.list.with(query))
                #expect(response.status == .ok, "\(query)")
                #expect(!response.html.contains("<script>"))
            }
            let noise = try await app.testing().sendRequest(.GET, ExperienceURL.list.with([("zoek", "de het")]))
            #expect(noise.html.contains("geen woord om op te zoeken"))
            let unknown = try await app.testing().sendRequest(.GET, ExperienceURL.feed.with([("gebied", "bestaat-niet")]))
            #expect(unknown.status == .notFound && unknown.html.contains("Dit aandachtsgebied bestaat niet."))
            #expect(try await app.testing().sendRequest(.GET, ExperienceURL.show(.value("..%2F..%2Fetc")).path).status == .notFound)
        }
    }

    @Test(
        "A signed-in reader asks the contact person a question by email, never sees their address, a few an hour; withdrawn means refused")
    func contactPerson() async throws {
        try await withTestApp { app in
            // setup: published, with the coordinator as contact person
            let (coordinator, staff) = try await participants(app)
            try await coordinator.get(ExperienceURL.new(.value("GM0014")).path)
            try await coordinator.post(ExperienceURL.new(.value("GM0014")).path, pairs: experienceForm())
            let record = try await onlyExperience(app)
            let id = try record.requireID()
            try await coordinator.get(ExperienceURL.edit(.value("GM0014"), .value(id)).path)
            try await coordinator.post(ExperienceURL.act(.value("GM0014"), .value(id)).path, ["action": "indienen"])
            try await staff.get(ExperienceURL.review(.value(id)).path)
            try await staff.post(ExperienceURL.reviewAct(.value(id)).path, ["action": "publiceren", "version": "1"])
            try await makeUser(app, email: "griffier@amsterdam.example", name: "Ahmed Amsterdam", roles: [(.trekker, "GM0363")])
            let reader = Browser(app)
            try await reader.signIn("griffier@amsterdam.example")
            let show = ExperienceURL.show(.value(record.slug)).path
            let contact = ExperienceURL.contact(.value(record.slug)).path
            // act and check: a visitor is asked to sign in; the reader sends a question
            let visitor = try await app.testing().sendRequest(.GET, show)
            #expect(visitor.html.contains("Log in om de contactpersoon een vraag te stellen") && !visitor.html.contains("name=\"message\""))
            let page = try await reader.get(show)
            #expect(page.html.contains("name=\"message\"") && !page.html.contains("ineke@groningen.example"))
            let empty = try await reader.post(contact, ["message": "  "])
            #expect(empty.status == .unprocessableEntity && empty.html.contains("Schrijf uw vraag."))
            let long = try await reader.post(contact, ["message": String(repeating: "a", count: 2_001)])
            #expect(long.status == .unprocessableEntity && long.html.contains("Gebruik hoogstens 2000 tekens."))
            let sent = try await reader.post(contact, ["message": "Hoe kregen jullie de scholen mee?"])
            #expect(sent.status == .seeOther)
            let after = try await reader.get(show)
            #expect(after.html.contains("Uw vraag is verstuurd.") && !after.html.contains("ineke@groningen.example"))
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$kind == "experience.contact").first())
            #expect(mail.recipient == "ineke@groningen.example")
            #expect(mail.textBody.contains("Hoe kregen jullie de scholen mee?") && mail.textBody.contains("griffier@amsterdam.example"))
            // a few an hour: the sixth within the hour is refused
            for _ in 0..<4 { try await reader.post(contact, ["message": "Nog een vraag."]) }
            let sixth = try await reader.post(contact, ["message": "Nog een vraag."])
            #expect(sixth.status == .tooManyRequests && sixth.html.contains("Probeer het over een uur opnieuw."))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "experience.contact").count() == 5)
            // the contact withdraws: the question is refused and nothing is sent
            try await coordinator.get(ExperienceURL.edit(.value("GM0014"), .value(id)).path)
            try await coordinator.post(
                ExperienceURL.edit(.value("GM0014"), .value(id)).path, pairs: experienceForm(["version": "1", "contact": ""]))
            try await coordinator.post(ExperienceURL.act(.value("GM0014"), .value(id)).path, ["action": "indienen"])
            try await staff.get(ExperienceURL.review(.value(id)).path)
            try await staff.post(ExperienceURL.reviewAct(.value(id)).path, ["action": "publiceren", "version": "2"])
            try await makeUser(app, email: "raad@amsterdam.example", roles: [(.raadslid, "GM0363")])
            let other = Browser(app)
            try await other.signIn("raad@amsterdam.example")
            try await other.get(show)
            let refused = try await other.post(contact, ["message": "Mag ik iets vragen?"])
            #expect(refused.status == .conflict && refused.html.contains("Deze ervaring heeft geen contactpersoon meer."))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "experience.contact").count() == 5)
        }
    }

    @Test("Municipalities like yours: the reason is named for each, for the municipality's own people, linked from its dashboard")
    func similarMunicipalities() async throws {
        try await withTestApp { app in
            // setup
            let (coordinator, _) = try await participants(app)
            try await makeUser(app, email: "raad@groningen.example", roles: [(.raadslid, "GM0014")])
            let member = Browser(app)
            try await member.signIn("raad@groningen.example")
            // act
            let page = try await member.get(ExperienceURL.similar(.value("GM0014")).path)
            // check
            #expect(page.status == .ok)
            #expect(page.html.contains("Lijkt op uw gemeente: ook 100.000 inwoners of meer"))
            #expect(page.html.components(separatedBy: "Lijkt op uw gemeente:").count - 1 == ExperienceController.similarShown)
            #expect(page.html.contains("nog niet gedeeld met de raad, of er is nog geen"))
            #expect(!page.html.contains(">Groningen</a>"), "not the municipality itself")
            let dashboard = try await coordinator.get("/gemeenten/GM0014/dashboard")
            #expect(dashboard.html.contains(ExperienceURL.similar(.value("GM0014")).path))
        }
    }

    @Test("A municipality whose newest scan is closed but not yet shared keeps the profile of the report it did share")
    func profileFromTheLastSharedReport() async throws {
        try await withTestApp { app in
            // setup: Demodorp shared its 2026 report; then a new scan opened and closed without being shared
            try await DemoSeed.run(app: app)
            let before = try #require(try await ExperienceStore.profiles(isDemo: true, app: app, on: app.db).first { $0.code == "GM9901" })
            let scan = try await ScanStore.create(
                municipalityCode: "GM9901", bank: app.questionBanks.current, today: app.clock.now(), on: app.db)
            try await ScanStore.open(scan, bank: app.questionBanks.current, on: app.db)
            try await ScanStore.close(scan, app: app, today: app.clock.now(), on: app.db)
            // act
            let after = try #require(try await ExperienceStore.profiles(isDemo: true, app: app, on: app.db).first { $0.code == "GM9901" })
            // check
            #expect(!before.themeScores.isEmpty)
            #expect(try await ScanThemeTotal.query(on: app.db).filter(\.$municipalityCode == "GM9901").count() == 0)
            #expect(Set(after.themeScores.keys) == Set(before.themeScores.keys))
            for (theme, score) in before.themeScores { #expect(abs((after.themeScores[theme] ?? -1) - score) < 1e-9, "\(theme)") }
        }
    }
}
