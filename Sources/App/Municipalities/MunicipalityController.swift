import DemocracyKit
import Fluent
import Vapor

/// The public list of municipalities and the public page of each.
struct MunicipalityController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(MunicipalityURL.list, use: index)
        routes.get(MunicipalityURL.show(.key), use: show)
    }

    struct Row: Encodable {
        let url: String
        let code: String
        let name: String
        let province: String
        let population: String
        let isDemo: Bool
        let participates: Bool
    }

    struct IndexContext: Encodable {
        let search: FormField
        let province: FormField
        let rows: [Row]
        let total: Int
        let page: Int
        let pageCount: Int
        let firstItem: Int
        let lastItem: Int
        let previousURL: String?
        let nextURL: String?
        let summary: String
        let action = MunicipalityURL.list.path
    }

    func index(req: Request) async throws -> Response {
        let filter = MunicipalityQueries.Filter(
            search: String((req.query[String.self, at: "zoek"] ?? "").prefix(100)),
            province: req.query[String.self, at: "provincie"] ?? "",
            page: Validate.number(req.query[String.self, at: "pagina"], in: Validate.pageNumbers))
        let (items, pagination) = try await MunicipalityQueries.search(filter, on: req.db)
        let participating = try await MunicipalityQueries.participation(codes: items.map(\.code), on: req.db)
        func pageURL(_ page: Int) -> String {
            MunicipalityURL.list.with([("zoek", filter.search), ("provincie", filter.province), ("pagina", String(page))])
        }
        let form = FormState(req, values: ["zoek": filter.search, "provincie": filter.province])
        let context = IndexContext(
            search: form.field("zoek", type: "search", label: req.t("field.search")),
            province: form.field(
                "provincie", type: "select", label: req.t("field.province"),
                options: [("", req.t("municipalities.all_provinces"))] + Province.all.map { ($0, $0) }),
            rows: items.map {
                Row(
                    url: MunicipalityURL.show(.value($0.code)).path, code: $0.code, name: $0.name, province: $0.province,
                    population: Format.number($0.population, req.language),
                    isDemo: $0.isDemo, participates: participating[$0.code] != nil)
            },
            total: pagination.total,
            page: pagination.page,
            pageCount: pagination.pageCount,
            firstItem: pagination.firstItem,
            lastItem: pagination.lastItem,
            previousURL: pagination.hasPrevious ? pageURL(pagination.page - 1) : nil,
            nextURL: pagination.hasNext ? pageURL(pagination.page + 1) : nil,
            summary: pagination.total == 0
                ? req.t("municipalities.none_found")
                : req.t("municipalities.showing", String(pagination.firstItem), String(pagination.lastItem), String(pagination.total)))
        return try await req.render("municipalities/index", title: req.t("municipalities.title"), context)
    }

    struct ShowContext: Encodable {
        let code: String
        let name: String
        let province: String
        let population: String
        let sizeClass: String
        let isDemo: Bool
        let participatingSince: String?
        let canSeeDashboard: Bool
        let listURL = MunicipalityURL.list.path
        let signupURL: String
        let dashboardURL: String
        let challengeURL: String
    }

    func show(req: Request) async throws -> Response {
        let municipality = try await MunicipalityQueries.require(code: req.parameters.get("code"), on: req.db)
        let since = try await MunicipalityQueries.participation(codes: [municipality.code], on: req.db)[municipality.code]
        let context = ShowContext(
            code: municipality.code,
            name: municipality.name,
            province: municipality.province,
            population: Format.number(municipality.population, req.language),
            sizeClass: SizeClass(population: municipality.population).name(req.language),
            isDemo: municipality.isDemo,
            participatingSince: since.map { Format.date($0, req.language) },
            canSeeDashboard: req.currentUser?.canSeeNonPublic(ofMunicipality: municipality.code) ?? false,
            signupURL: SignupURL.form.with([("gemeente", municipality.code)]),
            dashboardURL: DashboardURL.municipality(.value(municipality.code)).path,
            challengeURL: ChallengeURL.municipality(.value(municipality.code)).path)
        return try await req.render("municipalities/show", title: municipality.name, context)
    }
}
