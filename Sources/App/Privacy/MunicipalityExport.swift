import DemocracyKit
import Fluent
import Foundation
import Vapor
import ZIPFoundation

/// Everything the platform holds for one municipality, as a ZIP of CSV files that Dutch Excel opens in columns
/// (`CSV.file(forDutchExcel:)`), with a LEESMIJ.txt that says what each file holds. Respondents stay anonymous to
/// their municipality here too: no single response, only the report's figures and the open answers of the groups
/// the report shows, as the report page has them.
enum MunicipalityExport {
    struct File: Sendable {
        let name: String
        let text: String
    }

    static func files(for municipality: Municipality, language: Language, app: Application, on db: any Database) async throws -> [File] {
        let code = municipality.code
        func yes(_ value: Bool) -> String { value ? (language == .nl ? "ja" : "yes") : (language == .nl ? "nee" : "no") }
        func moment(_ date: Date?) -> String { date.map(Format.dayTime) ?? "" }
        var files: [File] = []
        func add(_ name: String, _ header: [String], _ rows: [[String]]) {
            files.append(File(name: name, text: CSV.file([header] + rows, forDutchExcel: true)))
        }

        let since = try await MunicipalityQueries.participation(codes: [code], on: db)[code]
        add(
            "gemeente.csv", ["cbs-code", "naam", "provincie", "inwoners", "deelnemer sinds"],
            [[code, municipality.name, municipality.province, String(municipality.population), since.map(Format.day) ?? ""]])

        let memberships = try await MembershipRecord.query(on: db).filter(\.$municipalityCode == code).with(\.$user).all()
        add(
            "personen.csv", ["naam", "e-mailadres", "rol", "account geactiveerd", "account gemaakt"],
            memberships.map {
                [$0.user.name, $0.user.email, $0.role.name(language), yes($0.user.passwordHash != nil), moment($0.user.createdAt)]
            }
            .sorted { ($0[2], $0[0]) < ($1[2], $1[0]) })

        // Only the accepted sign-up: one that was turned down may hold someone else's name and address.
        let signups = try await Signup.query(on: db).filter(\.$municipality.$id == code).filter(\.$status == .accepted).all()
        add(
            "aanmelding.csv", ["ingediend", "contactpersoon", "functie", "e-mailadres", "telefoon", "motivatie", "geaccepteerd"],
            signups.map {
                [
                    moment($0.submittedAt), $0.contactName, $0.contactFunction.name(language), $0.email, $0.phone, $0.motivation,
                    moment($0.decidedAt),
                ]
            })

        try await addScans(of: municipality, language: language, app: app, on: db, files: &files)

        let steps = try await TrajectoryStepRecord.query(on: db).filter(\.$municipalityCode == code).sort(\.$step).all()
        add(
            "traject.csv", ["stap", "naam", "bereikt op", "hoe", "door"],
            steps.map { record in
                let step = TrajectoryStep(rawValue: record.step)
                return [
                    String(record.step), step?.name(language) ?? "", record.day,
                    StepReason(rawValue: record.reason)?.name(language) ?? record.reason, record.byName ?? "",
                ]
            })

        let conversations = try await Conversation.query(on: db).filter(\.$municipalityCode == code).sort(\.$heldOn).all()
        add(
            "gesprekken.csv", ["soort", "datum", "deelnemers", "aantekeningen", "besluiten", "vervolg", "laatst gewijzigd", "door"],
            conversations.map {
                [
                    $0.kind.name(language), $0.heldOn, $0.participants, $0.notes, $0.decisions, $0.followUp, moment($0.updatedAt),
                    $0.updatedBy,
                ]
            })

        var agendaRows: [[String]] = []
        if let agenda = try await AgendaRecord.query(on: db).filter(\.$municipalityCode == code).first() {
            let versions = try await AgendaVersion.query(on: db).filter(\.$agenda.$id == agenda.requireID()).sort(\.$number).all()
            for version in versions {
                let head = [String(version.number), moment(version.savedAt), version.savedBy, moment(version.sentAt)]
                for priority in version.agendaValue?.priorities ?? [] {
                    let actions = priority.actions.isEmpty ? [nil] : priority.actions.map(Optional.some)
                    for action in actions {
                        agendaRows.append(
                            head + [
                                priority.area.name(language), priority.why, action?.what ?? "", action?.who ?? "", action?.due ?? "",
                                action?.status.name(language) ?? "",
                            ])
                    }
                }
            }
        }
        add(
            "verbeteragenda.csv",
            ["versie", "opgeslagen", "door", "verstuurd", "prioriteit", "waarom", "actie", "wie", "wanneer", "stand"], agendaRows)

        let requests = try await OfferRequestRecord.query(on: db).filter(\.$municipalityCode == code).sort(\.$createdAt).all()
        add(
            "aanvragen.csv",
            ["aangevraagd", "aanbod", "stand", "motivatie", "voor", "gepland op", "waardering", "lessen", "reden van afwijzing"],
            requests.map {
                [
                    moment($0.createdAt), $0.offerSlug, $0.status.name(language), $0.motivation, $0.serves, $0.plannedOn ?? "",
                    $0.rating.map(String.init) ?? "", $0.lessons ?? "", $0.reason ?? "",
                ]
            })
        let events = try await OfferRequestEvent.query(on: db).join(
            OfferRequestRecord.self, on: \OfferRequestEvent.$request.$id == \OfferRequestRecord.$id
        )
        .filter(OfferRequestRecord.self, \.$municipalityCode == code).sort(\.$at).all()
        let slugs = Dictionary(
            requests.compactMap { request in request.id.map { ($0, request.offerSlug) } }, uniquingKeysWith: { a, _ in a })
        add(
            "aanvragen-stappen.csv", ["moment", "aanbod", "stap", "stand", "toelichting", "door"],
            events.map { [moment($0.at), slugs[$0.$request.id] ?? "", $0.action, $0.status.name(language), $0.note, $0.actorName] })

        let experiences = try await ExperienceRecord.query(on: db).filter(\.$municipalityCode == code).sort(\.$createdAt).all()
        var experienceRows: [[String]] = []
        for record in experiences {
            guard let id = record.id,
                let version = try await ExperienceVersionRecord.query(on: db).filter(\.$experienceID == id)
                    .filter(\.$version == record.version).first(),
                let text = try? version.experience()
            else { continue }
            experienceRows.append([
                record.slug, record.status.name(language), String(record.version), record.publishedVersion.map(String.init) ?? "",
                text.title.nl, text.summary.nl, text.story.nl, text.worked.nl, text.didNotWork.nl, text.title.en, text.summary.en,
                text.story.en, text.worked.en, text.didNotWork.en, text.outcome.name(language), text.visibility.name(language),
                text.periodFrom, text.periodUntil, moment(record.updatedAt),
            ])
        }
        add(
            "ervaringen.csv",
            [
                "kenmerk", "stand", "versie", "gepubliceerde versie", "titel", "samenvatting", "verhaal", "wat werkte",
                "wat niet werkte", "title (English)", "summary (English)", "story (English)", "what worked (English)",
                "what did not work (English)", "uitkomst", "zichtbaar voor", "van", "tot", "laatst gewijzigd",
            ], experienceRows)

        let applications = try await TrackApplication.query(on: db).filter(\.$municipalityCode == code).sort(\.$appliedAt).all()
        let tracks = try await TrackRecord.query(on: db).all()
        let trackTitles = Dictionary(tracks.compactMap { track in track.id.map { ($0, track.titleNl) } }, uniquingKeysWith: { a, _ in a })
        add(
            "innovatietrajecten.csv", ["traject", "aangemeld", "door", "motivatie", "stand", "reden", "besloten"],
            applications.map {
                [
                    trackTitles[$0.trackID] ?? "", moment($0.appliedAt), $0.appliedBy, $0.motivation, $0.status.name(language),
                    $0.reason ?? "", moment($0.decidedAt),
                ]
            })

        let challenges = try await ChallengeRecord.query(on: db).filter(\.$municipalityCode == code).sort(\.$createdAt).all()
        add(
            "uitdaagrecht.csv",
            [
                "ingediend", "taak", "groep", "rechtsvorm", "contactpersoon", "e-mailadres", "telefoon", "plan", "steun",
                "aantal steunbetuigers",
                "capaciteit", "begroting", "stand", "besluit", "redenen", "besloten op", "overeenkomst van", "overeenkomst tot", "budget",
                "evaluatie groep", "evaluatie gemeente",
            ],
            challenges.map {
                [
                    moment($0.createdAt), $0.task, $0.groupName, $0.legalForm.name(language), $0.contactName, $0.contactEmail,
                    $0.contactPhone,
                    $0.plan, $0.support, $0.supporters.map(String.init) ?? "", $0.capacity, $0.budget.map(String.init) ?? "",
                    $0.status.name(language), $0.decision?.name(language) ?? "", $0.decisionReasons ?? "", $0.decidedOn ?? "",
                    $0.agreementFrom ?? "", $0.agreementUntil ?? "", $0.agreementBudget.map(String.init) ?? "", $0.evaluationGroup ?? "",
                    $0.evaluationMunicipality ?? "",
                ]
            })
        let challengeIDs = challenges.compactMap(\.id)
        let challengeEvents =
            challengeIDs.isEmpty ? [] : try await ChallengeEvent.query(on: db).filter(\.$challenge.$id ~~ challengeIDs).sort(\.$at).all()
        let tasks = Dictionary(uniqueKeysWithValues: challenges.compactMap { record in record.id.map { ($0, record.task) } })
        add(
            "uitdaagrecht-stappen.csv", ["moment", "taak", "stap", "stand", "dag", "toelichting", "door", "gedeeld met de groep"],
            challengeEvents.map {
                [
                    moment($0.at), tasks[$0.$challenge.id] ?? "", $0.action, $0.status.name(language), $0.day ?? "", $0.note, $0.actorName,
                    yes($0.shared),
                ]
            })

        try await addLotteries(of: code, language: language, app: app, on: db, add: add)
        try await addPlans(of: code, language: language, app: app, on: db, add: add)

        let audit = try await AuditEvent.query(on: db).filter(\.$municipalityCode == code).sort(\.$at).all()
        add(
            "auditlog.csv", ["moment", "wie", "wat", "waarover"],
            audit.map { [moment($0.at), $0.actorName, $0.action.name(language), $0.subject] })

        files.insert(File(name: "LEESMIJ.txt", text: readme(for: municipality, files: files.map(\.name), at: app.clock.now())), at: 0)
        return files
    }

