import DemocracyKit
import Foundation
import Vapor

/// The page models of "Leren van elkaar", from domain values.
enum ExperiencePages {
    typealias Link = CataloguePages.Link

    /// A text in the reader's language, or in Dutch (then marked `lang="nl"`) where no translation was given.
    struct Text: Encodable {
        let text: String
        let lang: String?

        init(_ text: LocalizedText, _ language: Language) {
            self.text = text.or(language)
            self.lang = text.fallsBack(language) ? "nl" : nil
        }
    }

    struct Markdown: Encodable {
        let html: String
        let lang: String?

        init(_ text: LocalizedText, _ language: Language) {
            self.html = SafeMarkdown.html(from: text.or(language))
            self.lang = text.fallsBack(language) ? "nl" : nil
        }
    }

    // MARK: Search

    struct Result: Encodable {
        let url: String
        let kind: String
        let title: Highlighted
        let summary: Highlighted
        let lang: String?
        let facts: String
        let outcome: String?
    }

    struct IndexContext: Encodable {
        let action = ExperienceURL.list.path
        let feedURL = ExperienceURL.feed.path
        let search: FormField
        let kind: FormField
        let focusArea: FormField
        let province: FormField
        let sizeClass: FormField
        let outcome: FormField
        let pillar: FormField
        let summary: String
        let noise: Bool
        let results: [Result]
        let page: Int
        let pageCount: Int
        let previousURL: String?
        let nextURL: String?
        let isFiltered: Bool
        let shareURL: String?
    }

    static func index(_ found: SearchStore.Found, query: SearchQuery, filter: SearchFilter, shareURL: String?, req: Request) -> IndexContext
    {
        let language = req.language
        let values = filter.queryItems(search: query.text)
        let form = FormState(req, values: Dictionary(values, uniquingKeysWith: { $1 }))
        func pageURL(_ page: Int) -> String { ExperienceURL.list.with(values + [("pagina", String(page))]) }
        func choice(_ name: String, _ label: String, _ all: String, _ options: [(String, String, Int)]) -> FormField {
            form.field(name, type: "select", label: label, options: [("", all)] + options.map { ($0.0, "\($0.1) (\($0.2))") })
        }
        let facets = found.facets
        let pagination = found.pagination
        var highlighter = Highlighter(query)
        let summary =
            if pagination.total == 0 {
                req.t(query.isEmpty ? "experience.none_yet" : "experience.none_found")
            } else if pagination.total == 1 {
                req.t("experience.one_found")
            } else {
                req.t("experience.showing", String(pagination.firstItem), String(pagination.lastItem), String(pagination.total))
            }
        return IndexContext(
            search: form.field("zoek", type: "search", label: req.t("experience.search"), hint: req.t("experience.search_hint")),
            kind: choice(
                "soort", req.t("experience.kind"), req.t("experience.all_kinds"),
                SearchKind.allCases.map { ($0.rawValue, $0.name(language), facets.kinds[$0] ?? 0) }),
            focusArea: choice(
                "gebied", req.t("catalogue.focus_area"), req.t("catalogue.all_focus_areas"),
                FocusArea.allCases.map { ($0.slug, $0.name(language), facets.focusAreas[$0] ?? 0) }),
            province: choice(
                "provincie", req.t("experience.province"), req.t("experience.all_provinces"),
                Province.all.map { ($0, $0, facets.provinces[$0] ?? 0) }),
            sizeClass: choice(
                "grootte", req.t("experience.size_class"), req.t("experience.all_sizes"),
                SizeClass.allCases.map { ($0.rawValue, $0.name(language), facets.sizeClasses[$0] ?? 0) }),
            outcome: choice(
                "uitkomst", req.t("experience.outcome"), req.t("experience.all_outcomes"),
                ExperienceOutcome.allCases.map { ($0.rawValue, $0.name(language), facets.outcomes[$0] ?? 0) }),
            pillar: choice(
                "pijler", req.t("catalogue.pillar"), req.t("catalogue.all_pillars"),
                Pillar.allCases.map { ($0.rawValue, $0.name(language), facets.pillars[$0] ?? 0) }),
            summary: summary, noise: query.typedOnlyNoise,
            results: found.documents.map { result($0, highlighter: &highlighter, req: req) },
            page: pagination.page, pageCount: pagination.pageCount,
            previousURL: pagination.hasPrevious ? pageURL(pagination.page - 1) : nil,
            nextURL: pagination.hasNext ? pageURL(pagination.page + 1) : nil,
            isFiltered: !values.isEmpty, shareURL: shareURL)
    }

