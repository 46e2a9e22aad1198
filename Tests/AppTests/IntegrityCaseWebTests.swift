import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Basisscan integriteit: a confidential case file")
struct IntegrityCaseWebTests {
    struct Case {
        let griffier: Browser
        let assessor: Browser
        let mayor: Browser
        let path: String
        let link: String
    }

    /// Groningen's griffier opens a case naming an assessor and the burgemeester, and reads the candidate's link.
    static func open(_ app: Application) async throws -> Case {
        try await makeUser(app, email: "griffier@groningen.example", name: "Ineke Griffier", roles: [(.trekker, "GM0014")])
        try await makeUser(app, email: "beoordelaar@groningen.example", name: "Bas Beoordelaar", roles: [(.raadslid, "GM0014")])
        try await makeUser(app, email: "burgemeester@groningen.example", name: "Berend Burgemeester", roles: [(.burgemeester, "GM0014")])
        var browsers: [Browser] = []
        for email in ["griffier@groningen.example", "beoordelaar@groningen.example", "burgemeester@groningen.example"] {
            let browser = Browser(app)
            try await browser.signIn(email)
            browsers.append(browser)
        }
        let list = ResilienceURL.cases(.value("GM0014")).path
        try await browsers[0].get(list)
        let opened = try await browsers[0].post(
            list,
            [
                "candidateName": "Karin Kandidaat", "candidateEmail": "karin@example.org", "assessorEmail": "beoordelaar@groningen.example",
                "mayorEmail": "burgemeester@groningen.example",
            ])
        let path = try #require(opened.location)
        let page = try await browsers[0].get(path)
        let link = try #require(page.html.firstMatch(of: #/<code>[^<]*(/basisscan/[A-Za-z0-9_-]{40,})</code>/#)).output.1
        return Case(griffier: browsers[0], assessor: browsers[1], mayor: browsers[2], path: path, link: String(link))
    }

    static func answers(_ app: Application, _ text: String = "Nee") -> [String: String] {
        Dictionary(uniqueKeysWithValues: app.integrityQuestionnaire.questions.map { (IntegrityQuestionnaire.field($0), text) })
    }

    @Test(
        "The griffier opens a case, the candidate saves and sends the questionnaire by their link, the assessor records risks and measures, the burgemeester closes it, and the link then stops working; every step is in the audit log"
    )
    func wholeCase() async throws {
        try await withTestApp { app in
            let file = try await Self.open(app)
            let candidate = Browser(app)
            let form = try await candidate.get(file.link)
            var answers = Self.answers(app)
            answers["v-nevenfuncties"] = "Bestuurslid van Bouwbedrijf Noord BV"
            let saved = try await candidate.post(file.link, answers.merging(["actie": "opslaan"]) { $1 }, withCSRF: false)
            let waiting = try await file.assessor.get(file.path)
            let sent = try await candidate.post(file.link, answers.merging(["actie": "versturen"]) { $1 }, withCSRF: false)
            let again = try await candidate.post(file.link, answers.merging(["actie": "versturen"]) { $1 }, withCSRF: false)
            let answered = try await file.assessor.get(file.path)
            let assessed = try await file.assessor.post(
                file.path + "/beoordeling",
                [
                    "version": "3", "publicSources": "KVK: bestuurder van Bouwbedrijf Noord BV.", "interview": "Gesprek op 4 december.",
                    "r1-area": "werk", "r1-risk": "Bestuursfunctie bij een aannemer die voor de gemeente werkt",
                    "r1-measure": "Functie neerleggen voor de benoeming", "r1-owner": "Kandidaat; de griffier controleert",
                    "summary": "Eén risico, met een maatregel die de kandidaat aanvaardt.",
                ])
            try await file.mayor.get(file.path)
            let closed = try await file.mayor.post(file.path + "/afsluiten", ["version": "4", "confirm": "ja"])
            let after = try await candidate.get(file.link)
            let final = try await file.griffier.get(file.path)
            #expect(form.status == .ok && form.html.contains("Vragenlijst basisscan integriteit"))
            #expect(saved.status == .ok && saved.html.contains("Uw antwoorden zijn opgeslagen."))
            #expect(!waiting.html.contains("Bouwbedrijf Noord"), "a draft is the candidate's own until sent")
            #expect(sent.status == .ok && sent.html.contains("Uw antwoorden zijn verstuurd."))
            #expect(again.status == .conflict)
            #expect(answered.html.contains("Bestuurslid van Bouwbedrijf Noord BV") && answered.html.contains(#"name="r1-measure""#))
            #expect(assessed.status == .seeOther && closed.status == .seeOther)
            #expect(after.status == .gone)
            #expect(final.html.contains("Functie neerleggen voor de benoeming") && final.html.contains("Afgesloten"))
            #expect(!final.html.contains(#"name="r1-measure""#), "nothing changes after closing")
            let actions = try await AuditEvent.query(on: app.db).all().map(\.action)
            #expect(actions.contains(.integrityCaseOpened) && actions.contains(.integrityCaseViewed))
            #expect(actions.filter { $0 == .integrityCaseChanged }.count == 4, "saved, sent, assessed, closed")
        }
    }

