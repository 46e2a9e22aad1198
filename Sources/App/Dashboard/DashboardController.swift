import DemocracyKit
import Fluent
import Vapor

/// The signed-in start page for each role, a municipality's own dashboard, and the programme's reach overview.
struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireSignIn())
        signedIn.get(DashboardURL.home, use: index)
        signedIn.get(DashboardURL.municipality(.key), use: municipality)
        signedIn.grouped(RequireProgrammeStaff()).get(DashboardURL.reach, use: reach)
    }

    struct MunicipalityCard: Encodable {
        let url: String
        let name: String
        let roles: String
        let isDemo: Bool
    }

    struct IndexContext: Encodable {
        let name: String
        let isProgramme: Bool
        let openSignups: Int
        let participating: Int
        let municipalities: Int
        let accounts: Int
        let cards: [MunicipalityCard]
        /// The programme's pages, from the capabilities that add them.
        let programmeLinks: [PageMeta.Link]
        /// "Leren van elkaar": what was published since the person last looked there.
        var news: [PageMeta.Link] = []
        var newsSummary = ""
        let experiencesURL = ExperienceURL.list.path
        let passwordURL = AccountURL.password.path
        let mailPreferencesURL = MailURL.preferences.path
    }

    func index(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let codes = Access.municipalities(of: user.memberships)
        let municipalities = codes.isEmpty ? [] : try await Municipality.query(on: req.db).filter(\.$id ~~ codes).sort(\.$name).all()
        let cards = municipalities.map { municipality in
            MunicipalityCard(
                url: DashboardURL.municipality(.value(municipality.code)).path, name: municipality.name,
                roles: user.memberships.filter { $0.municipalityCode == municipality.code }
                    .map { $0.role.name(req.language) }.joined(separator: ", "),
                isDemo: municipality.isDemo)
        }
        let programmeLinks = req.application.links(.dashboard, for: user, in: req.language)
        var context = IndexContext(
            name: user.name, isProgramme: user.isProgrammeStaff, openSignups: 0, participating: 0,
            municipalities: 0, accounts: 0, cards: cards, programmeLinks: programmeLinks)
        if user.isProgrammeStaff {
            context = IndexContext(
                name: user.name, isProgramme: true,
                openSignups: try await Signup.query(on: req.db).filter(\.$status == .submitted).count(),
                participating: try await MunicipalityQueries.participation(on: req.db).count,
                municipalities: try await Municipality.query(on: req.db).filter(\.$validUntil == nil).count(),
                accounts: try await User.query(on: req.db).count(),
                cards: cards, programmeLinks: programmeLinks)
        }
        let news = try await ExperienceStore.newSinceLastVisit(
            of: user.id, mayReadParticipantsOnly: try await ExperienceController.mayReadParticipantsOnly(req), limit: 5,
            app: req.application,
            on: req.db)
        context.news = news.items.map { PageMeta.Link(label: $0.title.or(req.language), href: ExperienceURL.show(.value($0.ref)).path) }
        context.newsSummary =
            switch (news.total, news.since) {
            case (0, _): req.t("experience.news_none")
            case (1, let since?): req.t("experience.news_one_since", Format.date(since, req.language))
            case (let count, let since?): req.t("experience.news_since", String(count), Format.date(since, req.language))
            case (_, nil): req.t("experience.news_first")
            }
        return try await req.render("dashboard/index", title: req.t("dashboard.title"), context)
    }

    /// Where a step of the trajectory stands; its label is `step.<state>`.
    enum StepState: String, CaseIterable {
        case done
        case current
        case upcoming
    }

    struct Step: Encodable {
        let number: Int
        let name: String
        let summary: String
        let state: String
        let stateLabel: String
    }

    struct Member: Encodable {
        let name: String
        let role: String
    }

    struct MunicipalityContext: Encodable {
        let code: String
        let name: String
        let isDemo: Bool
        let participatingSince: String?
        let steps: [Step]
        let members: [Member]
        let scansURL: String
        let trajectoryURL: String
        /// For the people who request offers for it.
        let requestsURL: String?
        let experiencesURL: String?
        let similarURL: String
        /// For its handlers and coordinator: the challenges under the uitdaagrecht; for its coordinator: their rules.
        let challengesURL: String?
        let challengeRulesURL: String?
        /// For its coordinator: download all its data, erase single answers.
        let privacyURL: String?
        let plansURL: String
        let lotteryURL: String?
        /// For its council members and griffier: the education budget; for the griffier: the council's learning figures.
        let budgetURL: String?
        let councilLearningURL: String?
        /// For those who open basisscan cases or are named on one.
        let integrityURL: String?
        /// The municipality's reporting point for signals of undermining, and the public pages on it.
        let signalDeskURL: String
        let underminingURL: String
        /// For its office holders (any role held here): the woningscan.
        let homeScanURL: String?
        let publicURL: String
    }

    func municipality(req: Request) async throws -> Response {
        let municipality = try await MunicipalityAccess.requireNonPublic(req)
        let since = try await MunicipalityQueries.participation(codes: [municipality.code], on: req.db)[municipality.code]
        let state = try await TrajectoryStore.state(of: municipality.code, on: req.db)
        let steps = TrajectoryStep.allCases.map { step in
            let state: StepState = state.reached[step] != nil ? .done : (step == state.current ? .current : .upcoming)
            return Step(
                number: step.rawValue, name: step.name(req.language), summary: step.summary(req.language),
                state: state.rawValue, stateLabel: req.t("step.\(state.rawValue)"))
        }
        let memberships = try await MembershipRecord.query(on: req.db).filter(\.$municipalityCode == municipality.code)
            .with(\.$user).all()
        let members = memberships.map { Member(name: $0.user.name, role: $0.role.name(req.language)) }
            .sorted { ($0.role, $0.name) < ($1.role, $1.name) }
        let context = MunicipalityContext(
            code: municipality.code, name: municipality.name, isDemo: municipality.isDemo,
            participatingSince: since.map { Format.date($0, req.language) },
            steps: steps, members: members,
            scansURL: ScanURL.list(.value(municipality.code)).path,
            trajectoryURL: TrajectoryURL.timeline(.value(municipality.code)).path,
            requestsURL: Access.allows(try req.requireUser().memberships, .requestOffers, municipality: municipality.code)
                ? RequestURL.list(.value(municipality.code)).path : nil,
            experiencesURL: Access.allows(try req.requireUser().memberships, .shareExperiences, municipality: municipality.code)
                ? ExperienceURL.mine(.value(municipality.code)).path : nil,
            similarURL: ExperienceURL.similar(.value(municipality.code)).path,
            challengesURL: Access.allows(try req.requireUser().memberships, .handleChallenges, municipality: municipality.code)
                ? ChallengeURL.desk(.value(municipality.code)).path : nil,
            challengeRulesURL: Access.allows(try req.requireUser().memberships, .setChallengeRules, municipality: municipality.code)
                ? ChallengeURL.rules(.value(municipality.code)).path : nil,
            privacyURL: Access.allows(try req.requireUser().memberships, .managePersonalData, municipality: municipality.code)
                ? PrivacyURL.overview(.value(municipality.code)).path : nil,
            plansURL: PlanURL.index(.value(municipality.code)).path,
            lotteryURL: Access.allows(try req.requireUser().memberships, .runLottery, municipality: municipality.code)
                ? LotteryURL.index(.value(municipality.code)).path : nil,
            budgetURL: CouncilLearningPages.canSeeBudget(try req.requireUser(), municipality: municipality.code)
                ? CouncilLearningURL.budget(.value(municipality.code)).path : nil,
            councilLearningURL: Access.allows(try req.requireUser().memberships, .manageCouncilLearning, municipality: municipality.code)
                ? CouncilLearningURL.overview(.value(municipality.code)).path : nil,
            integrityURL: try await IntegrityCaseStore.mayOpenOrIsNamed(try req.requireUser(), in: municipality.code, on: req.db)
                ? ResilienceURL.cases(.value(municipality.code)).path : nil,
            signalDeskURL: UnderminingURL.desk(.value(municipality.code)).path, underminingURL: UnderminingURL.home.path,
            homeScanURL: HomeScanAccess.municipalities(forRequesting: try req.requireUser().memberships).contains(municipality.code)
                ? HomeScanURL.selfCheck.path : nil,
            publicURL: MunicipalityURL.show(.value(municipality.code)).path)
        return try await req.render("dashboard/municipality", title: req.t("dashboard.municipality_title", municipality.name), context)
    }

    struct ReachContext: Encodable {
        struct Row: Encodable {
            let province: String
            let municipalities: Int
            let participating: Int
            let percentage: Int
        }
        let rows: [Row]
        let total: Row
        let chart: String
        let demoCount: Int
    }

    func reach(req: Request) async throws -> Response {
        let all = try await Municipality.query(on: req.db).filter(\.$validUntil == nil).all()
        let participating = try await MunicipalityQueries.participation(on: req.db)
        let overview = Reach.overview(municipalities: all.map { ($0.code, $0.province) }, participating: Set(participating.keys))
        let toRow = { (row: ReachRow) in
            ReachContext.Row(
                province: row.province, municipalities: row.municipalities,
                participating: row.participating, percentage: row.percentage)
        }
        let chart = SVGChart.horizontalBars(
            overview.rows.map { SVGChart.Bar(label: $0.province, value: Double($0.percentage), valueLabel: "\($0.percentage)%") },
            maximum: 100, title: req.t("reach.chart_title"), description: req.t("reach.chart_description"), id: "bereik")
        let context = ReachContext(
            rows: overview.rows.map(toRow),
            total: toRow(
                ReachRow(
                    province: req.t("reach.total"),
                    municipalities: overview.total.municipalities,
                    participating: overview.total.participating)),
            chart: chart, demoCount: all.filter(\.isDemo).count)
        return try await req.render("dashboard/reach", title: req.t("reach.title"), context)
    }
}
