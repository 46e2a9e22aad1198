import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import ZIPFoundation

@testable import App

@Suite("The municipality's data: download all of it, erase a scan's single answers, keep nothing past its time")
struct PrivacyTests {
    /// The files of a ZIP download, by name.
    static func unzip(_ body: ByteBuffer) throws -> [String: String] {
        let archive = try Archive(data: Data(buffer: body), accessMode: .read)
        var files: [String: String] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            files[entry.path] = String(decoding: data, as: UTF8.self)
        }
        return files
    }

    @Test(
        "The coordinator downloads one ZIP of everything the municipality has, with the report's figures and the open answers it shows, no single response and nothing of another municipality; the download is logged"
    )
    func coordinatorDownloadsEverything() async throws {
        try await withTestApp { app in
            // setup: Demodorp in the demo, one of its open answers hidden by the coordinator
            let scan = try await demodorp(app)
            let hidden = try #require(try await ScanOpenAnswer.query(on: app.db).filter(\.$scan.$id == scan.requireID()).first())
            hidden.hidden = true
            hidden.text = "De wethouder van sport woont naast mij en zegt nooit iets"
            try await hidden.update(on: app.db)
            let report = try await ScanReports.report(for: scan, app: app, on: app.db)
            let shownOpen = try await ScanOpenAnswer.query(on: app.db).filter(\.$scan.$id == scan.requireID())
                .filter(\.$hidden == false).filter(\.$group ~~ report.shownGroups).count()
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            // act
            let page = try await coordinator.get(PrivacyURL.overview(.value("GM9901")).path)
            let download = try await coordinator.get(PrivacyURL.export(.value("GM9901")).path)
            // check: the page offers it, the file is a ZIP that is not kept by caches
            #expect(page.status == .ok && page.html.contains("Download alle gegevens (ZIP)"))
            #expect(download.status == .ok)
            #expect(download.headers.contentType == .zip && download.headers.first(name: .cacheControl) == "no-store")
            let files = try Self.unzip(download.body)
            for name in [
                "LEESMIJ.txt", "gemeente.csv", "personen.csv", "aanmelding.csv", "scans.csv", "open-antwoorden.csv", "traject.csv",
                "gesprekken.csv", "verbeteragenda.csv", "aanvragen.csv", "aanvragen-stappen.csv", "ervaringen.csv",
                "innovatietrajecten.csv", "uitdaagrecht.csv", "uitdaagrecht-stappen.csv", "burgerberaad.csv", "burgerberaad-brieven.csv",
                "burgerberaad-aanmeldingen.csv", "participatieplannen.csv", "auditlog.csv",
            ] {
                #expect(files[name] != nil, "\(name) is in the download")
            }
            #expect(
                files["uitdaagrecht.csv"]?.contains("Fatima el Amrani") == true,
                "the challengers' contact details are the municipality's data")
            #expect(
                files["burgerberaad-brieven.csv"]?.split(separator: "\r\n").count == 601,
                "the 600 letters of the demo's burgerberaad, opened from their sealed form")
            #expect(files["burgerberaad-aanmeldingen.csv"]?.contains("@example.nl") == true)
            #expect(
                files["participatieplannen.csv"]?.split(separator: "\r\n").count == 1 + DemoPlan.plan.steps.count,
                "the demo's plan, one row per method")
            let closedOn = try #require(scan.closedOn)
            let figures = try #require(files["quickscan/\(closedOn)-rapport.csv"])
            #expect(files["personen.csv"]?.contains("Marieke Jansen;trekker@demo.dia.example;Trekker") == true)
            #expect(files["gemeente.csv"]?.hasPrefix("\u{FEFF}cbs-code;naam") == true, "opens in columns in Dutch Excel")
            let theme = try #require(report.themes.first { $0.total != nil })
            #expect(figures.contains(String(format: "%.1f", theme.total!).replacingOccurrences(of: ".", with: ",")))
            // the open answers the report shows, not the hidden one, one line each
            let open = try #require(files["open-antwoorden.csv"])
            #expect(!open.contains(hidden.text))
            #expect(open.components(separatedBy: "\r\n").filter { $0.hasPrefix("Quick Scan 2026;") }.count == shownOpen)
            // no single response, nothing of Voorbeeldstad
            let everything = files.values.joined()
            #expect(!everything.contains("trekker.voorbeeldstad@demo.dia.example") && !everything.contains("Pieter Mulder"))
            #expect(!everything.contains("\"answers\"") && !everything.contains("token"))
            let logged = try await AuditEvent.query(on: app.db).filter(\.$action == .dataExported).all()
            #expect(logged.count == 1 && logged.first?.municipalityCode == "GM9901" && logged.first?.actorName == "Marieke Jansen")
        }
    }

    @Test(
        "Only the municipality's own coordinator downloads and erases: not its facilitator, council member, programme staff or another coordinator"
    )
    func othersAreRefused() async throws {
        try await withTestApp { app in
            // setup
            let scan = try await demodorp(app)
            let before = try await ScanResponse.query(on: app.db).filter(\.$scan.$id == scan.requireID()).count()
            for email in [
                "begeleider@demo.dia.example", "raadslid@demo.dia.example", "programma@demo.dia.example",
                "trekker.voorbeeldstad@demo.dia.example",
            ] {
                let person = Browser(app)
                try await person.signIn(email, password: DemoSeed.password)
                // act
                let page = try await person.get(PrivacyURL.overview(.value("GM9901")).path)
                let download = try await person.get(PrivacyURL.export(.value("GM9901")).path)
                let erase = try await person.post(PrivacyURL.eraseAnswers(.value("GM9901"), .value(scan.id!)).path)
                // check
                #expect([page.status, download.status, erase.status].allSatisfy { $0 == .forbidden }, "\(email)")
            }
            #expect(try await ScanResponse.query(on: app.db).filter(\.$scan.$id == scan.requireID()).count() == before)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action ~~ [.dataExported, .answersErased]).count() == 0)
        }
    }

    @Test(
        "Erasing a closed scan's answers removes every single answer and open answer after a confirmation, keeps the report's figures, says so on the report, and is logged; an open scan cannot be erased"
    )
    func eraseKeepsTheReport() async throws {
        try await withTestApp { app in
            // setup: Demodorp's closed scan with its answers, and its coordinator
            let scan = try await demodorp(app)
            let scanID = try scan.requireID()
            let before = try await ScanReports.report(for: scan, app: app, on: app.db)
            let responses = try await ScanResponse.query(on: app.db).filter(\.$scan.$id == scanID).count()
            let openAnswers = try await ScanOpenAnswer.query(on: app.db).filter(\.$scan.$id == scanID).count()
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            let url = PrivacyURL.eraseAnswers(.value("GM9901"), .value(scanID)).path
            // act
            let confirm = try await coordinator.get(url)
            let erased = try await coordinator.post(url)
            let overview = try await coordinator.get(PrivacyURL.overview(.value("GM9901")).path)
            let again = try await coordinator.post(url)
            let reportPage = try await coordinator.get(ScanURL.report(.value("GM9901"), .value(scanID)).path)
            // check: the confirmation said how much goes and what stays
            #expect(responses > 0 && openAnswers > 0)
            #expect(confirm.status == .ok && confirm.html.contains("\(responses) losse antwoorden, \(openAnswers) open antwoorden"))
            #expect(confirm.html.contains("de cijfers van het rapport blijven"))
            #expect(erased.status == .seeOther)
            #expect(overview.html.contains("De losse antwoorden en open antwoorden van Quick Scan 2026 zijn gewist."))
            #expect(try await ScanResponse.query(on: app.db).filter(\.$scan.$id == scanID).count() == 0)
            #expect(try await ScanOpenAnswer.query(on: app.db).filter(\.$scan.$id == scanID).count() == 0)
            let kept = try #require(try await Scan.find(scanID, on: app.db))
            let after = try await ScanReports.report(for: kept, app: app, on: app.db)
            #expect(
                zip(after.themes, before.themes).allSatisfy { abs(($0.total ?? -1) - ($1.total ?? -1)) < 1e-9 }, "the report's figures stay"
            )
            #expect(after.shownGroups == before.shownGroups)
            #expect(reportPage.status == .ok && reportPage.html.contains("zijn gewist op"))
            #expect(again.status == .conflict)
            let log = try await AuditEvent.query(on: app.db).filter(\.$action == .answersErased).all()
            #expect(log.count == 1 && log.first?.subject == "Quick Scan 2026" && log.first?.actorName == "Marieke Jansen")
            // an open scan keeps its answers
            let open = Scan(
                municipalityCode: "GM9901", bankVersion: scan.bankVersion, title: "Lopende scan", opensOn: "2026-01-01",
                closesOn: "2030-01-01", status: .open)
            try await open.create(on: app.db)
            let refused = try await coordinator.post(PrivacyURL.eraseAnswers(.value("GM9901"), .value(open.id!)).path)
            #expect(refused.status == .conflict)
        }
    }

    @Test(
        "dia maintenance removes only what is past its retention period: old scans' answers, sent email, turned-down sign-ups, audit entries, expired sessions"
    )
    func retentionRemovesOnlyWhatIsOld() async throws {
        try await withTestApp { app in
            // setup: one scan that closed three years ago and one last month, each with a response and an open answer
            let now = app.clock.now()
            func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }
            var scans: [Scan] = []
            for (title, closed) in [("Scan van lang geleden", daysAgo(3 * 365)), ("Scan van vorige maand", daysAgo(30))] {
                let scan = Scan(
                    municipalityCode: "GM0014", bankVersion: "2026.1", title: title,
                    opensOn: Format.day(closed.addingTimeInterval(-30 * 86_400)),
                    closesOn: Format.day(closed), status: .closed)
                scan.closedOn = Format.day(closed)
                try await scan.create(on: app.db)
                let response = ScanResponse()
                response.$scan.id = try scan.requireID()
                response.group = .inwoners
                response.submittedOn = scan.opensOn
                response.answersJSON = "{}"
                try await response.create(on: app.db)
                try await ScanOpenAnswer(scanID: scan.requireID(), group: .inwoners, questionID: "eigen", text: "Meer avonden in de wijk")
                    .create(on: app.db)
                scans.append(scan)
            }
            for (written, subject) in [(daysAgo(200), "Oud bericht"), (daysAgo(10), "Nieuw bericht")] {
                let message = OutboxMessage(
                    kind: "test", recipient: "iemand@gemeente.example", language: .nl, subject: subject, text: "t", html: "h",
                    messageID: UUID().uuidString, now: written)
                message.status = .sent
                try await message.create(on: app.db)
            }
            for (decided, name) in [(daysAgo(400), "Oude Aanvrager"), (daysAgo(40), "Nieuwe Aanvrager")] {
                let signup = Signup(
                    municipalityCode: "GM0014", contactName: name, contactFunction: .griffier, email: "a@b.example", phone: "",
                    motivation: "",
                    acceptedTermsAt: decided, status: .rejected)
                signup.decidedAt = decided
                try await signup.create(on: app.db)
            }
            for (at, subject) in [(daysAgo(3 * 365), "oude regel"), (daysAgo(5), "nieuwe regel")] {
                try await AuditLog.record(.roleGranted, by: .commandLine, municipality: nil, subject: subject, at: at, app: app, on: app.db)
            }
            try await SessionEntry(keyHash: "verlopen", data: "{}", expiresAt: daysAgo(1), userID: nil).create(on: app.db)
            // act
            let removed = try await PrivacyStore.applyRetention(.standard, app: app, on: app.db)
            let second = try await PrivacyStore.applyRetention(.standard, app: app, on: app.db)
            // check: the old go, the young stay
            #expect(
                removed.scansErased == 1 && removed.mail == 1 && removed.rejectedSignups == 1 && removed.auditEntries == 1, "\(removed)")
            #expect(removed.sessions >= 1)
            #expect(second == PrivacyStore.Removed(), "a second run finds nothing more")
            let old = try #require(try await Scan.find(scans[0].id, on: app.db))
            #expect(old.answersErasedOn == Format.day(now))
            #expect(try await ScanResponse.query(on: app.db).filter(\.$scan.$id == scans[0].requireID()).count() == 0)
            #expect(try await ScanResponse.query(on: app.db).filter(\.$scan.$id == scans[1].requireID()).count() == 1)
            #expect(try await ScanOpenAnswer.query(on: app.db).filter(\.$scan.$id == scans[1].requireID()).count() == 1)
            #expect(
                try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ ["Oud bericht", "Nieuw bericht"]).all().map(\.subject) == [
                    "Nieuw bericht"
                ])
            #expect(try await Signup.query(on: app.db).filter(\.$status == .rejected).all().map(\.contactName) == ["Nieuwe Aanvrager"])
            let subjects = try await AuditEvent.query(on: app.db).all().map(\.subject)
            #expect(!subjects.contains("oude regel") && subjects.contains("nieuwe regel"))
            #expect(subjects.contains("Scan van lang geleden"), "the erasure by the retention period is logged")
        }
    }

    @Test("A counted attempt removes the attempts of its own keys that fell out of the window, and leaves other keys alone")
    func attemptsDoNotPileUp() async throws {
        try await withTestApp { app in
            // setup: two old attempts of an address and one of another key, and one recent
            let now = app.clock.now()
            for (key, age) in [("login:10.0.0.1", 7_200.0), ("login:10.0.0.1", 4_000), ("login:10.0.0.2", 7_200), ("login:10.0.0.1", 60)] {
                try await LoginFailure(key: key, failedAt: now.addingTimeInterval(-age)).create(on: app.db)
            }
            // act
            let (_, counts) = try await LoginFailure.record(["login:10.0.0.1"], at: now, window: 3_600, on: app.db)
            // check
            #expect(counts == [2])
            #expect(try await LoginFailure.query(on: app.db).filter(\.$key == "login:10.0.0.1").count() == 2)
            #expect(try await LoginFailure.query(on: app.db).filter(\.$key == "login:10.0.0.2").count() == 1)
        }
    }

    @Test("The database still refuses to remove an audit entry of the past year, or to change any, also for the retention run")
    func auditLogKeepsItsYear() async throws {
        try await withTestApp { app in
            // setup: an entry of last week and one of two years ago
            let now = app.clock.now()
            try await AuditLog.record(
                .roleGranted, by: .commandLine, municipality: nil, subject: "recent", at: now.addingTimeInterval(-7 * 86_400), app: app,
                on: app.db)
            try await AuditLog.record(
                .roleGranted, by: .commandLine, municipality: nil, subject: "oud", at: now.addingTimeInterval(-730 * 86_400), app: app,
                on: app.db)
            // act
            var refusals = 0
            do { try await AuditEvent.query(on: app.db).filter(\.$subject == "recent").delete() } catch { refusals += 1 }
            do { try await AuditEvent.query(on: app.db).filter(\.$subject == "oud").set(\.$subject, to: "anders").update() } catch {
                refusals += 1
            }
            try await AuditEvent.query(on: app.db).filter(\.$subject == "oud").delete()
            // check
            #expect(refusals == 2)
            #expect(try await AuditEvent.query(on: app.db).all().map(\.subject) == ["recent"])
        }
    }
}
