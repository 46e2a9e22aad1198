import DemocracyKit
import Vapor

/// What the basisscan's pages show, unsealed for the people named on a case only.
enum IntegrityCasePages {
    struct Row: Encodable {
        let reference: String
        let url: String
        let candidate: String
        let status: String
        let opened: String
    }

    struct SharedRow: Encodable {
        let heading: String
        let shared: String
        let summary: String
        let risks: String
    }

    struct CasesContext: Encodable {
        let municipality: String
        let dashboardURL: String
        let rows: [Row]
        let shared: [SharedRow]
        let action: String?
        let errors: [ErrorSummaryItem]?
        let fields: [FormField]
    }

    static func cases(
        _ rows: [(IntegrityCaseRecord, String)], shared: [IntegrityCaseStore.SharedSummary], municipality: Municipality, canOpen: Bool,
        form: FormState, req: Request
    ) -> CasesContext {
        let code = Parameter.value(municipality.code)
        return CasesContext(
            municipality: municipality.name, dashboardURL: DashboardURL.municipality(code).path,
            rows: rows.map { record, candidate in
                Row(
                    reference: record.reference, url: ResilienceURL.show(code, .value(record.id ?? UUID())).path, candidate: candidate,
                    status: record.status.name(req.language), opened: Format.date(record.openedAt, req.language))
            },
            shared: shared.map {
                SharedRow(
                    heading: req.t("basisscan.shared_heading_one", $0.candidate, $0.reference),
                    shared: req.t("basisscan.shared_on", Format.date($0.sharedAt, req.language)), summary: $0.summary,
                    risks: req.t("basisscan.shared_risks", String($0.risks)))
            },
            action: canOpen ? ResilienceURL.cases(code).path : nil, errors: form.summary,
            fields: canOpen
                ? [
                    form.field("candidateName", label: req.t("basisscan.field_candidate"), autocomplete: "off"),
                    form.field("candidateEmail", type: "email", label: req.t("basisscan.field_candidate_email"), autocomplete: "off"),
                    form.field(
                        "assessorEmail", type: "email", label: req.t("basisscan.field_assessor"), hint: req.t("basisscan.hint_assessor"),
                        autocomplete: "off"),
                    form.field(
                        "mayorEmail", type: "email", label: req.t("basisscan.field_mayor"), hint: req.t("basisscan.hint_mayor"),
                        autocomplete: "off",
                        optional: true),
                ] : [])
    }

    struct AnswerBlock: Encodable {
        let title: String
        let answers: [Fact]
    }

    struct RiskRow: Encodable {
        let area: String
        let risk: String
        let measure: String
        let owner: String
    }

    struct RiskFields: Encodable {
        let legend: String
        let area: FormField
        let risk: FormField
        let measure: FormField
        let owner: FormField
    }

    struct CaseContext: Encodable {
        let casesURL: String
        let reference: String
        let status: String
        let link: String?
        let facts: [Fact]
        let waiting: Bool
        let answers: [AnswerBlock]
        let errors: [ErrorSummaryItem]?
        let assessment: IntegrityAssessment?
        let risks: [RiskRow]
        let assessAction: String?
        let version: Int
        let assessFields: [FormField]
        let riskFields: [RiskFields]
        let summaryField: FormField?
        let closeAction: String?
        let confirm: FormField?
        let exportURL: String?
        let documents: [DocumentLink]
        let shareAction: String?
        let confirmShare: FormField?
    }

