import Vapor

extension Capability {
    /// The municipalities of the Netherlands (CBS), searchable, with a public page each.
    static var municipalities: Capability {
        Capability(
            routes: [MunicipalityController()],
            migrations: [CreateMunicipality()],
            urls: MunicipalityURL.routes.map(\.path),
            links: [
                SiteLink(place: .header, position: 10, labelKey: "nav.municipalities", url: MunicipalityURL.list, audience: .everyone)
            ],
            referenceData: { app in
                try await LoadMunicipalities.load(csvPath: app.directory.resourcesDirectory + "Data/gemeenten.csv", on: app.db)
            })
    }
}
