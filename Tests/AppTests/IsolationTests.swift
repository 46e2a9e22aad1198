import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Nothing crosses municipalities: every route is in the table below with who may use it, and every route that
/// shows or changes a municipality's things is tried, with municipality A's ids in the address, by each role of
/// municipality B, by someone signed out, and by a respondent of another scan. A new route that is not in the
/// table fails the test, so each module adds its rows.
@Suite("Isolation between municipalities")
struct IsolationTests {
    /// Who may use a route.
    enum Rule {
        /// Public pages and forms, the open link for inhabitants, health and metrics.
        case anyone
        /// Signed in, about the person themselves.
        case signedIn
        /// Programme staff only.
        case programme
        /// A municipality's non-public things: its own people, its facilitator, programme staff (`Access`).
        case municipality
        /// Authorised by a secret in the address (a respondent's code, an activation token).
        case codeHolder
    }

    static let table: [String: Rule] = [
        "GET /": .anyone, "GET /privacy": .anyone, "GET /toegankelijkheid": .anyone, "GET /verwerkersovereenkomst": .anyone,
        "GET /gemeenten": .anyone, "GET /gemeenten/:code": .anyone,
        "GET /doe-mee": .anyone, "POST /doe-mee": .anyone, "GET /doe-mee/bedankt": .anyone,
        "GET /beheer/aanmeldingen": .programme, "GET /beheer/aanmeldingen/:id": .programme,
        "POST /beheer/aanmeldingen/:id/accepteren": .programme, "POST /beheer/aanmeldingen/:id/afwijzen": .programme,
        "POST /beheer/aanmeldingen/:id/nieuwe-link": .programme,
        "GET /beheer/bereik": .programme,
        "GET /inloggen": .anyone, "POST /inloggen": .anyone, "POST /uitloggen": .signedIn,
        "GET /activeren/:token": .codeHolder, "POST /activeren/:token": .codeHolder,
        "GET /wachtwoord-vergeten": .anyone, "POST /wachtwoord-vergeten": .anyone,
        "GET /beheer/e-mail": .programme, "GET /beheer/e-mail/:messageID": .programme,
        "GET /account/e-mail": .signedIn, "POST /account/e-mail": .signedIn,
        "GET /afmelden/:token": .codeHolder, "POST /afmelden/:token": .codeHolder,
        "GET /account/wachtwoord": .signedIn, "POST /account/wachtwoord": .signedIn, "GET /dashboard": .signedIn,
        "GET /gemeenten/:code/dashboard": .municipality,
        "GET /gemeenten/:code/scans": .municipality, "POST /gemeenten/:code/scans": .municipality,
        "GET /gemeenten/:code/scans/:scanID": .municipality,
        "POST /gemeenten/:code/scans/:scanID/instellingen": .municipality,
        "POST /gemeenten/:code/scans/:scanID/vragen": .municipality,
        "POST /gemeenten/:code/scans/:scanID/vragen/:questionID/verwijderen": .municipality,
        "POST /gemeenten/:code/scans/:scanID/openen": .municipality, "POST /gemeenten/:code/scans/:scanID/sluiten": .municipality,
        "GET /gemeenten/:code/scans/:scanID/sluiten": .municipality,
        "GET /gemeenten/:code/scans/:scanID/heropenen": .municipality, "POST /gemeenten/:code/scans/:scanID/heropenen": .municipality,
        "POST /gemeenten/:code/scans/:scanID/delen": .municipality, "POST /gemeenten/:code/scans/:scanID/links": .municipality,
        "POST /gemeenten/:code/scans/:scanID/uitnodigen": .municipality, "POST /gemeenten/:code/scans/:scanID/herinneren": .municipality,
        "POST /gemeenten/:code/scans/:scanID/open-link": .municipality,
        "GET /gemeenten/:code/scans/:scanID/rapport": .municipality, "GET /gemeenten/:code/scans/:scanID/rapport.csv": .municipality,
        "GET /gemeenten/:code/scans/:scanID/rapport-excel.csv": .municipality,
        "GET /gemeenten/:code/scans/:scanID/rapport.json": .municipality,
        "GET /gemeenten/:code/scans/:scanID/open-antwoorden": .municipality,
        "POST /gemeenten/:code/scans/:scanID/open-antwoorden/:answerID": .municipality,
        "GET /vragenlijst": .anyone, "POST /vragenlijst": .anyone, "GET /vragenlijst/bedankt": .anyone,
        "GET /vragenlijst/:code": .codeHolder, "GET /vragenlijst/:code/stap/:page": .codeHolder,
        "POST /vragenlijst/:code/stap/:page": .codeHolder, "GET /vragenlijst/:code/controle": .codeHolder,
        "POST /vragenlijst/:code/versturen": .codeHolder,
        "GET /scan-inwoners/:openCode": .anyone, "POST /scan-inwoners/:openCode": .anyone,
        "GET /health": .anyone, "GET /metrics": .anyone,
        "GET /aanbod": .anyone, "GET /aanbod/:slug": .anyone,
        "GET /beheer/aanbod/nieuw": .programme, "POST /beheer/aanbod/nieuw": .programme,
        "GET /beheer/aanbod/:slug": .programme, "POST /beheer/aanbod/:slug": .programme,
        "GET /gemeenten/:code/aanvragen": .municipality, "POST /gemeenten/:code/aanvragen": .municipality,
        "GET /gemeenten/:code/aanvragen/nieuw": .municipality, "GET /gemeenten/:code/aanvragen/:requestID": .municipality,
        "POST /gemeenten/:code/aanvragen/:requestID/stap": .municipality,
        "GET /beheer/aanvragen": .programme, "GET /beheer/aanvragen/:requestID": .programme,
        "POST /beheer/aanvragen/:requestID/stap": .programme,
        "GET /gemeenten/:code/traject": .municipality, "POST /gemeenten/:code/traject/stap": .municipality,
        "GET /gemeenten/:code/gesprekken": .municipality, "POST /gemeenten/:code/gesprekken": .municipality,
        "GET /gemeenten/:code/gesprekken/nieuw": .municipality, "GET /gemeenten/:code/gesprekken/:conversationID": .municipality,
        "POST /gemeenten/:code/gesprekken/:conversationID": .municipality,
        "GET /gemeenten/:code/verbeteragenda": .municipality, "GET /gemeenten/:code/verbeteragenda/bewerken": .municipality,
        "POST /gemeenten/:code/verbeteragenda/bewerken": .municipality, "POST /gemeenten/:code/verbeteragenda/versturen": .municipality,
        "GET /gemeenten/:code/verbeteragenda/versies/:number": .municipality, "GET /beheer/verbeteragendas": .programme,
        "GET /beheer/trajecten": .programme, "GET /beheer/trajecten.csv": .programme,
        "GET /beheer/logboek": .programme,
        "GET /ervaringen": .anyone, "GET /ervaringen/:slug": .anyone, "GET /ervaringen/feed.atom": .anyone,
        "GET /gemeenten/:code/ervaringen": .municipality, "GET /gemeenten/:code/ervaringen/nieuw": .municipality,
        "POST /gemeenten/:code/ervaringen/nieuw": .municipality, "GET /gemeenten/:code/ervaringen/:experienceID": .municipality,
        "POST /gemeenten/:code/ervaringen/:experienceID": .municipality,
        "POST /gemeenten/:code/ervaringen/:experienceID/stap": .municipality,
        "GET /beheer/ervaringen": .programme, "GET /beheer/ervaringen/:experienceID": .programme,
        "POST /beheer/ervaringen/:experienceID/stap": .programme, "GET /beheer/ervaringen/:experienceID/versies": .programme,
        "GET /gemeenten/:code/vergelijkbaar": .municipality,
        "POST /ervaringen/:slug/contact": .signedIn,
        "GET /gemeenten/:code/gegevens": .municipality, "GET /gemeenten/:code/gegevens/export.zip": .municipality,
        "GET /gemeenten/:code/gegevens/scans/:scanID/antwoorden-wissen": .municipality,
        "POST /gemeenten/:code/gegevens/scans/:scanID/antwoorden-wissen": .municipality,
        "GET /innovatietrajecten": .anyone, "GET /innovatietrajecten/:slug": .anyone,
        "POST /innovatietrajecten/:slug/aanmelden": .signedIn, "GET /innovatietrajecten/:slug/resultaten/:resultSlug": .anyone,
        "POST /beheer/innovatietrajecten/:slug/resultaten/:resultSlug/aanbod": .programme, "GET /beheer/innovatietrajecten": .programme,
        "POST /beheer/innovatietrajecten/aanmeldingen/:applicationID": .programme,
        "GET /beheer/innovatietrajecten/:slug/resultaten/nieuw": .programme,
        "POST /beheer/innovatietrajecten/:slug/resultaten/nieuw": .programme,
        "GET /beheer/innovatietrajecten/nieuw": .programme, "POST /beheer/innovatietrajecten/nieuw": .programme,
        "GET /beheer/innovatietrajecten/:slug/bewerken": .programme, "POST /beheer/innovatietrajecten/:slug/bewerken": .programme,
        "GET /uitdaagrecht": .anyone, "GET /uitdaagrecht/:challengeID": .anyone, "GET /gemeenten/:code/uitdaagrecht": .anyone,
        "GET /gemeenten/:code/uitdaagrecht/indienen": .anyone, "POST /gemeenten/:code/uitdaagrecht/indienen": .anyone,
        "GET /uitdaagrecht/volgen/:token": .codeHolder, "POST /uitdaagrecht/volgen/:token": .codeHolder,
        "GET /gemeenten/:code/uitdaagrecht/regels": .municipality, "POST /gemeenten/:code/uitdaagrecht/regels": .municipality,
        "POST /gemeenten/:code/uitdaagrecht/behandelaars": .municipality,
        "POST /gemeenten/:code/uitdaagrecht/behandelaars/:userID/verwijderen": .municipality,
        "GET /gemeenten/:code/uitdagingen": .municipality, "GET /gemeenten/:code/uitdagingen/:challengeID": .municipality,
        "POST /gemeenten/:code/uitdagingen/:challengeID": .municipality,
        "POST /gemeenten/:code/uitdagingen/:challengeID/bericht": .municipality,
        "POST /uitdaagrecht/volgen/:token/documenten": .codeHolder, "GET /uitdaagrecht/volgen/:token/documenten/:documentID": .codeHolder,
        "GET /gemeenten/:code/uitdagingen/:challengeID/documenten/:documentID": .municipality,
        "GET /uitdaagrecht/open-data.csv": .anyone, "GET /gemeenten/:code/uitdaagrecht/feed.atom": .anyone,
        "GET /beheer/uitdaagrecht": .programme,
        "GET /participatie/methoden": .anyone, "GET /participatie/methoden/:methodID": .anyone, "GET /participatie/wijzer": .anyone,
        "GET /gemeenten/:code/burgerberaad": .municipality, "POST /gemeenten/:code/burgerberaad": .municipality,
        "GET /gemeenten/:code/burgerberaad/:lotteryID": .municipality,
        "POST /gemeenten/:code/burgerberaad/:lotteryID/adressen": .municipality,
        "POST /gemeenten/:code/burgerberaad/:lotteryID/startgetal": .municipality,
        "POST /gemeenten/:code/burgerberaad/:lotteryID/trekking": .municipality,
        "GET /gemeenten/:code/burgerberaad/:lotteryID/brieven": .municipality,
        "GET /gemeenten/:code/burgerberaad/:lotteryID/brieven.csv": .municipality,
        "POST /gemeenten/:code/burgerberaad/:lotteryID/aanmelden-sluiten": .municipality,
        "POST /gemeenten/:code/burgerberaad/:lotteryID/selectie": .municipality,
        "POST /gemeenten/:code/burgerberaad/:lotteryID/afronden": .municipality,
        "GET /burgerberaad/:lotteryID/aanmelden": .anyone, "POST /burgerberaad/:lotteryID/aanmelden": .anyone,
        "GET /burgerberaad/:lotteryID/verantwoording": .anyone,
        "GET /gemeenten/:code/participatieplannen": .municipality, "GET /gemeenten/:code/participatieplannen/nieuw": .municipality,
        "POST /gemeenten/:code/participatieplannen/nieuw": .municipality,
        "GET /gemeenten/:code/participatieplannen/:planID": .municipality,
        "GET /gemeenten/:code/participatieplannen/:planID/bewerken": .municipality,
        "POST /gemeenten/:code/participatieplannen/:planID/bewerken": .municipality,
        "POST /gemeenten/:code/participatieplannen/:planID/delen": .municipality,
        "GET /leerplatform": .anyone, "GET /leerplatform/modules/:moduleID": .anyone,
        "GET /leerplatform/modules/:moduleID/les/:lesson": .anyone, "POST /leerplatform/modules/:moduleID/les/:lesson": .anyone,
        "GET /leerplatform/zelftest": .anyone, "POST /leerplatform/zelftest": .anyone, "GET /leerplatform/zelftest/:resultID": .signedIn,
        "GET /leerplatform/voortgang": .signedIn, "GET /leerplatform/certificaten": .anyone,
        "GET /leerplatform/modules/:moduleID/bewerken": .programme, "POST /leerplatform/modules/:moduleID/bewerken": .programme,
        "GET /leerplatform/modules/:moduleID/les/:lesson/bewerken": .programme,
        "POST /leerplatform/modules/:moduleID/les/:lesson/bewerken": .programme,
        "GET /leerplatform/modules/:moduleID/versies": .programme,
        "POST /leerplatform/modules/:moduleID/versies/:version/terugzetten": .programme,
        "GET /gemeenten/:code/basisscan": .municipality, "POST /gemeenten/:code/basisscan": .municipality,
        "GET /gemeenten/:code/basisscan/:caseID": .municipality, "POST /gemeenten/:code/basisscan/:caseID/beoordeling": .municipality,
        "POST /gemeenten/:code/basisscan/:caseID/afsluiten": .municipality,
        "GET /gemeenten/:code/basisscan/:caseID/export.json": .municipality, "POST /gemeenten/:code/basisscan/:caseID/delen": .municipality,
        "GET /gemeenten/:code/basisscan/:caseID/documenten/:documentID": .municipality, "POST /basisscan/:token/documenten": .codeHolder,
        "GET /basisscan/:token": .codeHolder, "POST /basisscan/:token": .codeHolder,
        "GET /ondermijning": .anyone, "GET /ondermijning/signalen": .anyone, "GET /ondermijning/kennis": .anyone,
        "GET /ondermijning/kennis/:article": .anyone, "GET /ondermijning/quiz": .anyone, "GET /ondermijning/quiz/:level": .anyone,
        "POST /ondermijning/quiz/:level": .anyone, "GET /ondermijning/nieuws": .anyone, "POST /ondermijning/nieuws": .programme,
        "GET /ondermijning/melden": .anyone, "POST /ondermijning/melden": .anyone, "GET /ondermijning/melding": .anyone,
        "POST /ondermijning/melding": .anyone,
        "GET /gemeenten/:code/meldpunt-ondermijning": .municipality, "POST /gemeenten/:code/meldpunt-ondermijning": .municipality,
        "GET /gemeenten/:code/meldpunt-ondermijning/:reportID": .municipality,
        "POST /gemeenten/:code/meldpunt-ondermijning/:reportID": .municipality,
        "GET /woningscan": .anyone, "POST /woningscan": .anyone, "POST /woningscan/antwoorden-verwijderen": .signedIn,
        "GET /woningscan/aanvragen": .signedIn, "POST /woningscan/aanvragen": .signedIn,
        "GET /woningscan/aanvragen/:homeScanID": .signedIn, "GET /woningscans": .programme,
        "GET /woningscans/:homeScanID": .programme, "POST /woningscans/:homeScanID/behandelen": .programme,
        "POST /woningscans/:homeScanID/plannen": .programme, "POST /woningscans/:homeScanID/afronden": .programme,
        "GET /gemeenten/:code/leerplatform": .municipality, "GET /gemeenten/:code/opleidingsbudget": .municipality,
        "GET /gemeenten/:code/opleidingsbudget/aanvragen": .municipality, "POST /gemeenten/:code/opleidingsbudget/aanvragen": .municipality,
        "GET /gemeenten/:code/opleidingsbudget/aanvragen/:spendingID": .municipality,
        "POST /gemeenten/:code/opleidingsbudget/aanvragen/:spendingID": .municipality,
        "POST /gemeenten/:code/opleidingsbudget/budget": .municipality,
        "GET /gemeenten/:code/opleidingsbudget/opleidingsbudget.csv": .municipality,
    ]

