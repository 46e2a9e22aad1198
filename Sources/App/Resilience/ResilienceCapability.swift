import DemocracyKit
import Vapor

extension Capability {
    /// Weerbaar bestuur (focus area 7): the basisscan integriteit as a confidential case file, read from
    /// `Resources/Data/resilience/basisscan.yaml` at start-up.
    static var resilience: Capability {
        Capability(
            routes: [IntegrityCaseController()],
            migrations: [CreateIntegrityCases(), CreateIntegrityCaseDocuments(), UpdateIntegrityCasesAddSharing()],
            urls: ResilienceURL.routes.map(\.path),
            codeAuthorizedPaths: [ResilienceURL.candidatePrefix],
            setUp: { app in
                let file = app.directory.resourcesDirectory + "Data/resilience/basisscan.yaml"
                app.integrityQuestionnaire = try IntegrityQuestionnaire.load(
                    yaml: String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self))
            })
    }
}

extension Application {
    private struct IntegrityQuestionnaireKey: StorageKey { typealias Value = IntegrityQuestionnaire }

    /// The candidate's questionnaire of the basisscan integriteit, read at start-up.
    var integrityQuestionnaire: IntegrityQuestionnaire {
        get {
            guard let questionnaire = storage[IntegrityQuestionnaireKey.self] else { fatalError("the resilience capability reads it") }
            return questionnaire
        }
        set { storage[IntegrityQuestionnaireKey.self] = newValue }
    }
}