    static func result(_ document: SearchDocument, highlighter: inout Highlighter, req: Request) -> Result {
        let language = req.language
        let facts: [String]
        let url: String
        switch document.kind {
        case .ervaring:
            url = ExperienceURL.show(.value(document.ref)).path
            facts = [
                document.municipalityName, document.province, document.sizeClass?.name(language),
                Format.day(document.publishedOn, language),
            ].compactMap { $0 }
        case .aanbod:
            url = CatalogueURL.show(.value(document.ref)).path
            facts = [document.pillar?.name(language)].compactMap { $0 }
        case .leermodule:
            url = LearningURL.module(.value(document.ref)).path
            facts = [document.pillar?.name(language), req.t("nav.learning")].compactMap { $0 }
        case .kennis:
            url = UnderminingURL.article(.value(document.ref)).path
            facts = [req.t("ondermijning.title_short")]
        case .resultaat:
            let parts = document.ref.split(separator: "/", maxSplits: 1).map(String.init)
            url = TrackURL.result(.value(parts.first ?? ""), .value(parts.last ?? "")).path
            facts = [document.pillar?.name(language), Format.day(document.publishedOn, language)].compactMap { $0 }
        }
        return Result(
            url: url, kind: document.kind.name(language), title: highlighter.mark(document.title.or(language)),
            summary: highlighter.mark(document.summary.or(language)), lang: document.title.fallsBack(language) ? "nl" : nil,
            facts: (facts + document.focusAreas.map { $0.name(language) }).joined(separator: " · "),
            outcome: document.outcome?.name(language))
    }

    // MARK: One experience

    struct Article: Encodable {
        let title: Text
        let summary: Text
        let story: Markdown
        let worked: Markdown
        let didNotWork: Markdown
        let outcome: String
        let outcomeClass: String
        let municipality: String
        let period: String
        let focusAreas: [Link]
        let instruments: String?
        let offers: [Link]
        let participantsOnly: Bool
    }

    static func article(_ experience: Experience, municipality: Municipality, offers: [Offer], req: Request) -> Article {
        let language = req.language
        let period = [Month(experience.periodFrom), Month(experience.periodUntil)].compactMap { $0?.name(language) }
        return Article(
            title: Text(experience.title, language), summary: Text(experience.summary, language),
            story: Markdown(experience.story, language), worked: Markdown(experience.worked, language),
            didNotWork: Markdown(experience.didNotWork, language), outcome: experience.outcome.name(language),
            outcomeClass: "outcome-\(experience.outcome.rawValue)",
            municipality: "\(municipality.name) (\(municipality.province))",
            period: period.count == 2 && period[0] != period[1] ? req.t("experience.period", period[0], period[1]) : period.first ?? "",
            focusAreas: experience.focusAreas.map { Link(label: $0.name(language), url: ExperienceURL.list.with([("gebied", $0.slug)])) },
            instruments: experience.instruments.isEmpty ? nil : experience.instruments.joined(separator: ", "),
            offers: experience.offers.compactMap { slug in
                offers.first { $0.slug == slug }.map { Link(label: $0.title(language), url: CatalogueURL.show(.value(slug)).path) }
            },
            participantsOnly: experience.visibility == .deelnemers)
    }

    struct ShowContext: Encodable {
        let article: Article
        let publishedOn: String
        let contact: String?
        let related: [Result]
        let listURL = ExperienceURL.list.path
        let editURL: String?
        /// The question form for signed-in readers; visitors get a link to sign in.
        let message: FormField?
        let contactURL: String
        let signInURL: String
        let errors: [ErrorSummaryItem]?
    }