    /// Its burgerberaden: each lottery's steps, the letters with their addresses and codes, and the registrations
    /// with contact details (opened from their sealed form: they are the municipality's data).
    private static func addLotteries(
        of code: String, language: Language, app: Application, on db: any Database, add: (String, [String], [[String]]) -> Void
    ) async throws {
        let lotteries = try await LotteryRecord.query(on: db).filter(\.$municipalityCode == code).sort(\.$createdAt).all()
        func moment(_ date: Date?) -> String { date.map(Format.dayTime) ?? "" }
        add(
            "burgerberaad.csv",
            [
                "burgerberaad", "stand", "aangemaakt", "regels", "adressen", "vingerafdruk bestand", "startgetal", "bekendgemaakt",
                "vastgelegd", "brieven", "vingerafdruk trekking", "getrokken", "aanmelding gesloten",
            ],
            lotteries.map {
                [
                    $0.title, $0.status.name(language), moment($0.createdAt), String($0.addressLines), String($0.addressCount),
                    $0.fileFingerprint ?? "", $0.seed ?? "", $0.seedAnnounced ?? "", moment($0.seedPublishedAt), String($0.letterCount),
                    $0.drawFingerprint ?? "", moment($0.drawnAt), moment($0.registrationClosedAt),
                ]
            })
        var letterRows: [[String]] = []
        var volunteerRows: [[String]] = []
        for lottery in lotteries {
            let id = try lottery.requireID()
            let letters = try await LotteryLetter.query(on: db).filter(\.$lottery.$id == id).sort(\.$position).all()
            for letter in letters {
                letterRows.append([
                    lottery.title, String(letter.position), try app.secrets.open(letter.address), try app.secrets.open(letter.code),
                    letter.registered ? (language == .nl ? "ja" : "yes") : (language == .nl ? "nee" : "no"),
                ])
            }
            let criteria = lottery.criteria
            for volunteer in try await LotteryVolunteer.query(on: db).filter(\.$lottery.$id == id).all() {
                let features = volunteer.answers
                let contact = try volunteer.contactDetails(app.secrets)
                let answers = criteria.map { criterion in
                    criterion.values.first { $0.id == features[criterion.id] }.map { $0.name(language) } ?? ""
                }
                volunteerRows.append(
                    [lottery.title, volunteer.registeredOn] + answers + [
                        contact["name"] ?? "", contact["email"] ?? "", contact["phone"] ?? "",
                    ])
            }
        }
        add("burgerberaad-brieven.csv", ["burgerberaad", "nummer", "adres", "code", "aangemeld"], letterRows)
        add(
            "burgerberaad-aanmeldingen.csv",
            ["burgerberaad", "aangemeld op", "leeftijd", "geslacht", "wijk of dorp", "opleiding", "naam", "e-mailadres", "telefoon"],
            volunteerRows)
    }