    @Test("Every route is in the table, and none lets B's people, someone signed out or another respondent near A's things")
    func nothingCrossesMunicipalities() async throws {
        try await withTestApp { app in
            // setup: municipality A (Groningen) with a shared report, a hidden-able open answer, an own question, a
            // sign-up and a respondent who started; B (Amsterdam) with one person in each role
            let a = try await ScanFixture.make(app)
            try await a.coordinator.get(a.base)
            try await a.coordinator.post(
                a.url(ScanURL.settings),
                pairs: [
                    ("title", "Geheime scan van Groningen"), ("opensOn", "2026-01-01"), ("closesOn", "2099-12-31"), ("minAge", "16"),
                    ("groups[]", "raad"), ("groups[]", "inwoners"),
                ])
            try await a.coordinator.get(a.base)
            try await a.coordinator.post(
                a.url(ScanURL.questions),
                pairs: [
                    ("text", "Geheime eigen vraag"), ("kind", "open"), ("questionGroups[]", "raad"),
                ])
            try await a.open()
            let letterCode = try #require(try await a.links(.raad, count: 1).first)
            try await Browser(app).post(
                QuestionnaireURL.page(.value(letterCode), .value(1)).path, ["a:rol-raad.richting": "5", "richting": "later"])
            let question = try #require(try await ScanCustomQuestion.query(on: app.db).first())
            try await SignupStore.submit(
                SignupForm(
                    municipalityCode: "GM0014", contactName: "Ineke", contactFunction: "griffier",
                    email: "ineke@groningen.example", acceptsTerms: true), language: .nl, app: app)
            let signup = try #require(try await Signup.query(on: app.db).first())
            let coordinatorID = try #require(try await User.query(on: app.db).filter(\.$email == "griffie@groningen.example").first()?.id)
            let coordinator = try #require(try await AccountStore.currentUser(id: coordinatorID, on: app.db))
            let requestID = try await RequestStore.create(
                municipality: try await MunicipalityQueries.require(code: "GM0014", on: app.db), offerSlug: "woningscan",
                motivation: "Geheime motivatie van Groningen", serves: "", by: coordinator, app: app)
            try await AgendaStore.save(
                AgendaForm(priorities: [
                    .init(area: "3", why: "Geheime toelichting", actions: [.init(what: "Geheime actie", who: "Griffie", due: "2099-01-01")])
                ]), seenVersion: 0, of: "GM0014", by: coordinator, app: app)
            let conversationID = try await ConversationStore.save(
                ConversationDraft(
                    kind: "verdiepingsgesprek", heldOn: "2026-11-20", participants: "Geheime deelnemers", notes: "Geheim verslag",
                    decisions: "", followUp: ""), id: nil, seenVersion: nil, scanID: nil, of: "GM0014", by: coordinator, app: app)
            let experienceID = try await ExperienceStore.create(
                Experience(
                    title: .init(nl: "Geheime ervaring", en: ""), summary: .init(nl: "Geheime samenvatting", en: ""),
                    story: .init(nl: "Geheim verhaal", en: ""), worked: .init(nl: "Geheim", en: ""),
                    didNotWork: .init(nl: "Geheim", en: ""),
                    outcome: .gemengd, visibility: .publiek, focusAreas: [.beterBetrokkenInwoners], offers: [], instruments: [],
                    periodFrom: "2025-01", periodUntil: "2025-06"),
                municipality: try await MunicipalityQueries.require(code: "GM0014", on: app.db), contact: nil, by: coordinator, app: app)
            let groningen = try await MunicipalityQueries.require(code: "GM0014", on: app.db)
            try await ChallengeStore.saveRules(
                ChallengeRules(
                    enabled: true, intro: .init(nl: "", en: ""), openTasks: ["Onderhoud van groen"], excludedTasks: [],
                    conditions: [.kosten],
                    weeks: [:]), of: "GM0014", seenVersion: 0, app: app)
            _ = try await ChallengeStore.submit(
                ChallengeSubmission(
                    groupName: "Geheime groep", legalForm: "stichting", contactName: "Geheime contactpersoon",
                    email: "groep@groningen.example",
                    phone: "", task: "Onderhoud van groen", otherTask: "", budgetLine: "", plan: "Geheim plan", support: "Geheime steun",
                    supporters: "", capacity: "Geheim", budget: "", focusAreas: [], consent: true), to: groningen, language: .nl,
                address: "192.0.2.1", app: app)
            let challenge = try #require(try await ChallengeRecord.query(on: app.db).first())
            let lottery = try await LotteryStore.create(
                title: "Geheime loting van Groningen", areas: "Centrum\nHaren", of: "GM0014", by: coordinator, app: app)
            let plan = try await PlanStore.create(
                ParticipationPlanForm(
                    values: [
                        "project": "Geheime herinrichting van het plein", "phase": "plan", "influence": "adviseren", "scale": "gemeente",
                        "weeks": "20", "budget": "50000", "s1-method": "burgerberaad",
                    ], groups: []), of: "GM0014", by: coordinator, app: app)
            let councilMemberID = try await makeUser(
                app, email: "raadslid@groningen.example", name: "Geheim Raadslid", roles: [(.raadslid, "GM0014")])
            let councilMember = try #require(try await AccountStore.currentUser(id: councilMemberID, on: app.db))
            try await BudgetStore.setBudget(
                "1.500", year: Int(Format.day(app.clock.now()).prefix(4))!, member: nil, municipality: groningen, by: coordinator, app: app)
            let spending = try await BudgetStore.request(
                SpendingRequestForm(values: [
                    "what": "Geheime cursus", "provider": "Geheime aanbieder", "cost": "400", "day": Format.day(app.clock.now()),
                    "why": "Geheime reden",
                ]), by: councilMember, municipality: groningen, app: app)
            let (integrityCase, _) = try await IntegrityCaseStore.open(
                IntegrityCaseForm(values: [
                    "candidateName": "Geheime kandidaat", "candidateEmail": "kandidaat@groningen.example",
                    "assessorEmail": "griffie@groningen.example",
                ]), municipality: groningen, by: coordinator, app: app)
            try await UnderminingStore.setContact(email: "griffie@groningen.example", municipality: groningen, by: coordinator, app: app)
            _ = try await UnderminingStore.report(
                SignalReport(sector: .horeca, what: "Geheim signaal", place: "", moment: ""), to: groningen, app: app)
            let report = try #require(try await SignalReportRecord.query(on: app.db).first())
            let homeScan = try await HomeScanStore.request(
                HomeScanRequestForm(values: [
                    "office": "raadslid", "municipality": "GM0014", "phone": "0612345678", "street": "Geheimestraat 1",
                    "postcode": "9711 AA", "place": "Groningen",
                ]), by: councilMember, app: app)
            let values: [String: String] = [
                "code": "GM0014", "scanID": a.scan.id!.uuidString, "questionID": question.id!.uuidString,
                "answerID": UUID().uuidString, "id": signup.id!.uuidString, "token": "geen-geldig-token", "page": "1",
                "openCode": try #require(try await a.reload().openToken),
                "slug": "raad-in-beraad", "requestID": requestID.uuidString, "conversationID": conversationID.uuidString, "number": "1",
                "experienceID": experienceID.uuidString, "resultSlug": "geen-resultaat", "applicationID": UUID().uuidString,
                "messageID": try #require(try await OutboxMessage.query(on: app.db).first()?.id).uuidString,
                "challengeID": challenge.id!.uuidString, "userID": coordinatorID.uuidString, "documentID": UUID().uuidString,
                "lotteryID": try lottery.requireID().uuidString, "planID": try plan.requireID().uuidString,
                "spendingID": try spending.requireID().uuidString, "moduleID": "begroting-lezen", "lesson": "1", "version": "0",
                "caseID": try integrityCase.requireID().uuidString, "article": "wet-bibob", "level": "1",
                "reportID": try report.requireID().uuidString, "homeScanID": try homeScan.requireID().uuidString,
            ]
            var actors: [(String, Browser)] = []
            for role in [Role.raadslid, .trekker, .begeleider, .behandelaar] {
                let email = "\(role.rawValue)@amsterdam.example"
                try await makeUser(app, email: email, roles: [(role, "GM0363")])
                let browser = Browser(app)
                try await browser.signIn(email)
                actors.append(("\(role.rawValue) of B", browser))
            }
            actors.append(("signed out", Browser(app)))
            let respondent = Browser(app)
            let own = try await respondent.post(
                QuestionnaireURL.page(.value(try await otherScanCode(app)), .value(1)).path,
                ["a:rol-raad.richting": "3", "richting": "later"])
            #expect(own.status == .seeOther)
            actors.append(("respondent of another scan", respondent))

            // act and check
            var checked = 0
            for route in app.routes.all {
                let pattern = "/" + route.path.map(\.description).joined(separator: "/")
                let key = "\(route.method.rawValue) \(pattern)"
                let rule = try #require(Self.table[key], "\(key) is not in the isolation table")
                guard rule == .municipality || rule == .programme || rule == .codeHolder else { continue }
                var path = pattern
                for (name, value) in values { path = path.replacingOccurrences(of: ":" + name, with: value) }
                if pattern.hasPrefix("/vragenlijst/") { path = path.replacingOccurrences(of: "GM0014", with: letterCode) }
                for (actor, browser) in actors {
                    let response = route.method == .GET ? try await browser.get(path) : try await browser.post(path, ["hidden": "ja"])
                    let refused: Set<UInt> = [303, 401, 403, 404, 410]
                    #expect(refused.contains(response.status.code), "\(actor): \(key) answered \(response.status.code)")
                    if response.status == .seeOther {
                        #expect(
                            response.location?.hasPrefix(AccountURL.login.path) == true,
                            "\(actor): \(key) sent to \(response.location ?? "")")
                    }
                    #expect(!response.html.contains("Geheime"), "\(actor): \(key) shows A's text")
                    checked += 1
                }
            }
            // nothing of A changed
            let scan = try await a.reload()
            #expect(scan.status == .open && scan.title == "Geheime scan van Groningen")
            #expect(try await Signup.find(signup.id, on: app.db)?.status == .submitted)
            #expect(try await ScanCustomQuestion.query(on: app.db).count() == 1)
            #expect(try await OfferRequestRecord.find(requestID, on: app.db)?.status == .ingediend)
            #expect(try await Conversation.find(conversationID, on: app.db)?.version == 1)
            #expect(try await AgendaStore.current(of: "GM0014", on: app.db)?.version == 1)
            let experience = try await ExperienceStore.require(experienceID, municipality: "GM0014", on: app.db)
            #expect(experience.version == 1 && experience.status == .concept && !experience.isPublished)
            let unchanged = try #require(try await ChallengeRecord.find(challenge.id, on: app.db))
            #expect(unchanged.version == 1 && unchanged.status == .ingediend)
            #expect(try await ChallengeEvent.query(on: app.db).count() == 1, "no message added to A's challenge")
            #expect(try await ChallengeStore.rules(of: "GM0014", on: app.db).version == 1)
            let untouched = try #require(try await SpendingRequestRecord.find(spending.id, on: app.db))
            #expect(untouched.version == 1 && untouched.status == .aangevraagd, "no decision on A's education budget")
            #expect(try await EducationBudgetRecord.query(on: app.db).count() == 1)
            let homeScanNow = try #require(try await HomeScanRequestRecord.find(homeScan.id, on: app.db))
            #expect(
                homeScanNow.version == 1 && homeScanNow.handlerID == nil && homeScanNow.status == .aangevraagd, "nobody took A's woningscan"
            )
            #expect(checked >= 100)
            print("isolation: \(checked) requests, \(actors.count) actors")
        }
    }

    /// A code of a respondent of another municipality's scan (Amsterdam's).
    private func otherScanCode(_ app: Application) async throws -> String {
        let scan = try await ScanStore.create(
            municipalityCode: "GM0363", bank: app.questionBanks.current, today: app.clock.now(), on: app.db)
        try await ScanStore.open(scan, bank: app.questionBanks.current, on: app.db)
        return try await ScanStore.makeInvitations(for: scan, group: "raad", count: "1", on: app.db).1[0]
    }
}

extension IsolationTests.Rule: Equatable {}
