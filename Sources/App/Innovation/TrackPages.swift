import DemocracyKit
import Foundation
import Vapor

/// The page models of the innovation tracks.
enum TrackPages {
    typealias Link = CataloguePages.Link

    struct Card: Encodable {
        let url: String
        let title: String
        let theme: String
        let aim: String
        let phase: String?
        let participants: String
        let open: Bool
    }

    struct IndexContext: Encodable {
        let tracks: [Card]
        let staffURL: String?
    }

    static func index(_ tracks: [TrackRecord], participants: [UUID: Int], req: Request) -> IndexContext {
        let language = req.language
        let today = req.application.clock.today
        return IndexContext(
            tracks: tracks.map { record in
                let track = record.track
                let count = record.id.flatMap { participants[$0] } ?? 0
                return Card(
                    url: TrackURL.show(.value(track.slug)).path, title: track.title.or(language), theme: track.theme.name(language),
                    aim: track.aim.or(language),
                    phase: track.phases.first { $0.state(on: today) == .current }.map {
                        req.t("track.current_phase", $0.name.or(language))
                    },
                    participants: count == 1 ? req.t("track.one_participant") : req.t("track.participants_count", String(count)),
                    open: track.openForApplications)
            },
            staffURL: req.currentUser?.isProgrammeStaff == true ? TrackURL.staffList.path : nil)
    }

    struct Phase: Encodable {
        let name: String
        let period: String
        let state: String
        let stateLabel: String
        let isCurrent: Bool
    }

    static func phaseKey(_ state: TrackPhase.State) -> String {
        switch state {
        case .done: return "track.phase_done"
        case .current: return "track.phase_current"
        case .upcoming: return "track.phase_upcoming"
        }
    }

    struct ApplicationLine: Encodable {
        let municipality: String
        let status: String
        let reason: String?
    }

    struct ShowContext: Encodable {
        let title: String
        let theme: String
        let aim: String
        let descriptionHTML: String
        let lang: String?
        let focusAreas: [Link]
        let phases: [Phase]
        let participants: [Link]
        let results: [Link]
        let offer: Link?
        let open: Bool
        let applyURL: String
        let municipality: FormField?
        let motivation: FormField?
        let applications: [ApplicationLine]
        let signInURL: String?
        let errors: [ErrorSummaryItem]?
        let newResultURL: String?
        let editURL: String?
        let listURL = TrackURL.list.path
    }

    static func show(
        _ record: TrackRecord, participants: [TrackParticipant], names: [String: String], results: [TrackResultRecord],
        applicants: [(code: String, name: String)], applications: [TrackApplication], form: FormState, req: Request
    ) -> ShowContext {
        let language = req.language
        let track = record.track
        let today = req.application.clock.today
        let path = TrackURL.show(.value(track.slug)).path
        let mayApply = track.openForApplications && !applicants.isEmpty
        return ShowContext(
            title: track.title.or(language), theme: track.theme.name(language), aim: track.aim.or(language),
            descriptionHTML: SafeMarkdown.html(from: track.description.or(language)),
            lang: track.description.fallsBack(language) ? "nl" : nil,
            focusAreas: track.focusAreas.map { Link(label: $0.name(language), url: ExperienceURL.list.with([("gebied", $0.slug)])) },
            phases: track.phases.map { phase in
                let state = phase.state(on: today)
                return Phase(
                    name: phase.name.or(language),
                    period: req.t("track.period", Format.day(phase.from, language), Format.day(phase.until, language)),
                    state: state.rawValue, stateLabel: req.t(phaseKey(state)), isCurrent: state == .current)
            },
            participants: participants.map {
                Link(
                    label: "\(names[$0.municipalityCode] ?? $0.municipalityCode) – \(language == .nl ? $0.roleNl : $0.roleEn)",
                    url: MunicipalityURL.show(.value($0.municipalityCode)).path)
            },
            results: results.map {
                Link(label: $0.result.title.or(language), url: TrackURL.result(.value(track.slug), .value($0.slug)).path)
            },
            offer: track.offerSlug.map { Link(label: req.t("track.offer_link"), url: CatalogueURL.show(.value($0)).path) },
            open: track.openForApplications, applyURL: TrackURL.apply(.value(track.slug)).path,
            municipality: mayApply
                ? form.field(
                    "municipality", type: "select", label: req.t("track.field.municipality"), options: applicants.map { ($0.code, $0.name) }
                )
                : nil,
            motivation: mayApply
                ? form.field(
                    "motivation", type: "textarea", label: req.t("track.field.motivation"),
                    hint: req.t("track.hint.motivation", String(TrackApplicationRules.maxMotivation))) : nil,
            applications: applications.map { application in
                ApplicationLine(
                    municipality: applicants.first { $0.code == application.municipalityCode }?.name ?? application.municipalityCode,
                    status: application.status.name(language), reason: application.reason)
            },
            signInURL: req.currentUser == nil && track.openForApplications ? AccountURL.login.with([("terug", path)]) : nil,
            errors: form.summary,
            newResultURL: req.currentUser?.isProgrammeStaff == true ? TrackURL.newResult(.value(track.slug)).path : nil,
            editURL: req.currentUser?.isProgrammeStaff == true ? TrackURL.editTrack(.value(track.slug)).path : nil)
    }