    /// Its participation plans: one row per method of each plan, with the plan's question and feedback repeated, so
    /// the file opens as one table.
    private static func addPlans(
        of code: String, language: Language, app: Application, on db: any Database, add: (String, [String], [[String]]) -> Void
    ) async throws {
        let catalogue = app.participationMethods
        var rows: [[String]] = []
        for record in try await PlanStore.list(of: code, on: db).reversed() {
            let plan = try record.plan()
            let q = plan.question
            let common = [
                record.title, q.phase.name(language), q.influence.name(language),
                q.groups.map { $0.name(language) }.joined(separator: ", "),
                q.scale.name(language), String(q.weeks), String(q.budget), plan.agendaArea.map { $0.name(language) } ?? "",
                record.sharedAt.map(Format.dayTime) ?? "",
            ]
            let feedback = [plan.inhabitants, plan.council].flatMap { [$0.who, $0.due, $0.how] }
            for (index, step) in plan.steps.enumerated() {
                rows.append(
                    common + [
                        String(index + 1), catalogue.method(step.method)?.name(language) ?? step.method, step.purpose, step.when, step.who,
                    ]
                        + feedback)
            }
        }
        add(
            "participatieplannen.csv",
            [
                "project", "fase", "invloed", "groepen", "schaal", "weken", "budget", "prioriteit verbeteragenda", "gedeeld met de raad",
                "stap", "methode", "waarvoor", "wanneer", "wie", "terugkoppeling inwoners: wie", "terugkoppeling inwoners: uiterlijk",
                "terugkoppeling inwoners: hoe", "terugkoppeling raad: wie", "terugkoppeling raad: uiterlijk", "terugkoppeling raad: hoe",
            ],
            rows)
    }