    static func show(
        _ published: ExperienceStore.Published, related: [SearchDocument], offers: [Offer], editURL: String?, form: FormState, req: Request
    ) -> ShowContext {
        let path = ExperienceURL.show(.value(published.slug)).path
        return ShowContext(
            article: article(published.experience, municipality: published.municipality, offers: offers, req: req),
            publishedOn: Format.date(published.publishedOn, req.language),
            contact: published.contact.map { $0.role.isEmpty ? $0.name : "\($0.name), \($0.role)" },
            related: related.map { document in
                var plain = Highlighter(SearchQuery(""))
                return result(document, highlighter: &plain, req: req)
            }, editURL: editURL,
            message: req.currentUser == nil
                ? nil
                : form.field(
                    "message", type: "textarea", label: req.t("experience.field.message"),
                    hint: req.t("experience.hint.message", String(ContactMessage.maxLength))),
            contactURL: ExperienceURL.contact(.value(published.slug)).path, signInURL: AccountURL.login.with([("terug", path)]),
            errors: form.summary)
    }

    // MARK: Municipalities like this one

    struct SimilarRow: Encodable {
        let name: String
        let url: String
        let reasons: String
        let experiences: [Link]
        let more: String?
    }

    struct SimilarContext: Encodable {
        let municipality: String
        let hasProfile: Bool
        let rows: [SimilarRow]
        let listURL = ExperienceURL.list.path
    }

    static func similar(
        _ similar: [SimilarMunicipality], me: MunicipalityProfile, experiences: [String: [SearchDocument]], req: Request
    ) -> SimilarContext {
        let language = req.language
        let rows = similar.map { other in
            var reasons: [String] = []
            if other.sameSizeClass { reasons.append(req.t("experience.similar.size", other.profile.sizeClass.name(language))) }
            if let difference = other.profileDifference, difference <= Similarity.closeProfile {
                reasons.append(
                    req.t("experience.similar.profile", Format.number(Int(difference.rounded()), language), String(other.comparedThemes)))
            }
            if other.sameProvince { reasons.append(req.t("experience.similar.province", other.profile.province)) }
            let shared = SearchRanking.latest(experiences[other.profile.code] ?? [], limit: 3)
            let count = experiences[other.profile.code]?.count ?? 0
            return SimilarRow(
                name: other.profile.name, url: MunicipalityURL.show(.value(other.profile.code)).path,
                reasons: reasons.joined(separator: "; "),
                experiences: shared.map { Link(label: $0.title.or(language), url: ExperienceURL.show(.value($0.ref)).path) },
                more: count > shared.count ? req.t("experience.similar.more", String(count - shared.count)) : nil)
        }
        return SimilarContext(municipality: me.name, hasProfile: !me.themeScores.isEmpty, rows: rows)
    }

    // MARK: Feed

    static func feed(_ documents: [SearchDocument], focusArea: FocusArea?, req: Request) -> AtomFeed {
        let app = req.application
        let language = req.language
        let moment = AtomFeed.moment
        let query = focusArea.map { [("gebied", $0.slug)] } ?? []
        let pageURL = app.config.publicURL + ExperienceURL.list.with(query)
        return AtomFeed(
            lang: language.rawValue, id: app.config.publicURL + ExperienceURL.feed.with(query),
            title: focusArea.map { req.t("experience.feed_title_area", $0.name(language)) } ?? req.t("experience.feed_title"),
            selfURL: app.config.publicURL + ExperienceURL.feed.with(query), pageURL: pageURL,
            updated: moment(documents.first?.publishedOn ?? "2024-01-01"),
            entries: documents.map { document in
                let url = ExperienceURL.show(.value(document.ref)).absolute(app)
                return AtomFeed.Entry(
                    id: url, url: url, title: document.title.or(language), summary: document.summary.or(language),
                    author: document.municipalityName ?? "Democratie in Actie", updated: moment(document.publishedOn),
                    categories: document.focusAreas.map { $0.name(language) })
            })
    }

    // MARK: The municipality's list and form

    struct MineItem: Encodable {
        let url: String
        let title: String
        let status: String
        let published: String?
        let updated: String
    }

    struct MineContext: Encodable {
        let municipality: String
        let newURL: String
        let items: [MineItem]
        let listURL = ExperienceURL.list.path
    }

    static func mine(_ items: [ExperienceStore.Item], municipality: Municipality, req: Request) -> MineContext {
        MineContext(
            municipality: municipality.name, newURL: ExperienceURL.new(.value(municipality.code)).path,
            items: items.map { item in
                MineItem(
                    url: ExperienceURL.edit(.value(municipality.code), .value(item.id)).path, title: item.experience.title.nl,
                    status: item.status.name(req.language),
                    published: item.isPublished ? ExperienceURL.show(.value(item.slug)).path : nil,
                    updated: Format.date(item.updatedAt, req.language))
            })
    }

