import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Leerplatform: modules, lessons and quizzes for anyone")
struct LearningWebTests {
    @Test(
        "The platform ships at least twelve modules that pass every check, over knowledge, skills and attitude, and does not show the right answer first by habit"
    )
    func shippedModules() async throws {
        try await withTestApp { app in
            let modules = app.learningModules.modules
            #expect(modules.count >= 12)
            #expect(Set(modules.map(\.kind)) == Set(LearningKind.allCases))
            #expect(LearningCatalogue(modules).problems().isEmpty)
            #expect(modules.allSatisfy { $0.focusAreas.contains(.toegerustePolitiekeAmbtsdragers) }, "the platform serves focus area 2")
            // writers put the right answer first; the page shows it first in well under half the questions
            let shownFirst = modules.flatMap { module in
                module.lessons.enumerated().flatMap { lesson, content in
                    content.quiz.enumerated().map { number, question in
                        question.displayOrder(place: "\(module.id)/\(lesson + 1)/\(number + 1)").first == question.correctIndex
                    }
                }
            }
            #expect(
                Double(shownFirst.filter { $0 }.count) < 0.45 * Double(shownFirst.count),
                "\(shownFirst.filter { $0 }.count) of \(shownFirst.count)")
        }
    }

    @Test("Anyone filters the modules by kind, opens one with its lessons and sources, and reads a lesson with its quiz")
    func readModules() async throws {
        try await withTestApp { app in
            let modules = app.learningModules.modules
            let module = try #require(modules.first { $0.kind == .vaardigheden })
            let skills = modules.filter { $0.kind == .vaardigheden }.count
            let list = try await Browser(app).get(LearningURL.modules.with([("soort", "vaardigheden")]))
            let page = try await Browser(app).get(LearningURL.module(.value(module.id)).path)
            let lesson = try await Browser(app).get(LearningURL.lesson(.value(module.id), .value(1)).path)
            let english = try await Browser(app).get(LearningURL.lesson(.value(module.id), .value(1)).with([("lang", "en")]))
            #expect(list.status == .ok && list.html.contains("\(skills) \(skills == 1 ? "module" : "modules")"))
            #expect(list.html.contains(LearningURL.module(.value(module.id)).path))
            #expect(page.status == .ok && page.html.contains(module.sources[0].url))
            #expect(lesson.status == .ok && lesson.html.contains("Les 1 van \(module.lessons.count)"))
            #expect(lesson.html.contains(#"name="q1" type="radio" value="1""#))
            #expect(english.html.contains("Lesson 1 of \(module.lessons.count)"))
        }
    }

    @Test(
        "Answering a lesson's quiz shows per question whether it was right and why, with the right answer where it was not; an unanswered question or answers for another lesson are refused"
    )
    func quiz() async throws {
        try await withTestApp { app in
            let module = try #require(app.learningModules.modules.first)
            let lesson = try #require(module.lesson(1))
            let path = LearningURL.lesson(.value(module.id), .value(1)).path
            let browser = Browser(app)
            try await browser.get(path)
            // the first question answered wrongly, the others rightly
            var fields = ["lesson": "\(module.id)/1"]
            for (index, question) in lesson.quiz.enumerated() {
                let wrong = question.answers.indices.first { $0 != question.correctIndex } ?? 0
                fields["q\(index + 1)"] = String((index == 0 ? wrong : question.correctIndex) + 1)
            }
            let answered = try await browser.post(path, fields)
            let unanswered = try await browser.post(path, ["lesson": "\(module.id)/1"])
            let other = try await browser.post(path, fields.merging(["lesson": "\(module.id)/2"]) { $1 })
            let missing = try await browser.get(LearningURL.lesson(.value(module.id), .value(99)).path)
            let unknown = try await browser.get(LearningURL.module(.value("bestaat-niet")).path)
            #expect(answered.status == .ok)
            #expect(
                answered.html.contains("U hebt \(lesson.quiz.count - 1) van de \(lesson.quiz.count) vragen goed."),
                "lessons have two or more questions")
            let first = lesson.quiz[0]
            let wrong = first.answers.indices.first { $0 != first.correctIndex } ?? 0
            #expect(answered.html.contains(htmlEscaped(first.answers[wrong].explanation.nl)), "the chosen answer explains itself")
            #expect(answered.html.contains(htmlEscaped(first.answers[first.correctIndex].text.nl)), "the right answer is named")
            #expect(unanswered.status == .unprocessableEntity && unanswered.html.contains("Kies een antwoord op deze vraag."))
            #expect(other.status == .conflict && other.html.contains("horen bij een andere les"))
            #expect(missing.status == .notFound && missing.html.contains("Deze les bestaat niet."))
            #expect(unknown.status == .notFound)
        }
    }
}

