import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("ParticipatieWijzer: the methods and the advisor, for anyone")
struct ParticipationWebTests {
    @Test(
        "Anyone reads the methods, filters them by whom they reach, and opens one with its ratings, reach, pitfalls and the offer that helps"
    )
    func methodsAndOneMethod() async throws {
        try await withTestApp { app in
            // act
            let all = try await Browser(app).get(ParticipationURL.methods.path)
            let reaching = try await Browser(app).get(ParticipationURL.methods.with([("groep", "laaggeletterden")]))
            let assembly = try await Browser(app).get(ParticipationURL.method(.value("burgerberaad")).path)
            let unknown = try await Browser(app).get(ParticipationURL.method(.value("bestaat-niet")).path)
            let english = try await Browser(app).get(ParticipationURL.method(.value("burgerberaad")).with([("lang", "en")]))
            // check
            let methods = app.participationMethods.methods
            #expect(all.status == .ok && all.html.contains("\(methods.count) methoden"))
            let expected = methods.filter { $0.reaches.contains(.laaggeletterden) }.count
            #expect(reaching.html.contains("\(expected) \(expected == 1 ? "methode" : "methoden")"))
            #expect(reaching.html.contains("Straatgesprekken") && !reaching.html.contains(">Burgerberaad</a>"))
            #expect(assembly.status == .ok && assembly.html.contains("<h1>Burgerberaad</h1>"))
            #expect(assembly.html.contains("<th scope=\"row\">representativiteit</th><td class=\"numeric\">5 van 5</td>"))
            #expect(assembly.html.contains(CatalogueURL.show(.value("burgerberaad-begeleiding")).path))
            #expect(assembly.html.contains("Let op") && assembly.html.contains("Amsterdam"))
            #expect(unknown.status == .notFound && unknown.html.contains("Deze methode bestaat niet."))
            #expect(english.html.contains("Citizens&#39; assembly") && english.html.contains("5 out of 5"))
        }
    }

    @Test("Every offer a method names is in the catalogue")
    func offersExist() async throws {
        try await withTestApp { app in
            let slugs = Set(try await CatalogueStore.catalogue(app: app, on: app.db).0.offers.map(\.slug))
            for method in app.participationMethods.methods {
                for offer in method.offers { #expect(slugs.contains(offer), "\(method.id) names \(offer)") }
            }
        }
    }

    @Test("The advisor's form sent empty says per field what is missing, in Dutch, and keeps what was typed")
    func advisorErrors() async throws {
        try await withTestApp { app in
            let empty = try await Browser(app).get(ParticipationURL.advisor.with([("advies", "ja"), ("budget", "veel")]))
            let form = try await Browser(app).get(ParticipationURL.advisor.path)
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.html.contains("<title>Fout: "))
            for message in [
                "Kies de fase van het beleid.", "Kies hoeveel invloed de raad inwoners wil geven.", "Kies de schaal",
                "Vul het aantal weken in als een heel getal van 1 tot en met 260.", "Vul het bedrag in euro in als een heel getal",
            ] {
                #expect(empty.html.contains(message), "\(message)")
            }
            #expect(empty.html.contains(#"value="veel""#))
            #expect(form.status == .ok && !form.html.contains("error-summary"))
        }
    }

    @Test("The advisor gives two to four methods with their reasons, and names a promise the mix cannot keep")
    func advisorAdvice() async throws {
        try await withTestApp { app in
            let question: [(String, String)] = [
                ("advies", "ja"), ("project", "Een wijk aardgasvrij maken"), ("phase", "plan"), ("influence", "coproduceren"),
                ("groups[]", "ouderen"), ("groups[]", "anderstaligen"), ("scale", "wijk"), ("weeks", "30"), ("budget", "60000"),
            ]
            let advice = try await Browser(app).get(ParticipationURL.advisor.with(question))
            let again = try await Browser(app).get(ParticipationURL.advisor.with(question))
            let tooLittle = try await Browser(app).get(
                ParticipationURL.advisor.with([
                    ("advies", "ja"), ("project", "Klimaatbeleid"), ("phase", "plan"), ("influence", "meebeslissen"), ("scale", "gemeente"),
                    ("weeks", "4"), ("budget", "5000"),
                ]))
            #expect(advice.status == .ok && advice.html.contains("Ons advies voor: Een wijk aardgasvrij maken"))
            let picks = advice.html.components(separatedBy: "<h3><a href=\"/participatie/methoden/").count - 1
            #expect((2...4).contains(picks))
            #expect(advice.html.contains("Vult aan: bereikt") && advice.html.contains("Let op: "))
            #expect(advice.html.contains(#"value="anderstaligen" checked"#))
            #expect(again.html == advice.html)
            #expect(tooLittle.status == .ok && tooLittle.html.contains("U belooft meebeslissen, maar deze methoden geven hoogstens"))
        }
    }
}

