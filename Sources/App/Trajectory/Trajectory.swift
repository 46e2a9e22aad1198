import Vapor

extension Capability {
    /// The trajectory of a municipality: its eight steps as stored, the facilitator's marks, its conversations.
    static var trajectory: Capability {
        Capability(
            routes: [TrajectoryController(), AgendaController(), ProgrammeController()],
            migrations: [CreateTrajectoryStep(), CreateConversation(), CreateAgenda()],
            urls: TrajectoryURL.routes.map(\.path),
            links: [
                SiteLink(
                    place: .dashboard, position: 5, labelKey: "programme.title", url: TrajectoryURL.programme, audience: .programmeStaff),
                SiteLink(
                    place: .dashboard, position: 16, labelKey: "agenda.staff_title", url: TrajectoryURL.staffAgendas,
                    audience: .programmeStaff),
            ])
    }
}