    struct HistoryLine: Encodable {
        let when: String
        let what: String
        let who: String
        let remark: String?
    }

    static func history(_ events: [ExperienceEvent], req: Request) -> [HistoryLine] {
        events.reversed().map {
            HistoryLine(
                when: Format.dateTime($0.at, req.language), what: req.t(eventKey($0.action), String($0.version)),
                who: $0.actorName,
                remark: $0.remark)
        }
    }

    /// The history's line for a step, by the name the history keeps.
    static func eventKey(_ action: String) -> String {
        switch action {
        case "indienen": return "experience.event.indienen"
        case "terugnemen": return "experience.event.terugnemen"
        case "publiceren": return "experience.event.publiceren"
        case "terugsturen": return "experience.event.terugsturen"
        case "offline": return "experience.event.offline"
        default: return "experience.event.opslaan"
        }
    }

    /// What a person reads after taking a step.
    static func doneKey(_ action: ExperienceAction) -> String {
        switch action {
        case .save: return "experience.saved"
        case .submit: return "experience.done.indienen"
        case .recall: return "experience.done.terugnemen"
        case .publish: return "experience.done.publiceren"
        case .sendBack: return "experience.done.terugsturen"
        case .unpublish: return "experience.done.offline"
        }
    }

    struct FormContext: Encodable {
        let action: String
        let isNew: Bool
        let municipality: String
        let version: String
        let status: String?
        let remark: String?
        let publishedURL: String?
        let underReview: Bool
        let canSubmit: Bool
        let canRecall: Bool
        let canUnpublish: Bool
        let stepURL: String?
        let titleNl: FormField
        let summaryNl: FormField
        let storyNl: FormField
        let workedNl: FormField
        let didNotWorkNl: FormField
        let titleEn: FormField
        let summaryEn: FormField
        let storyEn: FormField
        let workedEn: FormField
        let didNotWorkEn: FormField
        let outcome: FormField
        let visibility: FormField
        let focusAreas: FormField
        let offers: FormField
        let instruments: FormField
        let periodFrom: FormField
        let periodUntil: FormField
        let contact: FormField
        let contactRole: FormField
        let errors: [ErrorSummaryItem]?
        let history: [HistoryLine]
        let cancelURL: String
    }