@Suite("Participation plans: saved from the advice, completed, linked to the agenda and shared with the council")
struct PlanWebTests {
    static let question: [(String, String)] = [
        ("project", "Het dorpsplein opnieuw inrichten"), ("phase", "plan"), ("influence", "adviseren"), ("groups[]", "jongeren"),
        ("groups[]", "anderstaligen"), ("scale", "gemeente"), ("weeks", "30"), ("budget", "120000"),
    ]

    @Test(
        "The coordinator turns an advice into a plan, completes its feedback and links it to the agenda; council members read it only once shared, and hear of it by email"
    )
    func adviceToSharedPlan() async throws {
        try await withTestApp { app in
            // setup: Groningen's coordinator with an agenda, a council member there and one of Amsterdam
            try await makeUser(app, email: "griffier@groningen.example", name: "Ineke de Vries", roles: [(.trekker, "GM0014")])
            try await makeUser(app, email: "raadslid@groningen.example", name: "Jan Raad", roles: [(.raadslid, "GM0014")])
            try await makeUser(app, email: "raadslid@amsterdam.example", name: "Piet Elders", roles: [(.raadslid, "GM0363")])
            let coordinator = Browser(app)
            try await coordinator.signIn("griffier@groningen.example")
            let member = Browser(app)
            try await member.signIn("raadslid@groningen.example")
            let outsider = Browser(app)
            try await outsider.signIn("raadslid@amsterdam.example")
            try await coordinator.get(TrajectoryURL.editAgenda(.value("GM0014")).path)
            try await coordinator.post(
                TrajectoryURL.editAgenda(.value("GM0014")).path,
                AgendaWebTests.first.merging(["version": "0"]) { $1 })
            let advised = ParticipationAdvisor.advise(
                try AdvisorQuestion.read(
                    Dictionary(Self.question.filter { $0.0 != "groups[]" }, uniquingKeysWith: { a, _ in a }),
                    groups: ["jongeren", "anderstaligen"]),
                methods: app.participationMethods.methods
            ).picks.map(\.method.id)

            // act: from the advice to the form, saved as the advice filled it in
            let advice = try await coordinator.get(
                ParticipationURL.advisor.with([("advies", "ja")] + Self.question))
            let newURL = PlanURL.new(.value("GM0014")).path
            let form = try await coordinator.get(PlanURL.new(.value("GM0014")).with(Self.question))
            let saved = try await coordinator.post(
                newURL, pairs: Self.question + advised.enumerated().map { ("s\($0.offset + 1)-method", $0.element) })
            let page = try #require(saved.location)
            let id = try #require(UUID(uuidString: String(page.split(separator: "/").last ?? "")))
            let hiddenBefore = try await member.get(page)
            let listBefore = try await member.get(PlanURL.index(.value("GM0014")).path)
            try await coordinator.get(page)
            let shareEarly = try await coordinator.post(page + "/delen", ["version": "1"])
            try await coordinator.get(page + "/bewerken")
            let completed =
                Self.question + [
                    ("s1-method", advised[0]), ("s1-when", "maart 2027"), ("s1-who", "De gebiedsregisseur"),
                    ("inwoners-who", "Projectleider"), ("inwoners-due", "2027-09-01"), ("inwoners-how", "Een brief aan alle deelnemers"),
                    ("raad-who", "Griffier"), ("raad-due", "2027-06-01"), ("raad-how", "Als bijlage bij het raadsvoorstel"),
                    ("agenda", "3"),
                ]
            let edited = try await coordinator.post(page + "/bewerken", pairs: completed + [("version", "1")])
            let stale = try await coordinator.post(
                page + "/bewerken", pairs: completed.map { $0.0 == "s1-who" ? ("s1-who", "Iemand anders") : $0 } + [("version", "1")])
            try await coordinator.get(page)
            let shared = try await coordinator.post(page + "/delen", ["version": "2"])
            let sharedAgain = try await coordinator.post(page + "/delen", ["version": "2"])
            let read = try await member.get(page)
            let agenda = try await member.get(TrajectoryURL.agenda(.value("GM0014")).path)
            let memberEdit = try await member.get(page + "/bewerken")
            let outsiderRead = try await outsider.get(page)

            // check
            #expect(advice.html.contains(newURL + "?") && advice.html.contains("participatieplan voor Groningen"))
            #expect(form.status == .ok && form.html.contains(#"<option value="\#(advised[0])" selected>"#), "the form comes with the mix")
            #expect(saved.status == .seeOther)
            #expect(hiddenBefore.status == .forbidden && hiddenBefore.html.contains("nog niet gedeeld met de raad"))
            #expect(!listBefore.html.contains("Het dorpsplein opnieuw inrichten"))
            #expect(shareEarly.status == .unprocessableEntity)
            #expect(
                shareEarly.html.contains("wie de uitkomst aan inwoners terugkoppelt") && shareEarly.html.contains("#terugkoppeling-raad"))
            #expect(edited.status == .seeOther)
            #expect(stale.status == .conflict && stale.html.contains("Iemand anders"), "the second person's text stays on the form")
            #expect(shared.status == .seeOther)
            #expect(sharedAgain.status == .conflict && sharedAgain.html.contains("al gedeeld"))
            #expect(
                read.status == .ok && read.html.contains("Gedeeld met de raad op") && read.html.contains("Een brief aan alle deelnemers"))
            #expect(!read.html.contains(page + "/bewerken"), "council members read, they do not edit")
            #expect(agenda.html.contains(PlanURL.show(.value("GM0014"), .value(id)).path), "the agenda's priority lists the plan")
            #expect(memberEdit.status == .forbidden)
            #expect(outsiderRead.status == .forbidden || outsiderRead.status == .notFound)
            let mails = try await OutboxMessage.query(on: app.db).filter(\.$kind == "plan.shared").all()
            #expect(mails.map(\.recipient) == ["raadslid@groningen.example"])
            let record = try #require(try await ParticipationPlanRecord.find(id, on: app.db))
            #expect(try record.plan().steps.count == 1 && record.version == 2 && record.sharedBy == "Ineke de Vries")
        }
    }

    @Test("A plan sent with nothing filled in is refused with a message per field, in Dutch")
    func emptyPlan() async throws {
        try await withTestApp { app in
            try await makeUser(app, email: "griffier@groningen.example", roles: [(.trekker, "GM0014")])
            let coordinator = Browser(app)
            try await coordinator.signIn("griffier@groningen.example")
            let newURL = PlanURL.new(.value("GM0014")).path
            try await coordinator.get(newURL)
            let empty = try await coordinator.post(newURL, ["inwoners-due": "morgen", "s2-purpose": "Ophalen wat jongeren willen"])
            #expect(empty.status == .unprocessableEntity && empty.html.contains("<title>Fout: "))
            for message in [
                "Kies de fase van het beleid.", "Kies een methode uit de lijst, of maak de hele regel leeg.",
                "Vul een datum in, bijvoorbeeld 2027-06-30.",
            ] {
                #expect(empty.html.contains(message), "\(message)")
            }
            #expect(empty.html.contains(">Ophalen wat jongeren willen</textarea>"), "what was typed stays")
            #expect(try await ParticipationPlanRecord.query(on: app.db).count() == 0)
        }
    }
}
