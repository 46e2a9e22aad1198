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

@Suite("Leerplatform: programme staff edit modules, with versions")
struct ModuleEditWebTests {
    @Test(
        "Programme staff change a question and its right answer; council members see and are scored on the new version, search finds the new words, and putting version 0 back restores the file's text as version 2"
    )
    func editAndRestore() async throws {
        try await withTestApp { app in
            try await makeUser(app, email: "staf@programma.example", name: "Anouk Staf", roles: [(.programma, nil)])
            let staff = Browser(app)
            try await staff.signIn("staf@programma.example")
            let module = try #require(app.learningModules.module("begroting-lezen"))
            let lesson = try #require(module.lesson(1))
            let edit = LearningURL.editLesson(.value(module.id), .value(1)).path
            let form = try await staff.get(edit)
            var fields = ModuleEditing.values(of: lesson)
            let other = lesson.quiz[0].answers.indices.first { $0 != lesson.quiz[0].correctIndex } ?? 0
            fields["q1-correct"] = String(other + 1)
            fields["q1-nl"] = "Welke vraag over de kadernota beantwoordt de raad als eerste?"
            fields["body-nl"] = lesson.body.nl + "\n\nDe voorjaarsnota heet in veel gemeenten ook kadernota."
            fields["version"] = "0"
            fields["note"] = "Vraag 1 scherper gemaakt"
            let saved = try await staff.post(edit, fields)
            let page = try await Browser(app).get(LearningURL.lesson(.value(module.id), .value(1)).path)
            // the new right answer scores
            var answers = ["lesson": "\(module.id)/1"]
            for (index, question) in lesson.quiz.enumerated() {
                answers["q\(index + 1)"] = String((index == 0 ? other : question.correctIndex) + 1)
            }
            let visitor = Browser(app)
            try await visitor.get(LearningURL.lesson(.value(module.id), .value(1)).path)
            let scored = try await visitor.post(LearningURL.lesson(.value(module.id), .value(1)).path, answers)
            let found = try await SearchStore.search(
                SearchQuery("voorjaarsnota"), filter: SearchFilter(kind: .leermodule), mayReadParticipantsOnly: false, page: 1, perPage: 10,
                app: app, on: app.db)
            // the same version sent again is refused, with the text kept
            let stale = try await staff.post(edit, fields.merging(["note": "Nog een keer"]) { $1 })
            let versions = try await staff.get(LearningURL.versions(.value(module.id)).path)
            let restored = try await staff.post(LearningURL.restore(.value(module.id), .value(0)).path)
            #expect(form.status == .ok && form.html.contains(#"name="q1-a1-why-en""#))
            #expect(saved.status == .seeOther)
            #expect(page.html.contains("Welke vraag over de kadernota beantwoordt de raad als eerste?"))
            #expect(scored.html.contains("U hebt \(lesson.quiz.count) van de \(lesson.quiz.count) vragen goed."))
            #expect(found.documents.map(\.ref) == [module.id])
            #expect(stale.status == .conflict && stale.html.contains("Iemand anders heeft de module net opgeslagen."))
            #expect(stale.html.contains("Nog een keer"), "what was typed stays")
            #expect(versions.html.contains("Vraag 1 scherper gemaakt") && versions.html.contains("Anouk Staf"))
            #expect(restored.status == .seeOther)
            let current = try await LearningCatalogueCheck.current(app)
            #expect(current.version(of: module.id) == 2)
            #expect(current.module(module.id) == module, "version 0 put back is the shipped module")
            #expect(try await LearningModuleVersion.query(on: app.db).count() == 2)
        }
    }

    @Test("Only programme staff edit: a griffier and a council member are refused, a visitor is sent to sign in; nothing is saved")
    func onlyStaff() async throws {
        try await withTestApp { app in
            try await makeUser(app, email: "griffier@groningen.example", roles: [(.trekker, "GM0014")])
            try await makeUser(app, email: "raadslid@groningen.example", roles: [(.raadslid, "GM0014")])
            let paths = [
                LearningURL.editModule(.value("begroting-lezen")).path, LearningURL.editLesson(.value("begroting-lezen"), .value(1)).path,
                LearningURL.versions(.value("begroting-lezen")).path,
            ]
            for email in ["griffier@groningen.example", "raadslid@groningen.example"] {
                let browser = Browser(app)
                try await browser.signIn(email)
                for path in paths {
                    #expect(try await browser.get(path).status == .forbidden, "\(email) \(path)")
                    #expect(try await browser.post(path, ["note": "x", "version": "0", "title-nl": "Gekaapt"]).status == .forbidden)
                }
            }
            #expect(try await Browser(app).get(paths[0]).status == .seeOther)
            #expect(try await LearningModuleVersion.query(on: app.db).count() == 0)
        }
    }