    static func form(
        _ form: FormState, municipality: Municipality, item: ExperienceStore.Item?, offers: [Offer], history: [ExperienceEvent],
        req: Request
    ) -> FormContext {
        let language = req.language
        let markdown = req.t("experience.hint.markdown")
        func text(_ name: String, _ label: String, type: String = "text", hint: String? = nil, optional: Bool = false) -> FormField {
            form.field(name, type: type, label: label, hint: hint, optional: optional)
        }
        let code = municipality.code
        return FormContext(
            action: item.map { ExperienceURL.edit(.value(code), .value($0.id)).path } ?? ExperienceURL.new(.value(code)).path,
            isNew: item == nil, municipality: municipality.name, version: form.values["version"] ?? "",
            status: item.map { item in
                item.isPublished && item.status != .gepubliceerd
                    ? req.t("experience.status_with_published", item.status.name(language)) : item.status.name(language)
            },
            remark: item?.status == .teruggestuurd ? item?.remark : nil,
            publishedURL: item.flatMap { $0.isPublished ? ExperienceURL.show(.value($0.slug)).path : nil },
            underReview: item?.status == .ingediend,
            canSubmit: item.map { $0.status == .concept || $0.status == .teruggestuurd } ?? false,
            canRecall: item?.status == .ingediend, canUnpublish: item?.isPublished ?? false,
            stepURL: item.map { ExperienceURL.act(.value(code), .value($0.id)).path },
            titleNl: text(
                "titleNl", req.t("experience.field.title"), hint: req.t("experience.hint.title", String(ExperienceRules.maxTitle))),
            summaryNl: text("summaryNl", req.t("experience.field.summary"), type: "textarea", hint: req.t("experience.hint.summary")),
            storyNl: text(
                "storyNl", req.t("experience.field.story"), type: "textarea", hint: req.t("experience.hint.story") + " " + markdown),
            workedNl: text("workedNl", req.t("experience.field.worked"), type: "textarea", hint: markdown),
            didNotWorkNl: text(
                "didNotWorkNl", req.t("experience.field.did_not_work"), type: "textarea", hint: req.t("experience.hint.did_not_work")),
            titleEn: text("titleEn", req.t("experience.field.title_en"), optional: true),
            summaryEn: text("summaryEn", req.t("experience.field.summary_en"), type: "textarea", optional: true),
            storyEn: text("storyEn", req.t("experience.field.story_en"), type: "textarea", optional: true),
            workedEn: text("workedEn", req.t("experience.field.worked_en"), type: "textarea", optional: true),
            didNotWorkEn: text("didNotWorkEn", req.t("experience.field.did_not_work_en"), type: "textarea", optional: true),
            outcome: form.field(
                "outcome", type: "radios", label: req.t("experience.field.outcome"),
                options: ExperienceOutcome.allCases.map { ($0.rawValue, $0.name(language)) }),
            visibility: form.field(
                "visibility", type: "radios", label: req.t("experience.field.visibility"),
                options: ExperienceVisibility.allCases.map { ($0.rawValue, $0.name(language)) }),
            focusAreas: form.field(
                "focusAreas", type: "checkboxes", label: req.t("experience.field.focus_areas"),
                hint: req.t("experience.hint.focus_areas", String(ExperienceRules.maxFocusAreas)),
                options: FocusArea.allCases.map { ($0.slug, $0.name(language)) }),
            offers: form.field(
                "offers", type: "checkboxes", label: req.t("experience.field.offers"),
                hint: req.t("experience.hint.offers", String(ExperienceRules.maxOffers)),
                options: offers.map { ($0.slug, $0.title(language)) }),
            instruments: text(
                "instruments", req.t("experience.field.instruments"),
                hint: req.t("experience.hint.instruments", String(ExperienceRules.maxInstruments)),
                optional: true),
            periodFrom: text("periodFrom", req.t("experience.field.period_from"), type: "month", hint: req.t("experience.hint.month")),
            periodUntil: text("periodUntil", req.t("experience.field.period_until"), type: "month", hint: req.t("experience.hint.month")),
            contact: form.field(
                "contact", type: "checkbox", label: req.t("experience.field.contact"), hint: req.t("experience.hint.contact")),
            contactRole: text("contactRole", req.t("experience.field.contact_role"), optional: true),
            errors: form.summary, history: Self.history(history, req: req),
            cancelURL: ExperienceURL.mine(.value(code)).path)
    }

    // MARK: Review

    struct ReviewRow: Encodable {
        let url: String
        let title: String
        let municipality: String
        let status: String
        let since: String
    }

    struct ReviewListContext: Encodable {
        let waiting: [ReviewRow]
        let others: [ReviewRow]
    }

    static func reviewList(
        waiting: [ExperienceRecord], others: [ExperienceRecord], titles: [UUID: LocalizedText], names: [String: String], req: Request
    ) -> ReviewListContext {
        func row(_ record: ExperienceRecord) -> ReviewRow {
            ReviewRow(
                url: ExperienceURL.review(.value(record.id ?? UUID())).path, title: record.id.flatMap { titles[$0]?.nl } ?? record.slug,
                municipality: names[record.municipalityCode] ?? record.municipalityCode, status: record.status.name(req.language),
                since: Format.date(record.updatedAt, req.language))
        }
        return ReviewListContext(waiting: waiting.map(row), others: others.map(row))
    }

    // MARK: Comparing versions

    struct ChangedPart: Encodable {
        struct Line: Encodable {
            let text: String
            /// "same", "removed" or "added": the style, and the words a screen reader hears before the line.
            let kind: String
            let label: String?
        }
        let name: String
        let dutch: [Line]
        let english: [Line]
    }

    struct VersionsContext: Encodable {
        let title: String
        let reviewURL: String
        let action: String
        let from: FormField
        let to: FormField
        let fromLabel: String
        let toLabel: String
        let changes: [ChangedPart]
        let same: Bool
    }

