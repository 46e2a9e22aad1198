import Vapor

extension Capability {
    /// The municipalities of the Netherlands (CBS), searchable, with a public page each.
    static var municipalities: Capability {
        Capability(
            name: "municipalities",
            routes: [MunicipalityController()],
            migrations: [CreateMunicipality()],
            navigation: [NavigationLink(place: .header, labelKey: "nav.municipalities", path: "/gemeenten", audience: .everyone)])
    }
}