    static func show(
        _ opened: IntegrityCaseStore.Opened, municipality: Municipality, questionnaire: IntegrityQuestionnaire, link: String?,
        documents: [IntegrityCaseStore.Document], form: FormState, req: Request
    ) -> CaseContext {
        let language = req.language
        let code = Parameter.value(municipality.code)
        let id = Parameter.value(opened.record.id ?? UUID())
        let status = opened.record.status
        let areaName = { (id: String) in questionnaire.areas.first { $0.id == id }?.title(language) ?? id }
        let canAssess = IntegrityCaseAccess.allows(opened.roles, .assess) && (status == .ingevuld || status == .beoordeeld)
        let canClose = IntegrityCaseAccess.allows(opened.roles, .close) && status == .beoordeeld
        var facts = [
            Fact(label: req.t("basisscan.field_candidate"), value: opened.candidate.name),
            Fact(label: req.t("basisscan.field_candidate_email"), value: opened.candidate.email),
            Fact(label: req.t("basisscan.opened_on"), value: Format.date(opened.record.openedAt, language)),
        ]
        facts += opened.people.map { Fact(label: $0.role.name(language), value: $0.name) }
        if let shared = opened.record.summarySharedAt {
            facts.append(Fact(label: req.t("basisscan.shared_fact"), value: Format.date(shared, language)))
        }
        let canShare =
            IntegrityCaseAccess.allows(opened.roles, .share) && (status == .beoordeeld || status == .afgesloten)
            && opened.record.summarySharedAt == nil
        if let closed = opened.record.closedAt {
            let until = req.application.config.retention.integrityKeptUntil(closedAt: closed)
            facts.append(Fact(label: req.t("basisscan.kept_until"), value: Format.date(until, language)))
        }
        return CaseContext(
            casesURL: ResilienceURL.cases(code).path, reference: opened.record.reference, status: status.name(language), link: link,
            facts: facts, waiting: status == .geopend,
            answers: status == .geopend
                ? []
                : questionnaire.areas.map { area in
                    AnswerBlock(
                        title: area.title(language),
                        answers: area.questions.map {
                            Fact(label: $0.text(language), value: opened.answers[$0.id] ?? req.t("basisscan.no_answer"))
                        })
                },
            errors: form.summary, assessment: opened.assessment,
            risks: (opened.assessment?.risks ?? []).map {
                RiskRow(area: areaName($0.area), risk: $0.risk, measure: $0.measure, owner: $0.owner)
            },
            assessAction: canAssess ? ResilienceURL.assess(code, id).path : nil, version: opened.record.version,
            assessFields: canAssess
                ? [
                    form.field(
                        "publicSources", type: "textarea", label: req.t("basisscan.field_sources"), hint: req.t("basisscan.hint_sources")),
                    form.field(
                        "interview", type: "textarea", label: req.t("basisscan.field_interview"), hint: req.t("basisscan.hint_interview")),
                ] : [],
            riskFields: canAssess
                ? (1...IntegrityAssessment.maxRisks).map { row in
                    RiskFields(
                        legend: req.t("basisscan.risk_legend", String(row)),
                        area: form.field(
                            "r\(row)-area", type: "select", label: req.t("basisscan.field_risk_area"),
                            options: [("", req.t("basisscan.choose_area"))] + questionnaire.areas.map { ($0.id, $0.title(language)) }),
                        risk: form.field("r\(row)-risk", label: req.t("basisscan.field_risk"), optional: true),
                        measure: form.field("r\(row)-measure", label: req.t("basisscan.field_measure"), optional: true),
                        owner: form.field("r\(row)-owner", label: req.t("basisscan.field_owner"), optional: true))
                } : [],
            summaryField: canAssess
                ? form.field("summary", type: "textarea", label: req.t("basisscan.field_summary"), hint: req.t("basisscan.hint_summary"))
                : nil,
            closeAction: canClose ? ResilienceURL.close(code, id).path : nil,
            confirm: canClose ? form.field("confirm", type: "checkbox", label: req.t("basisscan.field_confirm")) : nil,
            exportURL: IntegrityCaseAccess.allows(opened.roles, .export) ? ResilienceURL.export(code, id).path : nil,
            documents: status == .geopend
                ? []
                : documents.map {
                    DocumentLink(
                        name: $0.name, url: ResilienceURL.document(code, id, .value($0.id)).path, bytes: $0.size, at: $0.at, req: req)
                },
            shareAction: canShare ? ResilienceURL.share(code, id).path : nil,
            confirmShare: canShare ? form.field("confirmShare", type: "checkbox", label: req.t("basisscan.field_confirm_share")) : nil)
    }

    struct AreaFields: Encodable {
        let id: String
        let title: String
        let intro: String
        let fields: [FormField]
    }

    struct QuestionnaireContext: Encodable {
        let action: String
        let errors: [ErrorSummaryItem]?
        let notice: String?
        let isOpen: Bool
        let areas: [AreaFields]
        let documents: [DocumentLink]
        let uploadAction: String
        let document: FormField
    }

    static func questionnaire(
        _ questionnaire: IntegrityQuestionnaire, isOpen: Bool, token: String, documents: [IntegrityCaseStore.Document], form: FormState,
        notice: String?, req: Request
    ) -> QuestionnaireContext {
        let language = req.language
        return QuestionnaireContext(
            action: ResilienceURL.candidate(.value(token)).path, errors: form.summary, notice: notice, isOpen: isOpen,
            areas: questionnaire.areas.map { area in
                AreaFields(
                    id: area.id, title: area.title(language), intro: area.intro(language),
                    fields: area.questions.map {
                        form.field(IntegrityQuestionnaire.field($0), type: "textarea", label: $0.text(language), hint: $0.hint?(language))
                    })
            },
            documents: documents.map { DocumentLink(name: $0.name, url: nil, bytes: $0.size, at: $0.at, req: req) },
            uploadAction: ResilienceURL.upload(.value(token)).path,
            document: form.field(
                "document", type: "file", label: req.t("basisscan.field_document"),
                hint: req.t("upload.hint", String(UploadKind.maxBytes / 1_048_576), String(IntegrityCaseStore.maxDocuments)),
                optional: true))
    }
}