    /// The label of a part of an experience, as its form names it.
    static func partKey(_ part: VersionComparison.Part) -> String {
        switch part {
        case .title: return "experience.field.title"
        case .summary: return "experience.field.summary"
        case .story: return "experience.field.story"
        case .worked: return "experience.field.worked"
        case .didNotWork: return "experience.field.did_not_work"
        case .outcome: return "experience.field.outcome"
        case .visibility: return "experience.field.visibility"
        case .focusAreas: return "experience.field.focus_areas"
        case .offers: return "experience.field.offers"
        case .instruments: return "experience.field.instruments"
        case .period: return "experience.part.period"
        }
    }

    static func versions(
        _ item: ExperienceStore.Item, versions: [ExperienceVersionRecord], from: ExperienceVersionRecord, to: ExperienceVersionRecord,
        changes: [VersionComparison.Change], req: Request
    ) -> VersionsContext {
        func label(_ version: ExperienceVersionRecord) -> String {
            req.t("experience.version_label", String(version.version), Format.dateTime(version.savedAt, req.language))
                + (version.version == item.publishedVersion ? " – " + req.t("experience.version_online") : "")
        }
        func lines(_ lines: [VersionComparison.Line]) -> [ChangedPart.Line] {
            lines.map { line in
                let label: String? =
                    switch line.kind {
                    case .same: nil
                    case .removed: req.t("experience.line_removed")
                    case .added: req.t("experience.line_added")
                    }
                return ChangedPart.Line(text: line.text, kind: line.kind.rawValue, label: label)
            }
        }
        let options = versions.reversed().map { (String($0.version), label($0)) }
        let form = FormState(req, values: ["van": String(from.version), "naar": String(to.version)])
        return VersionsContext(
            title: item.experience.title.or(req.language), reviewURL: ExperienceURL.review(.value(item.id)).path,
            action: ExperienceURL.versions(.value(item.id)).path,
            from: form.field("van", type: "select", label: req.t("experience.version_from"), options: options),
            to: form.field("naar", type: "select", label: req.t("experience.version_to"), options: options),
            fromLabel: label(from), toLabel: label(to),
            changes: changes.map { ChangedPart(name: req.t(partKey($0.part)), dutch: lines($0.dutch), english: lines($0.english)) },
            same: changes.isEmpty)
    }

    struct ReviewContext: Encodable {
        let article: Article
        let status: String
        let version: String
        let stepURL: String
        let canDecide: Bool
        let canUnpublish: Bool
        let publishedURL: String?
        let remark: FormField
        let errors: [ErrorSummaryItem]?
        let history: [HistoryLine]
        /// The comparison of versions, once there is more than one.
        let versionsURL: String?
        let listURL = ExperienceURL.reviewList.path
    }

    static func review(
        _ item: ExperienceStore.Item, municipality: Municipality, history: [ExperienceEvent], offers: [Offer], form: FormState, req: Request
    ) -> ReviewContext {
        ReviewContext(
            article: article(item.experience, municipality: municipality, offers: offers, req: req), status: item.status.name(req.language),
            version: String(item.version), stepURL: ExperienceURL.reviewAct(.value(item.id)).path, canDecide: item.status == .ingediend,
            canUnpublish: item.isPublished, publishedURL: item.isPublished ? ExperienceURL.show(.value(item.slug)).path : nil,
            remark: form.field(
                "remark", type: "textarea", label: req.t("experience.field.remark"),
                hint: req.t("experience.hint.remark", String(ExperienceWorkflow.maxRemark))),
            errors: form.summary, history: Self.history(history, req: req),
            versionsURL: item.version > 1 ? ExperienceURL.versions(.value(item.id)).path : nil)
    }
}

extension SearchFilter {
    /// The filter and search as the query of the search page, without the parts left empty.
    func queryItems(search: String) -> [(String, String)] {
        [
            ("zoek", search), ("soort", kind?.rawValue ?? ""), ("gebied", focusArea?.slug ?? ""), ("provincie", province ?? ""),
            ("grootte", sizeClass?.rawValue ?? ""), ("uitkomst", outcome?.rawValue ?? ""), ("pijler", pillar?.rawValue ?? ""),
        ].filter { !$0.1.isEmpty }
    }
}

