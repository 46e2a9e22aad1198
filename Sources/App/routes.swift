import Vapor

/// Every URL of the platform, by capability. Each controller's `boot` lists its own paths:
///
/// | path | who | controller |
/// |---|---|---|
/// | `/`, `/privacy`, `/toegankelijkheid`, `/verwerkersovereenkomst` | everyone | HomeController |
/// | `/gemeenten`, `/gemeenten/:code` | everyone | MunicipalityController |
/// | `/doe-mee`, `/doe-mee/bedankt` | everyone | SignupController |
/// | `/beheer/aanmeldingen[/:id[/accepteren|/afwijzen]]` | programme staff | SignupController |
/// | `/inloggen`, `/uitloggen`, `/activeren/:token`, `/account/wachtwoord` | everyone / signed in | AccountController |
/// | `/dashboard`, `/gemeenten/:code/dashboard` | signed in, own municipality | DashboardController |
/// | `/beheer/bereik` | programme staff | DashboardController |
/// | `/gemeenten/:code/scans[/:scanID[/instellingen|/vragen|/openen|/sluiten|/delen|/links|/open-link]]` | coordinator, facilitator, staff | ScanController |
/// | `/gemeenten/:code/scans/:scanID/rapport[.csv|.json]`, `…/open-antwoorden/:answerID` | readers of the report | ReportController |
/// | `/vragenlijst[/:code[/stap/:page|/controle|/versturen]]`, `/vragenlijst/bedankt`, `/scan-inwoners/:openCode` | respondents, no account | QuestionnaireController |
/// | `/health`, `/metrics` | operators | OperationsController |
func routes(_ app: Application) throws {
    try app.register(collection: HomeController())
    try app.register(collection: MunicipalityController())
    try app.register(collection: SignupController())
    try app.register(collection: AccountController())
    try app.register(collection: DashboardController())
    try app.register(collection: ScanController())
    try app.register(collection: ReportController())
    try app.register(collection: QuestionnaireController())
    try app.register(collection: OperationsController())
}