    /// The scans, each closed scan's figures as its report shows them, and the open answers the report shows.
    private static func addScans(
        of municipality: Municipality, language: Language, app: Application, on db: any Database, files: inout [File]
    ) async throws {
        let scans = try await Scan.query(on: db).filter(\.$municipality.$id == municipality.code).sort(\.$opensOn).all()
        var scanRows: [[String]] = []
        var openRows: [[String]] = []
        for scan in scans {
            let scanID = try scan.requireID()
            let total = try await ResponseStore.responseCounts(of: scanID, on: db).values.reduce(0, +)
            scanRows.append([
                scan.title, scan.status.name(language), scan.bankVersion, scan.opensOn, scan.closesOn, scan.closedOn ?? "",
                scan.groups.map { $0.name(language) }.joined(separator: ", "), String(total), scan.answersErasedOn ?? "",
            ])
            guard scan.status.hasReport else { continue }
            let (dto, report, data, _) = try await ScanReports.dto(
                for: scan, municipality: municipality, app: app, language: language, on: db)
            let headers = [
                "thema", "groep", "score", "antwoorden", "weet niet (%)", "prioriteit", "landelijk", "even grote gemeenten",
            ]
            files.append(
                File(
                    name: "quickscan/\(scan.closedOn ?? scan.opensOn)-rapport.csv",
                    text: dto.spreadsheet(headers: headers, total: language == .nl ? "Totaal" : "Total", language: language)))
            var questions: [String: String] = [:]
            for theme in data.bank.themes { if let open = theme.open { questions[open.id] = open.text(language) } }
            for question in data.customQuestions where question.kind == .open { questions[question.id] = question.text }
            let answers = try await ScanOpenAnswer.query(on: db).filter(\.$scan.$id == scanID).filter(\.$hidden == false)
                .filter(\.$group ~~ report.shownGroups).sort(\.$questionID).sort(\.$id).all()
            openRows += answers.map { [scan.title, questions[$0.questionID] ?? $0.questionID, $0.group.name(language), $0.text] }
        }
        files.append(
            File(
                name: "scans.csv",
                text: CSV.file(
                    [
                        [
                            "titel", "stand", "vragenlijst", "opent", "sluit", "gesloten op", "groepen", "antwoorden",
                            "losse antwoorden gewist op",
                        ]
                    ]
                        + scanRows, forDutchExcel: true)))
        files.append(
            File(name: "open-antwoorden.csv", text: CSV.file([["scan", "vraag", "groep", "antwoord"]] + openRows, forDutchExcel: true)))
    }

