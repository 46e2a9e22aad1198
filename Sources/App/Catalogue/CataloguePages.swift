import DemocracyKit
import Vapor

/// The catalogue's page models, from domain values.
enum CataloguePages {
    struct Item: Encodable {
        let url: String
        let title: String
        let summary: String
        let pillar: String
        /// Set when the offer cannot be requested now.
        let status: String?
        let facts: String
    }

    struct IndexContext: Encodable {
        let action = CatalogueURL.list.path
        let search: FormField
        let pillar: FormField
        let focusArea: FormField
        let audience: FormField
        let form: FormField
        let includeRetired: FormField?
        let summary: String
        let items: [Item]
        let page: Int
        let pageCount: Int
        let previousURL: String?
        let nextURL: String?
        let newURL: String?
        let isFiltered: Bool
        /// The leerplatform's modules under the same filter, on the first page (`LearningCatalogue.inCatalogue`).
        var modules: [ParticipationPages.Link] = []
        var modulesURL = LearningURL.modules.path
    }

    static func index(
        _ result: CatalogueResult, filter: CatalogueFilter, page: Int?, perPage: Int, isStaff: Bool, form: FormState,
        language: Language
    ) -> IndexContext {
        let localizer = form.request.application.localizer
        let t = { (key: String, arguments: [String]) in localizer.text(key, language, arguments) }
        let pagination = Pagination(requestedPage: page, perPage: perPage, total: result.offers.count)
        let shown = result.offers.dropFirst(pagination.offset).prefix(perPage)
        func pageURL(_ page: Int) -> String { CatalogueURL.list.with(filter.query + [("pagina", String(page))]) }
        func choice<T>(
            _ name: String, _ label: String, _ all: String, _ values: [T], _ key: (T) -> String, _ counts: [T: Int],
            _ title: (T) -> LocalizedText
        )
            -> FormField
        {
            form.field(
                name, type: "select", label: label,
                options: [("", all)] + values.map { (key($0), "\(title($0)(language)) (\(counts[$0] ?? 0))") })
        }
        return IndexContext(
            search: form.field("zoek", type: "search", label: t("catalogue.search", [])),
            pillar: choice(
                "pijler", t("catalogue.pillar", []), t("catalogue.all_pillars", []), Pillar.allCases, \.rawValue, result.counts.pillars,
                \.name),
            focusArea: choice(
                "gebied", t("catalogue.focus_area", []), t("catalogue.all_focus_areas", []), FocusArea.allCases, \.slug,
                result.counts.focusAreas, \.name),
            audience: choice(
                "doelgroep", t("catalogue.audience", []), t("catalogue.all_audiences", []), Audience.allCases, \.rawValue,
                result.counts.audiences, \.name),
            form: choice(
                "vorm", t("catalogue.form", []), t("catalogue.all_forms", []), OfferForm.allCases, \.rawValue, result.counts.forms, \.name),
            includeRetired: isStaff ? form.field("vervallen", type: "checkbox", label: t("catalogue.include_retired", [])) : nil,
            summary: result.offers.isEmpty
                ? t("catalogue.none_found", [])
                : t("catalogue.showing", [String(pagination.firstItem), String(pagination.lastItem), String(pagination.total)]),
            items: shown.map { item($0, language: language) },
            page: pagination.page, pageCount: pagination.pageCount,
            previousURL: pagination.hasPrevious ? pageURL(pagination.page - 1) : nil,
            nextURL: pagination.hasNext ? pageURL(pagination.page + 1) : nil,
            newURL: isStaff ? CatalogueURL.new.path : nil,
            isFiltered: !filter.query.isEmpty)
    }

    static func item(_ offer: Offer, language: Language) -> Item {
        Item(
            url: CatalogueURL.show(.value(offer.slug)).path, title: offer.title(language), summary: offer.summary(language),
            pillar: offer.pillar.name(language), status: offer.status.isAvailable ? nil : offer.status.name(language),
            facts: ([offer.form.name(language)] + offer.audiences.map { $0.name(language) }).joined(separator: " · "))
    }

    struct Link: Encodable {
        let label: String
        let url: String
    }

    struct ShowContext: Encodable {
        let title: String
        let summary: String
        let pillar: Link
        let status: String?
        let isRetired: Bool
        let descriptionHTML: String
        let focusAreas: [Link]
        let audiences: String
        let form: String
        let duration: String
        let cost: String
        let provider: String
        let listURL = CatalogueURL.list.path
        let editURL: String?
        /// "Aanvragen voor Demodorp", for each municipality the person requests offers for.
        var requestLinks: [Link] = []
        /// The innovation track this offer describes taking part in, and the track it came out of.
        var track: Link?
        var origin: Link?
    }

