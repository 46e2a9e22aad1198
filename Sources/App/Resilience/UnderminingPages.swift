import DemocracyKit
import Vapor

/// The knowledge of "Ondermijning" as read at start-up, with what its pages show made once: each article's HTML
/// and each quiz question's order of answers.
struct UnderminingContent: Sendable {
    let library: UnderminingLibrary
    let articleHTML: [String: LocalizedText]
    let answerOrders: [Int: [[Int]]]

    init(_ library: UnderminingLibrary) {
        self.library = library
        articleHTML = Dictionary(
            uniqueKeysWithValues: library.articles.map {
                (
                    $0.id,
                    LocalizedText(
                        nl: SafeMarkdown.html(from: $0.body.nl, headingsFrom: 2), en: SafeMarkdown.html(from: $0.body.en, headingsFrom: 2))
                )
            })
        answerOrders = Dictionary(
            uniqueKeysWithValues: library.levels.map { level in
                (
                    level.level,
                    level.questions.indices.map {
                        level.questions[$0].displayOrder(place: QuizLevels.place(level: level.level, question: $0))
                    }
                )
            })
    }
}

/// What the undermining pages show.
enum UnderminingPages {
    struct Link: Encodable {
        let url: String
        let label: String
        let current: Bool
    }

    struct NewsItem: Encodable {
        let title: String
        let date: String
        let bodyHTML: String
        let author: String
    }

    static func newsItem(_ item: UnderminingNews, req: Request) -> NewsItem {
        NewsItem(
            title: item.title(req.language), date: Format.date(item.publishedAt, req.language),
            bodyHTML: SafeMarkdown.html(from: item.body(req.language), headingsFrom: 3), author: item.authorName)
    }

    struct HomeContext: Encodable {
        let sections: [Link]
        let news: [NewsItem]
        let newsURL: String
        let reportURL: String
        let followUpURL: String
    }

    static func home(news: [UnderminingNews], req: Request) -> HomeContext {
        HomeContext(
            sections: [
                Link(url: UnderminingURL.signals.path, label: req.t("ondermijning.signals_title"), current: false),
                Link(url: UnderminingURL.knowledge.path, label: req.t("ondermijning.knowledge_title"), current: false),
                Link(url: UnderminingURL.quiz.path, label: req.t("ondermijning.quiz_title"), current: false),
                Link(url: UnderminingURL.news.path, label: req.t("ondermijning.news_title"), current: false),
            ], news: news.map { newsItem($0, req: req) }, newsURL: UnderminingURL.news.path, reportURL: UnderminingURL.reportForm.path,
            followUpURL: UnderminingURL.followUp.path)
    }

    struct SignalView: Encodable {
        let id: String
        let title: String
        let sector: String
        let signal: String
        let why: String
        let action: String
    }

    struct SignalsContext: Encodable {
        let homeURL: String
        let sectors: [Link]
        let chosen: String?
        let count: String
        let signals: [SignalView]
        let reportURL: String
    }

    static func signals(_ library: UnderminingLibrary, sector: UnderminingSector?, req: Request) -> SignalsContext {
        let language = req.language
        return SignalsContext(
            homeURL: UnderminingURL.home.path,
            sectors: [Link(url: UnderminingURL.signals.path, label: req.t("ondermijning.all_sectors"), current: sector == nil)]
                + UnderminingSector.allCases.map { each in
                    Link(
                        url: UnderminingURL.signals.with([("sector", each.rawValue)]), label: each.name(language), current: each == sector)
                },
            chosen: sector?.name(language), count: req.t("ondermijning.signals_count", String(library.signals(in: sector).count)),
            signals: library.signals(in: sector).map {
                SignalView(
                    id: $0.id, title: $0.title(language), sector: $0.sector.name(language), signal: $0.signal(language),
                    why: $0.why(language), action: $0.action(language))
            }, reportURL: UnderminingURL.reportForm.path)
    }

    struct ArticleRow: Encodable {
        let url: String
        let title: String
        let summary: String
    }

    struct KnowledgeContext: Encodable {
        let homeURL: String
        let searchURL: String
        let searchKind: String
        let articles: [ArticleRow]
    }

    static func knowledge(_ library: UnderminingLibrary, req: Request) -> KnowledgeContext {
        KnowledgeContext(
            homeURL: UnderminingURL.home.path, searchURL: ExperienceURL.list.path, searchKind: SearchKind.kennis.rawValue,
            articles: library.articles.map {
                ArticleRow(
                    url: UnderminingURL.article(.value($0.id)).path, title: $0.title(req.language), summary: $0.summary(req.language))
            })
    }

    struct Source: Encodable {
        let title: String
        let publisher: String
        let url: String
    }

    struct ArticleContext: Encodable {
        let knowledgeURL: String
        let title: String
        let summary: String
        let bodyHTML: String
        let sources: [Source]
        let reportURL: String
    }

