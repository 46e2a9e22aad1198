import DemocracyKit
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
