import Vapor

extension Capability {
    /// Accounts, roles, sign-in with its sessions, activation and passwords.
    static var accounts: Capability {
        Capability(
            routes: [AccountController()],
            migrations: [
                CreateUser(), CreateMembership(), CreateActivationToken(), CreateLoginFailure(),
                CreateSessionEntry(), UpdateSessionEntryAddExpiryIndex(), UpdateSessionEntryAddUserID(),
            ],
            commands: [("user", UserCommand())],
            urls: AccountURL.routes.map(\.path),
            links: [SiteLink(place: .header, position: 40, labelKey: "nav.login", url: AccountURL.login, audience: .signedOut)])
    }
}
