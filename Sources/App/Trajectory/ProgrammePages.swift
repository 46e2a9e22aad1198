import DemocracyKit
import Vapor

/// The programme dashboard's page model.
enum ProgrammePages {
    struct StepRow: Encodable {
        let step: String
        let count: Int
        let median: String
    }

    struct AgeRow: Encodable {
        let label: String
        let count: Int
    }

    struct Row: Encodable {
        let name: String
        let url: String
        let province: String
        let sizeClass: String
        let current: String
        let daysInStep: String
        let openRequests: Int
        let agendaSent: String
    }

    struct Context: Encodable {
        let action = TrajectoryURL.programme.path
        let province: FormField
        let sizeClass: FormField
        let summary: String
        let chart: String
        let steps: [StepRow]
        let ages: [AgeRow]
        let agendasReceived: Int
        let rows: [Row]
        let csvURL: String
        let page: Int
        let pageCount: Int
        let previousURL: String?
        let nextURL: String?
    }

    static func index(_ overview: ProgrammeOverview, filter: ProgrammeOverview.Filter, page: Int?, perPage: Int, req: Request) -> Context {
        let language = req.language
        let query = [("provincie", filter.province ?? ""), ("grootte", filter.sizeClass?.rawValue ?? "")].filter { !$0.1.isEmpty }
        let form = FormState(req, values: Dictionary(uniqueKeysWithValues: query))
        let pagination = Pagination(requestedPage: page, perPage: perPage, total: overview.rows.count)
        func name(_ step: TrajectoryStep?) -> String { step?.name(language) ?? req.t("programme.completed") }
        func days(_ value: Int) -> String { value == 1 ? req.t("request.one_day") : req.t("request.days", String(value)) }
        let ageLabels = [req.t("programme.age_0"), req.t("programme.age_14"), req.t("programme.age_30"), req.t("programme.age_90")]
        func pageURL(_ number: Int) -> String { TrajectoryURL.programme.with(query + [("pagina", String(number))]) }
        return Context(
            province: form.field(
                "provincie", type: "select", label: req.t("field.province"),
                options: [("", req.t("municipalities.all_provinces"))] + Province.all.map { ($0, $0) }),
            sizeClass: form.field(
                "grootte", type: "select", label: req.t("programme.size_class"),
                options: [("", req.t("programme.all_sizes"))] + SizeClass.allCases.map { ($0.rawValue, $0.name(language)) }),
            summary: req.t("programme.summary", String(overview.rows.count)),
            chart: SVGChart.horizontalBars(
                overview.perStep.map { SVGChart.Bar(label: name($0.step), value: Double($0.count), valueLabel: String($0.count)) },
                maximum: Double(max(1, overview.perStep.map(\.count).max() ?? 1)), title: req.t("programme.chart_title"),
                description: req.t("programme.chart_description"), id: "stappen"),
            steps: overview.perStep.map { item in
                StepRow(step: name(item.step), count: item.count, median: item.step.flatMap { overview.medianDays[$0] }.map(days) ?? "–")
            },
            ages: zip(ageLabels, overview.requestsByAge).map { AgeRow(label: $0, count: $1) },
            agendasReceived: overview.agendasReceived,
            rows: overview.rows.dropFirst(pagination.offset).prefix(perPage).map { row in
                Row(
                    name: row.name, url: TrajectoryURL.timeline(.value(row.code)).path, province: row.province,
                    sizeClass: row.sizeClass.name(language), current: name(row.current),
                    daysInStep: row.daysInStep.map(days) ?? "–", openRequests: row.openRequests,
                    agendaSent: row.agendaSent ? req.t("programme.yes") : req.t("programme.no"))
            },
            csvURL: TrajectoryURL.programmeCSV.with(query), page: pagination.page, pageCount: pagination.pageCount,
            previousURL: pagination.hasPrevious ? pageURL(pagination.page - 1) : nil,
            nextURL: pagination.hasNext ? pageURL(pagination.page + 1) : nil)
    }
}