    @Test(
        "Nobody who is not named opens the case, whatever their role: programme staff, the coordinator, a council member, the facilitator; each refusal is logged; the named keep to their part"
    )
    func onlyNamedPeople() async throws {
        try await withTestApp { app in
            let file = try await Self.open(app)
            let candidate = Browser(app)
            try await candidate.post(file.link, Self.answers(app).merging(["actie": "versturen"]) { $1 }, withCSRF: false)
            var refused = 0
            for (email, roles) in [
                ("staf@programma.example", [(Role.programma, String?.none)]), ("trekker2@groningen.example", [(.trekker, "GM0014")]),
                ("raadslid@groningen.example", [(.raadslid, "GM0014")]), ("begeleider@groningen.example", [(.begeleider, "GM0014")]),
            ] {
                try await makeUser(app, email: email, roles: roles)
                let browser = Browser(app)
                try await browser.signIn(email)
                let page = try await browser.get(file.path)
                let list = try await browser.get(ResilienceURL.cases(.value("GM0014")).path)
                #expect(page.status == .notFound && !page.html.contains("Karin"), "\(email)")
                #expect(!list.html.contains("Karin"), "\(email) sees the case in the list")
                refused += 1
            }
            try await makeUser(app, email: "griffier@amsterdam.example", roles: [(.trekker, "GM0363")])
            let outsider = Browser(app)
            try await outsider.signIn("griffier@amsterdam.example")
            let crossed = try await outsider.get(file.path.replacingOccurrences(of: "GM0014", with: "GM0363"))
            let other = try await outsider.get(file.path)
            #expect(crossed.status == .notFound && other.status == .forbidden && !other.html.contains("Karin"))
            refused += 2
            try await file.assessor.get(file.path)
            let assessorCloses = try await file.assessor.post(file.path + "/afsluiten", ["version": "3", "confirm": "ja"])
            let griffierAssesses = try await file.griffier.post(file.path + "/beoordeling", ["version": "3"])
            #expect(assessorCloses.status == .forbidden && griffierAssesses.status == .forbidden)
            let logged = try await AuditEvent.query(on: app.db).filter(\.$action == .integrityCaseRefused).count()
            #expect(logged == refused + 2, "four not named, another municipality's griffier twice, two named outside their part")
        }
    }

