import DemocracyKit
import Vapor

extension Capability {
    /// The learning platform for council members: modules of lessons with a quiz each, read from
    /// `Resources/Data/learning/modules/` at start-up, the competence self-test, progress and certificates, and per
    /// municipality the griffier's totals and the persoonlijk opleidingsbudget.
    static var learning: Capability {
        Capability(
            routes: [LearningController(), SelfTestController(), CouncilLearningController()],
            migrations: [CreateSelfTestResult(), CreateLearningProgress(), CreateEducationBudget()],
            urls: LearningURL.routes.map(\.path) + CouncilLearningURL.routes.map(\.path),
            links: [
                SiteLink(place: .footer, position: 4, labelKey: "nav.learning", url: LearningURL.modules, audience: .everyone),
                SiteLink(place: .dashboard, position: 17, labelKey: "nav.learning", url: LearningURL.modules, audience: .signedIn),
                SiteLink(
                    place: .dashboard, position: 18, labelKey: "learning.progress_title", url: LearningURL.progress, audience: .signedIn),
            ],
            setUp: { app in
                let folder = app.directory.resourcesDirectory + "Data/learning/modules/"
                let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
                app.learningModules = try LearningCatalogue.load(
                    files: names.map { name in
                        (
                            String(name.dropLast(5)),
                            String(decoding: FileManager.default.contents(atPath: folder + name) ?? Data(), as: UTF8.self)
                        )
                    })
                let selfTest = app.directory.resourcesDirectory + "Data/learning/selftest.yaml"
                app.selfTest = try SelfTest.load(
                    yaml: String(decoding: FileManager.default.contents(atPath: selfTest) ?? Data(), as: UTF8.self), file: selfTest)
            })
    }
}

extension Application {
    private struct LearningCatalogueKey: StorageKey { typealias Value = LearningCatalogue }
    private struct SelfTestKey: StorageKey { typealias Value = SelfTest }

    /// The statements of `Resources/Data/learning/selftest.yaml`, read at start-up.
    var selfTest: SelfTest {
        get {
            guard let test = storage[SelfTestKey.self] else { fatalError("the learning capability reads the self-test") }
            return test
        }
        set { storage[SelfTestKey.self] = newValue }
    }

    /// The modules of `Resources/Data/learning/modules/`, read at start-up: a wrong file stops it.
    var learningModules: LearningCatalogue {
        get {
            guard let modules = storage[LearningCatalogueKey.self] else { fatalError("the learning capability reads the modules") }
            return modules
        }
        set { storage[LearningCatalogueKey.self] = newValue }
    }
}