    private static func readme(for municipality: Municipality, files: [String], at now: Date) -> String {
        """
        Democratie in Actie – alle gegevens van \(municipality.name) (\(municipality.code))
        Gemaakt op \(Format.dateTime(now, .nl)).

        Elk .csv-bestand opent in Excel in kolommen (puntkomma's, UTF-8 met byte order mark). Data en tijden
        staan als jjjj-mm-dd uu:mm, Nederlandse tijd.

        Wat erin staat:
        \(files.map { "- " + $0 }.joined(separator: "\n"))

        Antwoorden op de Quick Scan zijn anoniem, ook voor uw gemeente. Daarom staat hier geen enkel los antwoord:
        alleen de cijfers van elk rapport (quickscan/…-rapport.csv) en de open antwoorden van de groepen die het
        rapport laat zien, zonder de antwoorden die u verborg. Een aanmelding die het programma afwees staat er niet
        in: die kan de naam en het adres van iemand anders bevatten.

        ---

        Democratie in Actie – all data of \(municipality.name) (\(municipality.code))
        Made on \(Format.dateTime(now, .en)).

        Every .csv file opens in Excel in columns (semicolons, UTF-8 with a byte order mark). Dates and times read
        yyyy-mm-dd hh:mm, Dutch time. Column names are in Dutch.

        Quick Scan answers are anonymous, also to your municipality. So no single response is here: only each
        report's figures and the open answers of the groups the report shows, without the ones you hid. A sign-up
        the programme turned down is not included: it may hold someone else's name and address.

        """
    }

    /// The files as one ZIP archive, compressed.
    static func zip(_ files: [File], at now: Date) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for file in files {
            let data = Data(file.text.utf8)
            try archive.addEntry(
                with: file.name, type: .file, uncompressedSize: Int64(data.count), modificationDate: now, compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        guard let data = archive.data else { throw Abort(.internalServerError) }
        return data
    }
}