    struct ResultContext: Encodable {
        let title: String
        let summary: String
        let lang: String?
        let documentHTML: String
        let lessonsHTML: String
        let publishedOn: String
        let track: Link
        let offer: Link?
        let makeOfferURL: String?
    }

    static func result(_ record: TrackResultRecord, of track: TrackRecord, offerTitle: String?, req: Request) -> ResultContext {
        let language = req.language
        let result = record.result
        return ResultContext(
            title: result.title.or(language), summary: result.summary.or(language), lang: result.document.fallsBack(language) ? "nl" : nil,
            documentHTML: SafeMarkdown.html(from: result.document.or(language)),
            lessonsHTML: SafeMarkdown.html(from: result.lessons.or(language)),
            publishedOn: Format.day(result.publishedOn, language),
            track: Link(label: track.track.title.or(language), url: TrackURL.show(.value(track.slug)).path),
            offer: record.offerSlug.map { Link(label: offerTitle ?? $0, url: CatalogueURL.show(.value($0)).path) },
            makeOfferURL: req.currentUser?.isProgrammeStaff == true && record.offerSlug == nil
                ? TrackURL.makeOffer(.value(track.slug), .value(record.slug)).path : nil)
    }

    struct ResultFormContext: Encodable {
        let action: String
        let track: Link
        let titleNl: FormField
        let summaryNl: FormField
        let documentNl: FormField
        let lessonsNl: FormField
        let titleEn: FormField
        let summaryEn: FormField
        let documentEn: FormField
        let lessonsEn: FormField
        let errors: [ErrorSummaryItem]?
    }

    static func resultForm(_ form: FormState, record: TrackRecord, req: Request) -> ResultFormContext {
        let markdown = req.t("experience.hint.markdown")
        return ResultFormContext(
            action: TrackURL.newResult(.value(record.slug)).path,
            track: Link(label: record.track.title.or(req.language), url: TrackURL.show(.value(record.slug)).path),
            titleNl: form.field("titleNl", label: req.t("track.field.result_title")),
            summaryNl: form.field("summaryNl", type: "textarea", label: req.t("track.field.result_summary")),
            documentNl: form.field("documentNl", type: "textarea", label: req.t("track.field.result_document"), hint: markdown),
            lessonsNl: form.field("lessonsNl", type: "textarea", label: req.t("track.field.result_lessons"), hint: markdown),
            titleEn: form.field("titleEn", label: req.t("track.field.result_title_en"), optional: true),
            summaryEn: form.field("summaryEn", type: "textarea", label: req.t("track.field.result_summary_en"), optional: true),
            documentEn: form.field("documentEn", type: "textarea", label: req.t("track.field.result_document_en"), optional: true),
            lessonsEn: form.field("lessonsEn", type: "textarea", label: req.t("track.field.result_lessons_en"), optional: true),
            errors: form.summary)
    }