    @Test("The database holds no readable name, email or answer of the candidate, nor the assessment: only ciphertext")
    func sealedAtRest() async throws {
        try await withTestApp { app in
            let file = try await Self.open(app)
            try await Browser(app).post(
                file.link, Self.answers(app, "Geheim-antwoord-zeventien").merging(["actie": "versturen"]) { $1 }, withCSRF: false)
            try await file.assessor.get(file.path)
            try await file.assessor.post(
                file.path + "/beoordeling",
                ["version": "2", "publicSources": "Geheime-bron-acht", "interview": "Geheim-gesprek", "summary": "Geheime-samenvatting"])
            let secrets = [
                "Karin Kandidaat", "karin@example.org", "Geheim-antwoord-zeventien", "Geheime-bron-acht", "Geheime-samenvatting",
            ]
            var stored = ""
            for row in try await app.db.sql().raw("SELECT * FROM integrity_cases").all() {
                for column in ["candidate_sealed", "answers_sealed", "assessment_sealed"] {
                    stored += (try row.decode(column: column, as: String?.self) ?? "") + "\n"
                }
            }
            if case .sqliteFile(let path) = app.config.database {
                try await app.db.sql().raw("PRAGMA wal_checkpoint(FULL)").run()
                for suffix in ["", "-wal"] {
                    if let data = FileManager.default.contents(atPath: path + suffix) { stored += String(decoding: data, as: UTF8.self) }
                }
            }
            #expect(stored.contains("Geheim-antwoord-zeventien") == false)
            for secret in secrets { #expect(!stored.contains(secret), "\(secret) lies readable in the database") }
            let page = try await file.griffier.get(file.path)
            #expect(page.html.contains("Geheim-antwoord-zeventien") && page.html.contains("Karin Kandidaat"), "the named read it unsealed")
        }
    }

    @Test(
        "Bad input gets a message and stores nothing: an assessor without an account, a questionnaire sent with an empty answer, a risk without a measure, a wrong link"
    )
    func badInput() async throws {
        try await withTestApp { app in
            let file = try await Self.open(app)
            let list = ResilienceURL.cases(.value("GM0014")).path
            try await file.griffier.get(list)
            let unknown = try await file.griffier.post(
                list, ["candidateName": "Piet", "candidateEmail": "piet@example.org", "assessorEmail": "niemand@example.org"])
            try await makeUser(app, email: "staf@programma.example", roles: [(.programma, nil)])
            try await makeUser(app, email: "griffier@amsterdam.example", roles: [(.trekker, "GM0363")])
            let outsider = try await file.griffier.post(
                list,
                [
                    "candidateName": "Piet", "candidateEmail": "piet@example.org", "assessorEmail": "staf@programma.example",
                    "mayorEmail": "griffier@amsterdam.example",
                ])
            var answers = Self.answers(app)
            answers["v-schulden"] = " "
            let empty = try await Browser(app).post(file.link, answers.merging(["actie": "versturen"]) { $1 }, withCSRF: false)
            try await Browser(app).post(file.link, Self.answers(app).merging(["actie": "versturen"]) { $1 }, withCSRF: false)
            try await file.assessor.get(file.path)
            let noMeasure = try await file.assessor.post(
                file.path + "/beoordeling",
                [
                    "version": "2", "publicSources": "KVK", "interview": "Gesprek", "summary": "Samenvatting", "r1-area": "werk",
                    "r1-risk": "Iets",
                ])
            let wrongLink = try await Browser(app).get(ResilienceURL.candidate(.value("dit-is-geen-link")).path)
            #expect(unknown.status == .unprocessableEntity && unknown.html.contains("Er is geen account met dit e-mailadres."))
            #expect(
                outsider.status == .unprocessableEntity && outsider.html.contains("Deze persoon heeft geen rol bij deze gemeente.")
                    && outsider.html.contains(#"id="veld-assessorEmail-error""#) && outsider.html.contains(#"id="veld-mayorEmail-error""#),
                "programme staff and another municipality's griffier cannot be named")
            #expect(empty.status == .unprocessableEntity && empty.html.contains("Beantwoord deze vraag."))
            #expect(noMeasure.status == .unprocessableEntity && noMeasure.html.contains("Noem een maatregel voor dit risico."))
            #expect(wrongLink.status == .notFound)
            #expect(try await IntegrityCaseRecord.query(on: app.db).count() == 1)
            #expect(try await IntegrityCaseRecord.query(on: app.db).first()?.assessmentSealed == nil)
        }
    }

    @Test(
        "dia maintenance destroys a basisscan file a year after closing, and one never closed a year after its last change, with a record in the audit log; a younger file stays"
    )
    func retentionDestroysOldFiles() async throws {
        try await withTestApp { app in
            let file = try await Self.open(app)
            let recent = try await Self.open(app)
            let abandoned = try await Self.open(app)
            let now = app.clock.now()
            let records = try await IntegrityCaseRecord.query(on: app.db).sort(\.$openedAt).all()
            #expect(records.count == 3)
            let old = try #require(records.first { ResilienceURL.show(.value("GM0014"), .value($0.id!)).path == file.path })
            old.status = .afgesloten
            old.openedAt = now.addingTimeInterval(-500 * 86_400)
            old.closedAt = now.addingTimeInterval(-400 * 86_400)
            try await old.save(on: app.db)
            let young = try #require(records.first { ResilienceURL.show(.value("GM0014"), .value($0.id!)).path == recent.path })
            young.status = .afgesloten
            young.closedAt = now.addingTimeInterval(-300 * 86_400)
            try await young.save(on: app.db)
            let stale = try #require(records.first { ResilienceURL.show(.value("GM0014"), .value($0.id!)).path == abandoned.path })
            stale.openedAt = now.addingTimeInterval(-380 * 86_400)
            try await stale.save(on: app.db)
            let removed = try await PrivacyStore.applyRetention(.standard, app: app, on: app.db)
            let again = try await PrivacyStore.applyRetention(.standard, app: app, on: app.db)
            #expect(removed.integrityCasesDestroyed == 2 && again.integrityCasesDestroyed == 0)
            let left = try await IntegrityCaseRecord.query(on: app.db).all()
            #expect(left.map(\.id) == [young.id])
            #expect(try await IntegrityCasePerson.query(on: app.db).count() == 3, "only the young file's three named people stay")
            let records2 = try await AuditEvent.query(on: app.db).filter(\.$action == .integrityCaseDestroyed).all().map(\.subject).sorted()
            #expect(records2.count == 2)
            #expect(records2.contains { $0.hasPrefix(old.reference + ": vernietigd na de bewaartermijn (afgesloten op") })
            #expect(records2.contains { $0.hasPrefix(stale.reference + ": vernietigd na de bewaartermijn (niet afgesloten") })
            let page = try await file.griffier.get(file.path)
            let youngPage = try await recent.griffier.get(recent.path)
            #expect(page.status == .notFound)
            #expect(youngPage.html.contains("Bewaard tot"))
        }
    }

    @Test(
        "The opener or burgemeester downloads everything held about the candidate for them, and the download is logged; the assessor and anyone not named cannot"
    )
    func exportForTheCandidate() async throws {
        try await withTestApp { app in
            let file = try await Self.open(app)
            var answers = Self.answers(app)
            answers["v-nevenfuncties"] = "Voorzitter van de tennisclub"
            try await Browser(app).post(file.link, answers.merging(["actie": "versturen"]) { $1 }, withCSRF: false)
            let exportPath = file.path + "/export.json"
            let page = try await file.griffier.get(file.path)
            let download = try await file.griffier.get(exportPath)
            let mayors = try await file.mayor.get(exportPath)
            let assessors = try await file.assessor.get(exportPath)
            try await makeUser(app, email: "staf@programma.example", roles: [(.programma, nil)])
            let staff = Browser(app)
            try await staff.signIn("staf@programma.example")
            let staffs = try await staff.get(exportPath)
            #expect(page.html.contains(#"href="\#(exportPath)""#))
            #expect(download.status == .ok && download.headers.contentType == .json)
            #expect(download.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(download.body.readableBytesView)) as? [String: Any])
            let candidate = try #require(json["candidate"] as? [String: String])
            #expect(candidate["name"] == "Karin Kandidaat" && candidate["email"] == "karin@example.org")
            let exported = try #require(json["answers"] as? [[String: String]])
            #expect(exported.contains { $0["answer"] == "Voorzitter van de tennisclub" && $0["question"]?.isEmpty == false })
            let log = try #require(json["log"] as? [[String: String]])
            #expect(log.contains { $0["action"] == "Basisscan integriteit geopend" })
            #expect(mayors.status == .ok)
            #expect(assessors.status == .forbidden && staffs.status == .notFound)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == .integrityCaseExported).count() == 2)
        }
    }

    @Test(
        "The candidate adds a document through the link; its name and content are sealed at rest; the named download it, anyone else is refused and logged; a program renamed to .pdf, a file too large and a document after sending are refused"
    )
    func documents() async throws {
        try await withTestApp { app in
            let file = try await Self.open(app)
            let upload = file.link + "/documenten"
            let pdf = Array("%PDF-1.7\nGeheim-uittreksel-KVK\n".utf8)
            let added = try await uploadDocument(app, to: upload, name: "Uittreksel KVK.pdf", bytes: pdf)
            let renamed = try await uploadDocument(app, to: upload, name: "cv.pdf", bytes: Array("MZ\u{90}\u{0}program".utf8))
            let large = try await uploadDocument(
                app, to: upload, name: "groot.pdf", bytes: pdf + [UInt8](repeating: 32, count: UploadKind.maxBytes))
            let page = try await Browser(app).get(file.link)
            try await Browser(app).post(file.link, Self.answers(app).merging(["actie": "versturen"]) { $1 }, withCSRF: false)
            let late = try await uploadDocument(app, to: upload, name: "laat.pdf", bytes: pdf)
            let casePage = try await file.assessor.get(file.path)
            let path = String(
                try #require(casePage.html.firstMatch(of: #/href="(/gemeenten/GM0014/basisscan/[0-9A-F-]{36}/documenten/[0-9A-F-]{36})"/#))
                    .output.1)
            let download = try await file.assessor.get(path)
            try await makeUser(app, email: "raadslid@groningen.example", roles: [(.raadslid, "GM0014")])
            let member = Browser(app)
            try await member.signIn("raadslid@groningen.example")
            let refused = try await member.get(path)
            #expect(added.status == .seeOther)
            #expect(renamed.status == .unprocessableEntity && renamed.body.string.contains("Dit soort bestand kan niet."))
            #expect(large.status == .unprocessableEntity && large.body.string.contains("Het bestand is te groot."))
            #expect(page.html.contains("Uittreksel KVK.pdf"))
            #expect(late.status == .conflict)
            #expect(download.status == .ok && Array(download.body.readableBytesView) == pdf)
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            #expect(refused.status == .notFound && !refused.body.string.contains("Geheim-uittreksel"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == .integrityCaseRefused).count() == 1)
            #expect(try await IntegrityCaseDocument.query(on: app.db).count() == 1)
            var stored = ""
            if case .sqliteFile(let database) = app.config.database {
                try await app.db.sql().raw("PRAGMA wal_checkpoint(FULL)").run()
                for suffix in ["", "-wal"] {
                    if let data = FileManager.default.contents(atPath: database + suffix) {
                        stored += String(decoding: data, as: UTF8.self)
                    }
                }
            }
            for row in try await app.db.sql().raw("SELECT name_sealed, data_sealed FROM integrity_case_documents").all() {
                stored += try row.decode(column: "name_sealed", as: String.self) + (try row.decode(column: "data_sealed", as: String.self))
            }
            #expect(!stored.contains("Geheim-uittreksel-KVK") && !stored.contains("Uittreksel KVK"))
        }
    }

    @Test("A server started with another key stops at start-up, and a sealed answer never opens as garbage under the wrong key")
    func wrongKey() async throws {
        try await withTestApp { app in
            let file = try await Self.open(app)
            try await Browser(app).post(file.link, Self.answers(app).merging(["actie": "opslaan"]) { $1 }, withCSRF: false)
            var config = app.config
            config.secretKey = Data(base64Encoded: SecretBox.newKey())
            app.config = config
            let record = try #require(try await IntegrityCaseRecord.query(on: app.db).first())
            await #expect(throws: SecretKeyCheck.WrongKey.self) { try await SecretKeyCheck.verify(app: app) }
            #expect(throws: (any Error).self) { try app.secrets.open(record.candidateSealed) }
            #expect(throws: (any Error).self) { try app.secrets.open(try #require(record.answersSealed)) }
        }
    }

    @Test(
        "The burgemeester shares the summary with the council once the case is assessed: the council then reads the candidate's name and the summary, never the answers or the risks; the assessor cannot share; the facilitator and programme staff never see it"
    )
    func summaryForTheCouncil() async throws {
        try await withTestApp { app in
            let file = try await Self.open(app)
            var answers = Self.answers(app)
            answers["v-nevenfuncties"] = "Geheime-nevenfunctie"
            try await Browser(app).post(file.link, answers.merging(["actie": "versturen"]) { $1 }, withCSRF: false)
            try await file.assessor.get(file.path)
            try await file.assessor.post(
                file.path + "/beoordeling",
                [
                    "version": "2", "publicSources": "KVK", "interview": "Gesprek", "r1-area": "werk", "r1-risk": "Geheim-risico",
                    "r1-measure": "Neerleggen", "r1-owner": "Kandidaat",
                    "summary": "Eén risico met een maatregel; de kandidaat aanvaardt die.",
                ])
            try await makeUser(app, email: "raadslid@groningen.example", roles: [(.raadslid, "GM0014")])
            try await makeUser(app, email: "begeleider@groningen.example", roles: [(.begeleider, "GM0014")])
            try await makeUser(app, email: "staf@programma.example", roles: [(.programma, nil)])
            var readers: [Browser] = []
            for email in ["raadslid@groningen.example", "begeleider@groningen.example", "staf@programma.example"] {
                let browser = Browser(app)
                try await browser.signIn(email)
                readers.append(browser)
            }
            let list = ResilienceURL.cases(.value("GM0014")).path
            let before = try await readers[0].get(list)
            let byAssessor = try await file.assessor.post(file.path + "/delen", ["version": "3", "confirmShare": "ja"])
            try await file.mayor.get(file.path)
            let unticked = try await file.mayor.post(file.path + "/delen", ["version": "3"])
            let shared = try await file.mayor.post(file.path + "/delen", ["version": "3", "confirmShare": "ja"])
            let twice = try await file.mayor.post(file.path + "/delen", ["version": "4", "confirmShare": "ja"])
            let council = try await readers[0].get(list)
            let facilitator = try await readers[1].get(list)
            let staff = try await readers[2].get(list)
            let dashboard = try await readers[0].get(DashboardURL.municipality(.value("GM0014")).path)
            #expect(!before.html.contains("Karin Kandidaat"))
            #expect(byAssessor.status == .forbidden)
            #expect(unticked.status == .unprocessableEntity && unticked.html.contains("Vink aan dat de kandidaat weet"))
            #expect(shared.status == .seeOther && twice.status == .conflict)
            #expect(
                council.html.contains("Karin Kandidaat")
                    && council.html.contains("Eén risico met een maatregel; de kandidaat aanvaardt die."))
            #expect(council.html.contains("1 risico met een maatregel"))
            #expect(!council.html.contains("Geheime-nevenfunctie") && !council.html.contains("Geheim-risico"))
            #expect(!facilitator.html.contains("Karin Kandidaat") && !staff.html.contains("Karin Kandidaat"))
            #expect(dashboard.html.contains(#"href="\#(list)""#), "the council finds the summary from its dashboard")
            let viewed = try await AuditEvent.query(on: app.db).filter(\.$action == .integrityCaseViewed).all().map(\.subject)
            #expect(viewed.contains { $0.hasSuffix(": samenvatting gelezen") })
        }
    }
}
