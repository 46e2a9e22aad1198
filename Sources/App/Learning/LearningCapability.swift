import DemocracyKit
import Vapor

extension Capability {
    /// The learning platform for council members: modules of lessons with a quiz each, read from
    /// `Resources/Data/learning/modules/` at start-up, the competence self-test, progress and certificates, and per
    /// municipality the griffier's totals and the persoonlijk opleidingsbudget.
    static var learning: Capability {
        Capability(
            routes: [LearningController(), SelfTestController(), CouncilLearningController(), ModuleEditController()],
            migrations: [CreateSelfTestResult(), CreateLearningProgress(), CreateEducationBudget(), CreateLearningModuleVersions()],
            urls: LearningURL.routes.map(\.path) + CouncilLearningURL.routes.map(\.path),
            links: [
                SiteLink(place: .footer, position: 4, labelKey: "nav.learning", url: LearningURL.modules, audience: .everyone),
                SiteLink(place: .dashboard, position: 17, labelKey: "nav.learning", url: LearningURL.modules, audience: .signedIn),
                SiteLink(
                    place: .dashboard, position: 18, labelKey: "learning.progress_title", url: LearningURL.progress, audience: .signedIn),
            ],
            referenceData: { app in try await LearningSearch.indexChanged(app: app) },
            setUp: { app in
                app.learningPages = MemoryCache(capacity: 400)
                let folder = app.directory.resourcesDirectory + "Data/learning/modules/"
                let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
                app.learningLibrary = LearningLibrary(
                    shipped: try LearningCatalogue.load(
                        files: names.map { name in
                            (
                                String(name.dropLast(5)),
                                String(decoding: FileManager.default.contents(atPath: folder + name) ?? Data(), as: UTF8.self)
                            )
                        }))
                let selfTest = app.directory.resourcesDirectory + "Data/learning/selftest.yaml"
                app.selfTest = try SelfTest.load(
                    yaml: String(decoding: FileManager.default.contents(atPath: selfTest) ?? Data(), as: UTF8.self), file: selfTest)
            })
    }
}

extension Application {
    private struct LearningLibraryKey: StorageKey { typealias Value = LearningLibrary }
    private struct SelfTestKey: StorageKey { typealias Value = SelfTest }
    private struct LearningPagesKey: StorageKey { typealias Value = MemoryCache<String, ByteBuffer> }

    /// The statements of `Resources/Data/learning/selftest.yaml`, read at start-up.
    var selfTest: SelfTest {
        get {
            guard let test = storage[SelfTestKey.self] else { fatalError("the learning capability reads the self-test") }
            return test
        }
        set { storage[SelfTestKey.self] = newValue }
    }

    /// The modules of `Resources/Data/learning/modules/`, read at start-up (a wrong file stops it), with the edits
    /// programme staff saved.
    var learningLibrary: LearningLibrary {
        get {
            guard let library = storage[LearningLibraryKey.self] else { fatalError("the learning capability reads the modules") }
            return library
        }
        set { storage[LearningLibraryKey.self] = newValue }
    }

    /// The modules as last read, edits included; pages ask `Request.learningModules()`, which reads new edits first.
    var learningModules: LearningCatalogue { learningLibrary.catalogue }

    /// The module and lesson pages as visitors see them, per module version (`renderSharedWithVisitors`).
    var learningPages: MemoryCache<String, ByteBuffer> {
        get {
            guard let cache = storage[LearningPagesKey.self] else { fatalError("the learning capability makes the cache") }
            return cache
        }
        set { storage[LearningPagesKey.self] = newValue }
    }
}
