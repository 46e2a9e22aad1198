import Vapor

extension Capability {
    /// The trajectory of a municipality: its eight steps as stored, the facilitator's marks, its conversations.
    static var trajectory: Capability {
        Capability(
            routes: [TrajectoryController()],
            migrations: [CreateTrajectoryStep(), CreateConversation()],
            urls: TrajectoryURL.routes.map(\.path))
    }
}