    // MARK: The track form

    struct PhaseRow: Encodable {
        let legend: String
        let nameNl: FormField
        let nameEn: FormField
        let from: FormField
        let until: FormField
    }

    struct TrackFormContext: Encodable {
        let heading: String
        let action: String
        let back: Link
        let version: String
        let titleNl: FormField
        let titleEn: FormField
        let theme: FormField
        let focusAreas: FormField
        let aimNl: FormField
        let aimEn: FormField
        let descriptionNl: FormField
        let descriptionEn: FormField
        let offer: FormField
        let openForApplications: FormField
        let phases: [PhaseRow]
        let errors: [ErrorSummaryItem]?
    }

    /// Every field of the track form; phase rows are `phase1Nl`, `phase1En`, `phase1From`, `phase1Until`, …
    static let fieldNames =
        [
            "version", "titleNl", "titleEn", "theme", "aimNl", "aimEn", "descriptionNl", "descriptionEn", "offer", "openForApplications",
        ] + (1...TrackRules.maxPhases).flatMap { ["phase\($0)Nl", "phase\($0)En", "phase\($0)From", "phase\($0)Until"] }

    /// The form's values for a stored track.
    static func values(of record: TrackRecord) -> [String: String] {
        let track = record.track
        var values = [
            "version": String(record.version), "titleNl": track.title.nl, "titleEn": track.title.en, "theme": track.theme.rawValue,
            "aimNl": track.aim.nl, "aimEn": track.aim.en, "descriptionNl": track.description.nl, "descriptionEn": track.description.en,
            "offer": track.offerSlug ?? "", "openForApplications": track.openForApplications ? "ja" : "",
            "focusAreas": track.focusAreas.map { String($0.rawValue) }.joined(separator: ","),
        ]
        for (index, phase) in track.phases.prefix(TrackRules.maxPhases).enumerated() {
            let row = "phase\(index + 1)"
            values[row + "Nl"] = phase.name.nl
            values[row + "En"] = phase.name.en
            values[row + "From"] = phase.from
            values[row + "Until"] = phase.until
        }
        return values
    }

    /// The draft the form's values describe.
    static func draft(_ values: [String: String], focusAreas: [String]) -> TrackDraft {
        func text(_ name: String) -> LocalizedText { LocalizedText(nl: values[name + "Nl"] ?? "", en: values[name + "En"] ?? "") }
        return TrackDraft(
            title: text("title"), aim: text("aim"), description: text("description"), theme: values["theme"] ?? "",
            focusAreas: focusAreas, openForApplications: values["openForApplications"] == "ja",
            phases: (1...TrackRules.maxPhases).map { number in
                TrackDraft.Phase(
                    name: text("phase\(number)"), from: values["phase\(number)From"] ?? "", until: values["phase\(number)Until"] ?? "")
            })
    }