/// The experience form: its fields as sent, and the experience they describe.
enum ExperienceForm {
    static let fields = [
        "version", "titleNl", "titleEn", "summaryNl", "summaryEn", "storyNl", "storyEn", "workedNl", "workedEn", "didNotWorkNl",
        "didNotWorkEn", "outcome", "visibility", "instruments", "periodFrom", "periodUntil", "contact", "contactRole",
    ]
    static let lists = ["focusAreas", "offers"]

    static func values(_ req: Request) -> [String: String] {
        req.formValues(fields, lists: lists)
    }

    static func values(of item: ExperienceStore.Item) -> [String: String] {
        let e = item.experience
        return [
            "version": String(item.version), "titleNl": e.title.nl, "titleEn": e.title.en, "summaryNl": e.summary.nl,
            "summaryEn": e.summary.en, "storyNl": e.story.nl, "storyEn": e.story.en, "workedNl": e.worked.nl, "workedEn": e.worked.en,
            "didNotWorkNl": e.didNotWork.nl, "didNotWorkEn": e.didNotWork.en, "outcome": e.outcome.rawValue,
            "visibility": e.visibility.rawValue, "instruments": e.instruments.joined(separator: ", "), "periodFrom": e.periodFrom,
            "periodUntil": e.periodUntil, "contact": item.contactUserID == nil ? "" : "ja", "contactRole": item.contactRole ?? "",
            "focusAreas": e.focusAreas.map(\.slug).joined(separator: ","), "offers": e.offers.joined(separator: ","),
        ]
    }

    /// The form filled from an evaluated request.
    static func values(of start: ExperienceStart) -> [String: String] {
        [
            "titleNl": start.title.nl, "titleEn": start.title.en, "focusAreas": start.focusAreas.map(\.slug).joined(separator: ","),
            "offers": start.offerSlug, "periodFrom": String(start.from.prefix(7)), "periodUntil": String(start.until.prefix(7)),
            "workedNl": start.lessons, "outcome": start.outcome.rawValue,
        ]
    }

    /// The experience the form describes, and the choices not made (or not among the options, from a tampered form).
    static func read(_ values: [String: String]) -> (experience: Experience, errors: [FieldError]) {
        func trimmed(_ name: String) -> String { (values[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        func text(_ name: String) -> LocalizedText { LocalizedText(nl: trimmed(name + "Nl"), en: trimmed(name + "En")) }
        let outcome = ExperienceOutcome(rawValue: trimmed("outcome"))
        let visibility = ExperienceVisibility(rawValue: trimmed("visibility"))
        let areaSlugs = (values["focusAreas"] ?? "").split(separator: ",").map(String.init)
        let areas = areaSlugs.compactMap(FocusArea.init(slug:))
        let experience = Experience(
            title: text("title"), summary: text("summary"), story: text("story"), worked: text("worked"), didNotWork: text("didNotWork"),
            outcome: outcome ?? .gemengd, visibility: visibility ?? .deelnemers,
            focusAreas: FocusArea.allCases.filter(areas.contains),
            offers: (values["offers"] ?? "").split(separator: ",").map(String.init),
            instruments: ExperienceRules.instruments(from: values["instruments"] ?? ""), periodFrom: trimmed("periodFrom"),
            periodUntil: trimmed("periodUntil"))
        var errors: [FieldError] = []
        if outcome == nil { errors.append(FieldError(field: "outcome", message: "experience.error.outcome")) }
        if visibility == nil { errors.append(FieldError(field: "visibility", message: "experience.error.visibility")) }
        if areas.count != areaSlugs.count {
            errors.append(FieldError(field: "focusAreas", message: "experience.error.focus_areas", limit: ExperienceRules.maxFocusAreas))
        }
        return (experience, errors)
    }

    /// Who answers questions: the person saving, if they tick the box; a contact who is someone else stays
    /// while the box stays ticked; an unticked box means nobody.
    static func contact(_ values: [String: String], current: ExperienceStore.Item?, user: CurrentUser) -> ExperienceStore.Contact? {
        guard values["contact"] == "ja" else { return nil }
        let role = (values["contactRole"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if let other = current?.contactUserID, other != user.id {
            return ExperienceStore.Contact(userID: other, role: current?.contactRole ?? "")
        }
        return ExperienceStore.Contact(userID: user.id, role: role)
    }
}