    static func article(_ article: KnowledgeArticle, content: UnderminingContent, req: Request) -> ArticleContext {
        ArticleContext(
            knowledgeURL: UnderminingURL.knowledge.path, title: article.title(req.language), summary: article.summary(req.language),
            bodyHTML: content.articleHTML[article.id]?(req.language) ?? "",
            sources: article.sources.map { Source(title: $0.title, publisher: $0.publisher, url: $0.url) },
            reportURL: UnderminingURL.reportForm.path)
    }

    struct LevelRow: Encodable {
        let heading: String
        let intro: String
        let url: String?
        let state: String
        let best: String?
    }

    struct QuizContext: Encodable {
        let homeURL: String
        let signedIn: Bool
        let signInURL: String
        let levels: [LevelRow]
    }

    static func quiz(_ library: UnderminingLibrary, passed: Set<Int>, best: [Int: UnderminingQuizResult], req: Request) -> QuizContext {
        QuizContext(
            homeURL: UnderminingURL.home.path, signedIn: req.currentUser != nil,
            signInURL: AccountURL.login.with([("terug", UnderminingURL.quiz.path)]),
            levels: library.levels.map { level in
                let open = QuizLevels.isOpen(level.level, passed: passed)
                return LevelRow(
                    heading: req.t("ondermijning.level_title", String(level.level), level.title(req.language)),
                    intro: level.intro(req.language),
                    url: open ? UnderminingURL.level(.value(level.level)).path : nil,
                    state: req.t(
                        passed.contains(level.level)
                            ? "ondermijning.level_passed" : open ? "ondermijning.level_open" : "ondermijning.level_locked"),
                    best: best[level.level].map { req.t("ondermijning.level_best", String($0.correct), String($0.total)) })
            })
    }

    struct LevelContext: Encodable {
        let quizURL: String
        let title: String
        let intro: String
        let action: String
        let level: Int
        let errors: [ErrorSummaryItem]?
        let questions: [LearningPages.QuestionView]
        let score: String?
        let outcome: String?
        let nextURL: String?
        let nextLabel: String?
        let keptNote: String?
    }

    static func level(
        _ level: QuizLevel, content: UnderminingContent, attempt: QuizAttempt?, form: FormState, req: Request
    ) -> LevelContext {
        let passed = attempt.map { QuizLevels.passes(correct: $0.correct, of: $0.results.count) }
        let next = content.library.level(level.level + 1)
        return LevelContext(
            quizURL: UnderminingURL.quiz.path, title: req.t("ondermijning.level_title", String(level.level), level.title(req.language)),
            intro: level.intro(req.language), action: UnderminingURL.level(.value(level.level)).path, level: level.level,
            errors: form.summary,
            questions: LearningPages.quizQuestions(
                level.questions, orders: content.answerOrders[level.level] ?? [], attempt: attempt, form: form, req: req),
            score: attempt.map { req.t("learning.score", String($0.correct), String($0.results.count)) },
            outcome: passed.map {
                req.t($0 ? "ondermijning.level_done" : "ondermijning.level_again", String(QuizLevels.passPercent))
            },
            nextURL: passed == true ? next.map { UnderminingURL.level(.value($0.level)).path } : nil,
            nextLabel: passed == true ? next.map { req.t("ondermijning.level_next", String($0.level)) } : nil,
            keptNote: attempt != nil && req.currentUser == nil ? req.t("ondermijning.level_not_kept") : nil)
    }

    struct NewsContext: Encodable {
        let homeURL: String
        let items: [NewsItem]
        let action: String?
        let errors: [ErrorSummaryItem]?
        let fields: [FormField]
    }

    static func news(_ items: [UnderminingNews], canPublish: Bool, form: FormState, req: Request) -> NewsContext {
        NewsContext(
            homeURL: UnderminingURL.home.path, items: items.map { newsItem($0, req: req) },
            action: canPublish ? UnderminingURL.news.path : nil, errors: form.summary,
            fields: canPublish
                ? [
                    form.field("titleNl", label: req.t("ondermijning.field_title_nl")),
                    form.field("titleEn", label: req.t("ondermijning.field_title_en"), optional: true),
                    form.field(
                        "bodyNl", type: "textarea", label: req.t("ondermijning.field_body_nl"), hint: req.t("ondermijning.hint_markdown")),
                    form.field(
                        "bodyEn", type: "textarea", label: req.t("ondermijning.field_body_en"), hint: req.t("ondermijning.hint_markdown"),
                        optional: true),
                ] : [])
    }

    struct ReportContext: Encodable {
        let homeURL: String
        let action: String
        let errors: [ErrorSummaryItem]?
        let municipality: FormField?
        let fields: [FormField]
        let followUpURL: String
        /// After sending: the follow-up code, shown once.
        let code: String?
        let municipalityName: String?
    }

