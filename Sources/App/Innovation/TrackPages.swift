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
            newResultURL: req.currentUser?.isProgrammeStaff == true ? TrackURL.newResult(.value(track.slug)).path : nil)
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
        return StaffContext(waiting: rows.filter { $0.decideURL != nil }, decided: rows.filter { $0.decideURL == nil })
    }
}