/// Text as Leaf writes it into a page.
func htmlEscaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;")
}

@Suite("Leerplatform: the self-test, kept for the person alone")
struct SelfTestWebTests {
    /// The form with every statement rated 4, and those of the given competences rated 1.
    static func fields(_ app: Application, low: Set<Competence>) -> [String: String] {
        Dictionary(uniqueKeysWithValues: app.selfTest.statements.map { (SelfTest.field($0), low.contains($0.competence) ? "1" : "4") })
    }

    @Test(
        "A council member takes the self-test twice and sees the profile, advice for the weakest and the change; the griffier cannot open it"
    )
    func councilMemberTakesTheTest() async throws {
        try await withTestApp { app in
            try await makeUser(app, email: "raadslid@groningen.example", name: "Jan Raad", roles: [(.raadslid, "GM0014")])
            try await makeUser(app, email: "griffier@groningen.example", roles: [(.trekker, "GM0014")])
            let member = Browser(app)
            try await member.signIn("raadslid@groningen.example")
            try await member.get(LearningURL.selfTest.path)
            let first = try await member.post(LearningURL.selfTest.path, Self.fields(app, low: [.analytisch]))
            let firstPage = try await member.get(try #require(first.location))
            try await member.get(LearningURL.selfTest.path)
            let second = try await member.post(LearningURL.selfTest.path, Self.fields(app, low: []))
            let secondPage = try await member.get(try #require(second.location))
            let form = try await member.get(LearningURL.selfTest.path)
            let griffier = Browser(app)
            try await griffier.signIn("griffier@groningen.example")
            let peek = try await griffier.get(try #require(first.location))
            let signedOut = try await Browser(app).get(try #require(first.location))
            #expect(first.status == .seeOther)
            #expect(firstPage.status == .ok && firstPage.html.contains("<svg") && firstPage.html.contains("Analytisch vermogen"))
            let advised = try #require(app.learningModules.modules.first { $0.competences.contains(.analytisch) })
            #expect(firstPage.html.contains("analytisch vermogen (0 van de 100)"))
            #expect(
                firstPage.html.contains(LearningURL.module(.value(advised.id)).path) || firstPage.html.contains("/leerplatform/modules/"))
            #expect(secondPage.html.contains("Verschil met vorige keer") && secondPage.html.contains("+75"))
            #expect(secondPage.html.contains("U scoort op elke vaardigheid 75 of hoger."))
            #expect(form.html.contains("Uw eerdere uitslagen"))
            #expect(peek.status == .notFound && peek.html.contains("Deze uitslag bestaat niet, of is niet van u."))
            #expect(signedOut.status == .seeOther)
            #expect(try await SelfTestResult.query(on: app.db).count() == 2)
        }
    }

    @Test("A visitor sees a result that is not kept; a form with nothing rated names every statement")
    func visitor() async throws {
        try await withTestApp { app in
            let visitor = Browser(app)
            try await visitor.get(LearningURL.selfTest.path)
            let result = try await visitor.post(LearningURL.selfTest.path, SelfTestWebTests.fields(app, low: [.samenwerken]))
            let empty = try await visitor.post(LearningURL.selfTest.path, [:])
            #expect(result.status == .ok && result.html.contains("wordt niet bewaard"))
            #expect(try await SelfTestResult.query(on: app.db).count() == 0)
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.html.components(separatedBy: "Kies hoe goed deze zin bij u past.").count - 1 >= app.selfTest.statements.count)
        }
    }
}

@Suite("Leerplatform: progress and certificates")
struct CertificateWebTests {
    /// Answers every question of a lesson, rightly or with the first question wrong.
    static func answer(_ browser: Browser, module: LearningModule, lesson number: Int, allRight: Bool) async throws -> TestingHTTPResponse {
        let path = LearningURL.lesson(.value(module.id), .value(number)).path
        try await browser.get(path)
        var fields = ["lesson": "\(module.id)/\(number)"]
        for (index, question) in (module.lesson(number)?.quiz ?? []).enumerated() {
            let wrong = question.answers.indices.first { $0 != question.correctIndex } ?? 0
            fields["q\(index + 1)"] = String((allRight || index > 0 ? question.correctIndex : wrong) + 1)
        }
        return try await browser.post(path, fields)
    }

    @Test(
        "A council member completes a module, one lesson at the second try, and gets one certificate that anyone can check by its code; a wrong code is refused and, from one address, limited"
    )
    func completeAndCheck() async throws {
        try await withTestApp { app in
            try await makeUser(app, email: "raadslid@groningen.example", name: "Jan Raad", roles: [(.raadslid, "GM0014")])
            let member = Browser(app)
            try await member.signIn("raadslid@groningen.example")
            let module = try #require(app.learningModules.module("begroting-lezen"))
            let firstTry = try await Self.answer(member, module: module, lesson: 1, allRight: false)
            var last = firstTry
            for number in 1...module.lessons.count { last = try await Self.answer(member, module: module, lesson: number, allRight: true) }
            let again = try await Self.answer(member, module: module, lesson: 1, allRight: true)
            let modulePage = try await member.get(LearningURL.module(.value(module.id)).path)
            let progress = try await member.get(LearningURL.progress.path)
            let certificate = try #require(try await LearningCertificate.query(on: app.db).first())
            let typed = certificate.code.lowercased().replacingOccurrences(of: "-", with: " ")
            let checked = try await Browser(app).get(LearningURL.certificate.with([("code", typed)]))
            let unknown = try await Browser(app).get(LearningURL.certificate.with([("code", "AAAA-BBBB-CCCC")]))
            #expect(firstTry.html.contains("Beantwoord alle vragen goed om de les af te ronden."))
            #expect(
                last.html.contains("Gefeliciteerd")
                    && last.html.contains(htmlEscaped(LearningURL.certificate.with([("code", certificate.code)]))))
            #expect(!again.html.contains("Gefeliciteerd"), "one certificate per module")
            #expect(try await LearningCertificate.query(on: app.db).count() == 1)
            #expect(modulePage.html.contains("U hebt \(module.lessons.count) van de \(module.lessons.count) lessen afgerond."))
            #expect(progress.html.contains(htmlEscaped(module.title.nl)) && progress.html.contains("Bekijk het certificaat"))
            #expect(checked.status == .ok && checked.html.contains("Jan Raad heeft de module") && checked.html.contains(certificate.code))
            #expect(unknown.status == .notFound && unknown.html.contains("Er is geen certificaat met deze code."))
            // wrong codes from one address: after ten in an hour the check waits, also for a right code
            let guesser = Browser(app)
            for _ in 1...9 { try await guesser.get(LearningURL.certificate.with([("code", "ZZZZ-ZZZZ-ZZZZ")])) }
            let limited = try await guesser.get(LearningURL.certificate.with([("code", "ZZZZ-ZZZZ-ZZZZ")]))
            let rightButLimited = try await guesser.get(LearningURL.certificate.with([("code", certificate.code)]))
            #expect(limited.status == .tooManyRequests && limited.html.contains("te veel codes"))
            #expect(rightButLimited.status == .tooManyRequests)
        }
    }

    @Test("A visitor's quiz is checked but not kept, and the progress page asks to sign in")
    func visitorIsNotKept() async throws {
        try await withTestApp { app in
            let module = try #require(app.learningModules.module("begroting-lezen"))
            let answered = try await Self.answer(Browser(app), module: module, lesson: 1, allRight: true)
            let progress = try await Browser(app).get(LearningURL.progress.path)
            #expect(answered.status == .ok && !answered.html.contains("Uw uitslag is bewaard"))
            #expect(try await LearningResultRecord.query(on: app.db).count() == 0)
            #expect(progress.status == .seeOther)
        }
    }
}