    static func reportForm(_ municipalities: [Municipality], form: FormState, req: Request) -> ReportContext {
        let language = req.language
        return ReportContext(
            homeURL: UnderminingURL.home.path, action: UnderminingURL.reportForm.path, errors: form.summary,
            municipality: municipalities.isEmpty
                ? nil
                : form.field(
                    "gemeente", type: "select", label: req.t("ondermijning.field_municipality"),
                    options: [("", req.t("ondermijning.choose_municipality"))] + municipalities.map { ($0.code, $0.name) }),
            fields: [
                form.field(
                    "sector", type: "select", label: req.t("ondermijning.field_sector"), optional: true,
                    options: [("", req.t("ondermijning.sector_unknown"))]
                        + UnderminingSector.allCases.map { ($0.rawValue, $0.name(language)) }),
                form.field("what", type: "textarea", label: req.t("ondermijning.field_what"), hint: req.t("ondermijning.hint_what")),
                form.field("place", label: req.t("ondermijning.field_place"), hint: req.t("ondermijning.hint_place"), optional: true),
                form.field("moment", label: req.t("ondermijning.field_moment"), hint: req.t("ondermijning.hint_moment"), optional: true),
            ], followUpURL: UnderminingURL.followUp.path, code: nil, municipalityName: nil)
    }

    static func reported(code: String, municipality: Municipality, req: Request) -> ReportContext {
        ReportContext(
            homeURL: UnderminingURL.home.path, action: UnderminingURL.reportForm.path, errors: nil, municipality: nil, fields: [],
            followUpURL: UnderminingURL.followUp.path, code: code, municipalityName: municipality.name)
    }

    struct FollowUpContext: Encodable {
        let homeURL: String
        let action: String
        let errors: [ErrorSummaryItem]?
        let code: FormField
        let status: String?
        let received: String?
        let reply: String?
    }

    static func followUp(_ found: (SignalReportRecord, String?)?, form: FormState, req: Request) -> FollowUpContext {
        FollowUpContext(
            homeURL: UnderminingURL.home.path, action: UnderminingURL.followUp.path, errors: form.summary,
            code: form.field("code", label: req.t("ondermijning.field_code"), hint: req.t("ondermijning.hint_code"), autocomplete: "off"),
            status: found.map { $0.0.status.name(req.language) }, received: found.map { Format.date($0.0.receivedAt, req.language) },
            reply: found?.1)
    }

    struct ReportRow: Encodable {
        let reference: String
        let url: String
        let status: String
        let received: String
    }

    struct DeskContext: Encodable {
        let municipality: String
        let dashboardURL: String
        let contact: String?
        let isContact: Bool
        let reports: [ReportRow]
        let action: String?
        let errors: [ErrorSummaryItem]?
        let contactEmail: FormField?
        let reportURL: String
    }

    static func desk(
        municipality: Municipality, contact: User?, reports: [SignalReportRecord]?, canSet: Bool, form: FormState, req: Request
    ) -> DeskContext {
        let code = Parameter.value(municipality.code)
        return DeskContext(
            municipality: municipality.name, dashboardURL: DashboardURL.municipality(code).path, contact: contact?.name,
            isContact: reports != nil,
            reports: (reports ?? []).map {
                ReportRow(
                    reference: $0.reference, url: UnderminingURL.report(code, .value($0.id ?? UUID())).path,
                    status: $0.status.name(req.language), received: Format.date($0.receivedAt, req.language))
            }, action: canSet ? UnderminingURL.desk(code).path : nil, errors: form.summary,
            contactEmail: canSet
                ? form.field(
                    "contactEmail", type: "email", label: req.t("ondermijning.field_contact"), hint: req.t("ondermijning.hint_contact"),
                    autocomplete: "off") : nil,
            reportURL: UnderminingURL.reportForm.with([("gemeente", municipality.code)]))
    }

    struct ReportPageContext: Encodable {
        let deskURL: String
        let reference: String
        let facts: [Fact]
        let what: String
        let action: String
        let errors: [ErrorSummaryItem]?
        let status: FormField
        let reply: FormField
        let version: String
    }

    static func report(_ opened: UnderminingStore.Opened, municipality: Municipality, form: FormState, req: Request)
        -> ReportPageContext
    {
        let code = Parameter.value(municipality.code)
        let language = req.language
        let report = opened.report
        return ReportPageContext(
            deskURL: UnderminingURL.desk(code).path, reference: opened.record.reference,
            facts: [
                Fact(label: req.t("ondermijning.col_received"), value: Format.date(opened.record.receivedAt, language)),
                Fact(label: req.t("ondermijning.col_status"), value: opened.record.status.name(language)),
                Fact(
                    label: req.t("ondermijning.field_sector"), value: report.sector?.name(language) ?? req.t("ondermijning.sector_unknown")),
                Fact(label: req.t("ondermijning.field_place"), value: report.place.isEmpty ? "–" : report.place),
                Fact(label: req.t("ondermijning.field_moment"), value: report.moment.isEmpty ? "–" : report.moment),
            ], what: report.what, action: UnderminingURL.report(code, .value(opened.record.id ?? UUID())).path, errors: form.summary,
            status: form.field(
                "status", type: "radios", label: req.t("ondermijning.col_status"),
                options: SignalReportStatus.allCases.map { ($0.rawValue, $0.name(language)) }),
            reply: form.field(
                "reply", type: "textarea", label: req.t("ondermijning.field_reply"), hint: req.t("ondermijning.hint_reply"), optional: true),
            version: form.values["version"] ?? String(opened.record.version))
    }
}
