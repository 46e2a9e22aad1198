import Vapor

extension Capability {
    /// Innovation tracks: municipalities develop new instruments together; results join the offer of lokaal
    /// maatwerk and the search of "Leren van elkaar".
    static var innovation: Capability {
        Capability(
            routes: [TrackController()],
            migrations: [CreateInnovationTrack(), UpdateTrackAddVersion()],
            urls: TrackURL.routes.map(\.path),
            links: [
                SiteLink(place: .header, position: 18, labelKey: "nav.tracks", url: TrackURL.list, audience: .everyone),
                SiteLink(
                    place: .dashboard, position: 18, labelKey: "track.staff_title", url: TrackURL.staffList, audience: .programmeStaff),
            ])
    }
}