    @Test(
        "A lesson with a script or a javascript: link is refused or rendered harmless; a module's details with a missing translation are named"
    )
    func hostileMarkdown() async throws {
        try await withTestApp { app in
            try await makeUser(app, email: "staf@programma.example", roles: [(.programma, nil)])
            let staff = Browser(app)
            try await staff.signIn("staf@programma.example")
            let module = try #require(app.learningModules.module("begroting-lezen"))
            let edit = LearningURL.editLesson(.value(module.id), .value(1)).path
            try await staff.get(edit)
            var fields = ModuleEditing.values(of: try #require(module.lesson(1)))
            fields["version"] = "0"
            fields["note"] = "Test"
            fields["body-nl"] = "Zie <script>alert(1)</script>"
            let script = try await staff.post(edit, fields)
            fields["body-nl"] = "Lees [dit](javascript:alert(1)) en ![plaatje](https://evil.example/x.png)."
            let link = try await staff.post(edit, fields)
            let page = try await Browser(app).get(LearningURL.lesson(.value(module.id), .value(1)).path)
            try await staff.get(LearningURL.editModule(.value(module.id)).path)
            var details = ModuleEditing.values(of: module)
            details["title-en"] = ""
            details["version"] = "1"
            details["note"] = "Titel"
            let missing = try await staff.post(LearningURL.editModule(.value(module.id)).path, details)
            #expect(script.status == .unprocessableEntity && script.html.contains("zonder HTML"))
            #expect(link.status == .seeOther)
            #expect(!page.html.contains("javascript:") && !page.html.contains("evil.example"))
            #expect(missing.status == .unprocessableEntity && missing.html.contains("Vul dit in, in het Nederlands en in het Engels."))
        }
    }
}

/// The modules with every saved edit, read as a page would.
enum LearningCatalogueCheck {
    static func current(_ app: Application) async throws -> LearningCatalogue {
        try await app.learningLibrary.current(on: app.db)
    }
}

@Suite("Leerplatform: modules in the offer catalogue and in search")
struct ModulesAcrossThePlatformTests {
    @Test(
        "The catalogue lists the modules under lokaal maatwerk, narrowed by focus area and words, and leaves them out for another pillar or audience"
    )
    func catalogue() async throws {
        try await withTestApp { app in
            let modules = app.learningModules
            let integrity = modules.inCatalogue(CatalogueFilter(focusArea: .weerbaarBestuur)).map(\.id)
            #expect(integrity.contains("integriteit") && !integrity.contains("begroting-lezen"))
            #expect(modules.inCatalogue(CatalogueFilter(search: "jaarrekening")).map(\.id) == ["begroting-lezen"])
            #expect(modules.inCatalogue(CatalogueFilter(pillar: .innovatietrajecten)).isEmpty)
            #expect(modules.inCatalogue(CatalogueFilter(audience: .inwoners)).isEmpty)
            #expect(modules.inCatalogue(CatalogueFilter()).count == modules.modules.count)
            let page = try await Browser(app).get(
                CatalogueURL.list.with([("pijler", "lokaal-maatwerk"), ("gebied", FocusArea.weerbaarBestuur.slug)]))
            let other = try await Browser(app).get(CatalogueURL.list.with([("pijler", "innovatietrajecten")]))
            #expect(page.status == .ok && page.html.contains("Ook voor de raad: modules op het leerplatform"))
            #expect(page.html.contains(LearningURL.module(.value("integriteit")).path))
            #expect(!other.html.contains("Ook voor de raad: modules op het leerplatform"))
        }
    }

    @Test("Search finds modules by the words of their lessons, inflected, and links to them")
    func search() async throws {
        try await withTestApp { app in
            let found = try await SearchStore.search(
                SearchQuery("rekenkamers"), filter: SearchFilter(kind: .leermodule), mayReadParticipantsOnly: false, page: 1,
                perPage: 20, app: app, on: app.db)
            #expect(found.documents.map(\.ref).contains("rekenkamer"))
            #expect(
                try await SearchStore.corpus(app: app, on: app.db).all { $0.kind == .leermodule }.count == app.learningModules.modules.count
            )
            let page = try await Browser(app).get(ExperienceURL.list.with([("zoek", "rekenkamer"), ("soort", "leermodule")]))
            #expect(page.status == .ok && page.html.contains(LearningURL.module(.value("rekenkamer")).path))
        }
    }
}