    static func show(_ offer: Offer, isStaff: Bool, req: Request) -> ShowContext {
        let language = req.language
        return ShowContext(
            title: offer.title(language), summary: offer.summary(language),
            pillar: Link(label: offer.pillar.name(language), url: CatalogueURL.list.with([("pijler", offer.pillar.rawValue)])),
            status: offer.status.isAvailable ? nil : offer.status.name(language), isRetired: offer.status == .vervallen,
            descriptionHTML: SafeMarkdown.html(from: offer.description(language)),
            focusAreas: offer.focusAreas.map { Link(label: $0.name(language), url: CatalogueURL.list.with([("gebied", $0.slug)])) },
            audiences: offer.audiences.map { $0.name(language) }.joined(separator: ", "), form: offer.form.name(language),
            duration: offer.duration(language), cost: offer.cost(language), provider: offer.provider,
            editURL: isStaff ? CatalogueURL.edit(.value(offer.slug)).path : nil)
    }

    /// What someone else saved meanwhile, per field that differs from the person's own text.
    struct OtherChange: Encodable {
        let label: String
        let value: String
    }

    struct FormContext: Encodable {
        let action: String
        let isNew: Bool
        let slug: FormField?
        let version: String
        let pillar: FormField
        let focusAreas: FormField
        let audiences: FormField
        let form: FormField
        let status: FormField
        let provider: FormField
        let titleNl: FormField
        let titleEn: FormField
        let summaryNl: FormField
        let summaryEn: FormField
        let descriptionNl: FormField
        let descriptionEn: FormField
        let durationNl: FormField
        let durationEn: FormField
        let costNl: FormField
        let costEn: FormField
        let errors: [ErrorSummaryItem]?
        let otherChanges: [OtherChange]?
        let cancelURL: String
    }

    static func form(_ form: FormState, slug: String?, other: CatalogueStore.Stored?, req: Request) -> FormContext {
        let language = req.language
        let t = { (key: String) in req.t(key) }
        let markdownHint = req.t("catalogue.hint.description", String(OfferRules.maxDescription))
        func text(_ name: String, _ label: String, type: String = "text", hint: String? = nil) -> FormField {
            form.field(name, type: type, label: label, hint: hint)
        }
        return FormContext(
            action: slug.map { CatalogueURL.edit(.value($0)).path } ?? CatalogueURL.new.path,
            isNew: slug == nil,
            slug: slug == nil ? text("slug", t("catalogue.field.slug"), hint: t("catalogue.hint.slug")) : nil,
            version: form.values["version"] ?? "",
            pillar: form.field(
                "pillar", type: "radios", label: t("catalogue.pillar"), options: Pillar.allCases.map { ($0.rawValue, $0.name(language)) }),
            focusAreas: form.field(
                "focusAreas", type: "checkboxes", label: t("catalogue.field.focus_areas"),
                hint: req.t("catalogue.hint.focus_areas", String(OfferRules.maxFocusAreas)),
                options: FocusArea.allCases.map { (String($0.rawValue), $0.name(language)) }),
            audiences: form.field(
                "audiences", type: "checkboxes", label: t("catalogue.field.audiences"),
                options: Audience.allCases.map { ($0.rawValue, $0.name(language)) }),
            form: form.field(
                "form", type: "select", label: t("catalogue.form"), options: OfferForm.allCases.map { ($0.rawValue, $0.name(language)) }),
            status: form.field(
                "status", type: "radios", label: t("catalogue.field.status"),
                options: OfferStatus.allCases.map { ($0.rawValue, $0.name(language)) }),
            provider: text("provider", t("catalogue.provider")),
            titleNl: text("titleNl", t("catalogue.field.title_nl")), titleEn: text("titleEn", t("catalogue.field.title_en")),
            summaryNl: text("summaryNl", t("catalogue.field.summary_nl"), type: "textarea"),
            summaryEn: text("summaryEn", t("catalogue.field.summary_en"), type: "textarea"),
            descriptionNl: text("descriptionNl", t("catalogue.field.description_nl"), type: "textarea", hint: markdownHint),
            descriptionEn: text("descriptionEn", t("catalogue.field.description_en"), type: "textarea", hint: markdownHint),
            durationNl: text("durationNl", t("catalogue.field.duration_nl")),
            durationEn: text("durationEn", t("catalogue.field.duration_en")),
            costNl: text("costNl", t("catalogue.field.cost_nl")), costEn: text("costEn", t("catalogue.field.cost_en")),
            errors: form.summary,
            otherChanges: other.map { otherChanges($0, mine: form.values, req: req) },
            cancelURL: slug.map { CatalogueURL.show(.value($0)).path } ?? CatalogueURL.list.path)
    }