    static func trackForm(
        _ form: FormState, record: TrackRecord?, offers: [(slug: String, title: LocalizedText)], req: Request
    ) -> TrackFormContext {
        let language = req.language
        let markdown = req.t("experience.hint.markdown")
        let back = record.map { Link(label: $0.track.title.or(language), url: TrackURL.show(.value($0.slug)).path) }
        return TrackFormContext(
            heading: record == nil ? req.t("track.new_track_title") : req.t("track.edit_track_title", record!.track.title.or(language)),
            action: record.map { TrackURL.editTrack(.value($0.slug)).path } ?? TrackURL.newTrack.path,
            back: back ?? Link(label: req.t("track.staff_title"), url: TrackURL.staffList.path),
            version: form.values["version"] ?? "0",
            titleNl: form.field("titleNl", label: req.t("track.field.title")),
            titleEn: form.field("titleEn", label: req.t("track.field.title_en"), optional: true),
            theme: form.field(
                "theme", type: "select", label: req.t("track.field.theme"),
                options: TrackTheme.allCases.map { ($0.rawValue, $0.name(language)) }),
            focusAreas: form.field(
                "focusAreas", type: "checkboxes", label: req.t("track.field.focus_areas"),
                options: FocusArea.allCases.map { (String($0.rawValue), $0.name(language)) }),
            aimNl: form.field(
                "aimNl", type: "textarea", label: req.t("track.field.aim"), hint: req.t("track.hint.aim", String(TrackRules.maxAim))),
            aimEn: form.field("aimEn", type: "textarea", label: req.t("track.field.aim_en"), optional: true),
            descriptionNl: form.field("descriptionNl", type: "textarea", label: req.t("track.field.description"), hint: markdown),
            descriptionEn: form.field("descriptionEn", type: "textarea", label: req.t("track.field.description_en"), optional: true),
            offer: form.field(
                "offer", type: "select", label: req.t("track.field.offer"), hint: req.t("track.hint.offer"),
                options: [("", req.t("track.no_offer"))] + offers.map { ($0.slug, $0.title.or(language)) }),
            openForApplications: form.field("openForApplications", type: "checkbox", label: req.t("track.field.open")),
            phases: (1...TrackRules.maxPhases).map { number in
                let row = "phase\(number)"
                return PhaseRow(
                    legend: req.t("track.phase_legend", String(number)),
                    nameNl: form.field(row + "Nl", label: req.t("track.field.phase_name"), optional: number > 1),
                    nameEn: form.field(row + "En", label: req.t("track.field.phase_name_en", String(number)), optional: true),
                    from: form.field(row + "From", type: "date", label: req.t("track.field.phase_from"), hint: req.t("hint.date")),
                    until: form.field(row + "Until", type: "date", label: req.t("track.field.phase_until"), hint: req.t("hint.date")))
            },
            errors: form.summary)
    }

    struct StaffRow: Encodable {
        let track: String
        let trackURL: String
        let municipality: String
        let motivation: String
        let appliedAt: String
        let status: String
        let decideURL: String?
        let reasonID: String
    }

    struct StaffContext: Encodable {
        let waiting: [StaffRow]
        let decided: [StaffRow]
        /// Every track, each with its edit page.
        let tracks: [Link]
        let newTrackURL = TrackURL.newTrack.path
    }

    static func staffList(_ applications: [TrackApplication], tracks: [UUID: TrackRecord], names: [String: String], req: Request)
        -> StaffContext
    {
        let rows = applications.map { application in
            let track = tracks[application.trackID]
            let id = application.id ?? UUID()
            return StaffRow(
                track: track?.track.title.or(req.language) ?? "", trackURL: track.map { TrackURL.show(.value($0.slug)).path } ?? "",
                municipality: names[application.municipalityCode] ?? application.municipalityCode, motivation: application.motivation,
                appliedAt: Format.date(application.appliedAt, req.language),
                status: application.status.name(req.language) + (application.reason.map { ": \($0)" } ?? ""),
                decideURL: application.status == .ingediend ? TrackURL.decide(.value(id)).path : nil,
                reasonID: "reden-\(id.uuidString.prefix(8).lowercased())")
        }
        return StaffContext(
            waiting: rows.filter { $0.decideURL != nil }, decided: rows.filter { $0.decideURL == nil },
            tracks: tracks.values.sorted { $0.titleNl < $1.titleNl }.map {
                Link(label: $0.track.title.or(req.language), url: TrackURL.editTrack(.value($0.slug)).path)
            })
    }
}
