import DemocracyKit
import Fluent
import Vapor

/// The coordinator's page on the municipality's data: download all of it, erase a closed scan's single answers,
/// and read how long the platform keeps what.
struct PrivacyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireSignIn())
        signedIn.get(PrivacyURL.overview(.key), use: overview)
        signedIn.get(PrivacyURL.export(.key), use: export)
        signedIn.get(PrivacyURL.eraseAnswers(.key, .key), use: confirmErase)
        signedIn.post(PrivacyURL.eraseAnswers(.key, .key), use: erase)
    }

    struct ScanRow: Encodable {
        let title: String
        let status: String
        let kept: String
        /// Where to erase them, while that is possible.
        let eraseURL: String?
        let state: String?
    }

    struct OverviewContext: Encodable {
        let name: String
        let exportURL: String
        let scans: [ScanRow]
        let retention: [String]
    }

    private func municipality(_ req: Request) async throws -> (Municipality, CurrentUser) {
        try await req.municipality(for: .managePersonalData, refusal: "data.only_coordinator")
    }

    func overview(req: Request) async throws -> Response {
        let (municipality, _) = try await municipality(req)
        let code = Parameter<String>.value(municipality.code)
        let language = req.language
        let rows = try await PrivacyStore.holdings(of: municipality.code, on: req.db).map { holding in
            let scan = holding.scan
            let erasable = scan.status.hasReport && scan.answersErasedOn == nil && holding.responses + holding.openAnswers > 0
            let state: String? =
                if let day = scan.answersErasedOn {
                    req.t("data.erased_on", Format.day(day, language))
                } else if !scan.status.hasReport {
                    req.t("data.erase_after_closing")
                } else if !erasable {
                    req.t("data.nothing_kept")
                } else {
                    nil
                }
            return ScanRow(
                title: scan.title, status: scan.status.name(language),
                kept: req.t("data.kept", Format.number(holding.responses, language), Format.number(holding.openAnswers, language)),
                eraseURL: erasable ? scan.id.map { PrivacyURL.eraseAnswers(code, .value($0)).path } : nil, state: state)
        }
        let policy = req.application.config.retention
        let context = OverviewContext(
            name: municipality.name, exportURL: PrivacyURL.export(code).path, scans: rows,
            retention: [
                req.t("data.retention_answers", String(policy.answersMonths)),
                req.t("data.retention_mail", String(policy.mailDays)),
                req.t("data.retention_signups", String(policy.rejectedSignupMonths)),
                req.t("data.retention_audit", String(policy.auditMonths)),
                req.t("data.retention_lottery", String(policy.lotteryMonths)),
            ])
        return try await req.render("privacy/overview", title: req.t("data.title", municipality.name), context)
    }

    func export(req: Request) async throws -> Response {
        let (municipality, user) = try await municipality(req)
        let files = try await MunicipalityExport.files(for: municipality, language: req.language, app: req.application, on: req.db)
        let now = req.clock.now()
        let body = try MunicipalityExport.zip(files, at: now)
        try await AuditLog.record(
            .dataExported, by: .init(user), municipality: municipality.code, subject: "\(files.count) bestanden", app: req.application,
            on: req.db)
        let response = Response(status: .ok, body: .init(data: body))
        response.headers.contentType = .zip
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"democratie-in-actie-\(municipality.code)-\(Format.day(now)).zip\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    struct EraseContext: Encodable {
        let title: String
        let kept: String
        let action: String
        let backURL: String
    }

    /// Erasing cannot be undone, so the overview's link leads here first: what goes, and what stays.
    func confirmErase(req: Request) async throws -> Response {
        let (municipality, _) = try await municipality(req)
        let scan = try await ScanAccess.scan(req, of: municipality)
        let backURL = PrivacyURL.overview(.value(municipality.code)).path
        guard scan.status.hasReport, scan.answersErasedOn == nil else { return req.redirect(to: backURL) }
        let holding = try await PrivacyStore.holding(of: scan, on: req.db)
        let context = EraseContext(
            title: scan.title,
            kept: req.t("data.kept", Format.number(holding.responses, req.language), Format.number(holding.openAnswers, req.language)),
            action: PrivacyURL.eraseAnswers(.value(municipality.code), .value(try scan.requireID())).path, backURL: backURL)
        return try await req.render("privacy/erase", title: req.t("data.erase_title", scan.title), context)
    }

    func erase(req: Request) async throws -> Response {
        let (municipality, user) = try await municipality(req)
        let scan = try await ScanAccess.scan(req, of: municipality)
        try await PrivacyStore.eraseAnswers(of: scan, by: .init(user), app: req.application, on: req.db)
        req.flash(req.t("data.erased", scan.title))
        return req.redirect(to: PrivacyURL.overview(.value(municipality.code)).path)
    }
}
