import DemocracyKit
import Vapor

extension Capability {
    /// A burgerberaad by lot: the address file, the published seed, the draw and its letters, registration with
    /// a code, and a public account of each step; `dia lottery verify` repeats a draw.
    static var lottery: Capability {
        Capability(
            routes: [LotteryController()],
            migrations: [CreateLottery(), UpdateLotteryAddSelection(), UpdateLotteryAddFinished()],
            commands: [("lottery", LotteryCommand())],
            urls: LotteryURL.routes.map(\.path),
            largeUploads: [LargeUpload(LotteryURL.addresses(.key, .key), limit: LotteryController.maxFile)])
    }
}