    /// The fields where the saved offer now differs from what the person sent, with the saved value.
    static func otherChanges(_ other: CatalogueStore.Stored, mine: [String: String], req: Request) -> [OtherChange] {
        let saved = OfferEditForm.values(of: other)
        let labels: [(String, String)] = [
            ("titleNl", req.t("catalogue.field.title_nl")), ("titleEn", req.t("catalogue.field.title_en")),
            ("summaryNl", req.t("catalogue.field.summary_nl")), ("summaryEn", req.t("catalogue.field.summary_en")),
            ("descriptionNl", req.t("catalogue.field.description_nl")), ("descriptionEn", req.t("catalogue.field.description_en")),
            ("durationNl", req.t("catalogue.field.duration_nl")), ("durationEn", req.t("catalogue.field.duration_en")),
            ("costNl", req.t("catalogue.field.cost_nl")), ("costEn", req.t("catalogue.field.cost_en")),
            ("provider", req.t("catalogue.provider")), ("pillar", req.t("catalogue.pillar")),
            ("focusAreas", req.t("catalogue.field.focus_areas")), ("audiences", req.t("catalogue.field.audiences")),
            ("form", req.t("catalogue.form")), ("status", req.t("catalogue.field.status")),
        ]
        return labels.filter { saved[$0.0] != mine[$0.0] }.map {
            OtherChange(label: $0.1, value: readable($0.0, saved[$0.0] ?? "", req.language))
        }
    }

    /// A saved value as the person chose it: names instead of stored codes.
    private static func readable(_ field: String, _ value: String, _ language: Language) -> String {
        let parts = value.split(separator: ",").map(String.init)
        let names: [String]? =
            switch field {
            case "pillar": parts.compactMap { Pillar(rawValue: $0)?.name(language) }
            case "form": parts.compactMap { OfferForm(rawValue: $0)?.name(language) }
            case "status": parts.compactMap { OfferStatus(rawValue: $0)?.name(language) }
            case "focusAreas": parts.compactMap { Int($0).flatMap(FocusArea.init(rawValue:))?.name(language) }
            case "audiences": parts.compactMap { Audience(rawValue: $0)?.name(language) }
            default: nil
            }
        return names?.joined(separator: ", ") ?? value
    }
}

/// The offer editing form: its fields as sent, and the offer they describe.
enum OfferEditForm {
    static let fields = [
        "slug", "version", "pillar", "form", "status", "provider", "titleNl", "titleEn", "summaryNl", "summaryEn", "descriptionNl",
        "descriptionEn", "durationNl", "durationEn", "costNl", "costEn",
    ]
    static let lists = ["focusAreas", "audiences"]

    static func values(_ req: Request) -> [String: String] {
        req.formValues(fields, lists: lists)
    }

    static func values(of stored: CatalogueStore.Stored) -> [String: String] {
        let offer = stored.offer
        return [
            "slug": offer.slug, "version": String(stored.version), "pillar": offer.pillar.rawValue, "form": offer.form.rawValue,
            "status": offer.status.rawValue, "provider": offer.provider, "titleNl": offer.title.nl, "titleEn": offer.title.en,
            "summaryNl": offer.summary.nl, "summaryEn": offer.summary.en, "descriptionNl": offer.description.nl,
            "descriptionEn": offer.description.en, "durationNl": offer.duration.nl, "durationEn": offer.duration.en,
            "costNl": offer.cost.nl, "costEn": offer.cost.en,
            "focusAreas": offer.focusAreas.map { String($0.rawValue) }.joined(separator: ","),
            "audiences": offer.audiences.map(\.rawValue).joined(separator: ","),
        ]
    }

    /// The offer the form describes, and what is wrong with it: the offer's own rules and any choice not made
    /// (or not one of the options, from a tampered form).
    static func read(_ values: [String: String]) -> (offer: Offer, errors: [FieldError]) {
        let offer = offer(from: values)
        let choices = [
            Pillar(rawValue: values["pillar"] ?? "") == nil ? FieldError(field: "pillar", message: "catalogue.error.pillar") : nil,
            OfferForm(rawValue: values["form"] ?? "") == nil ? FieldError(field: "form", message: "catalogue.error.form") : nil,
            OfferStatus(rawValue: values["status"] ?? "") == nil ? FieldError(field: "status", message: "catalogue.error.status") : nil,
        ]
        let missing = choices.compactMap { $0 }
        return (offer, missing + OfferRules.problems(offer))
    }

    private static func offer(from values: [String: String]) -> Offer {
        func trimmed(_ name: String) -> String { (values[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        func text(_ name: String) -> LocalizedText { LocalizedText(nl: trimmed(name + "Nl"), en: trimmed(name + "En")) }
        let areas = Set((values["focusAreas"] ?? "").split(separator: ",").compactMap { Int($0).flatMap(FocusArea.init(rawValue:)) })
        let audiences = Set((values["audiences"] ?? "").split(separator: ",").compactMap { Audience(rawValue: String($0)) })
        return Offer(
            slug: trimmed("slug"), pillar: Pillar(rawValue: trimmed("pillar")) ?? .lokaalMaatwerk, focusAreas: areas.sorted(),
            audiences: Audience.allCases.filter(audiences.contains), form: OfferForm(rawValue: trimmed("form")) ?? .sessie,
            status: OfferStatus(rawValue: trimmed("status")) ?? .beschikbaar, provider: trimmed("provider"), title: text("title"),
            summary: text("summary"), description: text("description"), duration: text("duration"), cost: text("cost"))
    }
}
