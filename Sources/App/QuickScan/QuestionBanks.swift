import DemocracyKit
import Foundation
import Vapor

/// Every version of the question bank in `Resources/Data/quickscan/`. New scans use the newest; a scan keeps
/// the version it was opened with. The files in `changes/` say how one version's statements relate to the next's,
/// and are checked against both banks at start-up.
struct QuestionBanks: Sendable {
    let byVersion: [String: QuestionBank]
    let current: QuestionBank

    /// Every bank: municipalities on different versions are compared on the statements all of them share
    /// (`ScanData.restricted(toStatementsOf:)`).
    var all: [QuestionBank] { Array(byVersion.values) }

    /// The versions the shared statements are taken over, as kept with the totals.
    var sharedBasis: String {
        byVersion.keys.sorted { $0.compare($1, options: .numeric) == .orderedAscending }.joined(separator: "+")
    }

    /// Reads every bank; a wrong file stops start-up with its name and line.
    static func load(directory: String) throws -> QuestionBanks {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var banks: [String: QuestionBank] = [:]
        for file in files {
            let path = directory + file
            let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
            let bank = try QuestionBank.load(yaml: text, file: path)
            banks[bank.version] = bank
        }
        guard let newest = banks.keys.max(by: { $0.compare($1, options: .numeric) == .orderedAscending }) else {
            throw QuestionBank.LoadError(file: directory, line: nil, reason: "no question bank (*.yaml) found")
        }
        let changesDirectory = directory + "changes/"
        let changeFiles = ((try? FileManager.default.contentsOfDirectory(atPath: changesDirectory)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
        for file in changeFiles {
            let path = changesDirectory + file
            let changes = try BankChanges.load(
                yaml: String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self), file: path)
            guard let old = banks[changes.from], let new = banks[changes.to] else {
                throw QuestionBank.LoadError(
                    file: path, line: nil, reason: "names a bank that is not there: \(changes.from) → \(changes.to)")
            }
            if let problem = changes.problems(old: old, new: new).first {
                throw QuestionBank.LoadError(file: path, line: nil, reason: problem)
            }
        }
        return QuestionBanks(byVersion: banks, current: banks[newest]!)
    }

    func bank(_ version: String) throws -> QuestionBank {
        guard let bank = byVersion[version] else {
            throw Abort(.internalServerError, reason: "Question bank version \(version) is missing from Resources/Data/quickscan")
        }
        return bank
    }
}

extension Application {
    private struct QuestionBanksKey: StorageKey { typealias Value = QuestionBanks }

    var questionBanks: QuestionBanks {
        get {
            guard let banks = storage[QuestionBanksKey.self] else { fatalError("configure(_:config:) has not loaded the question banks") }
            return banks
        }
        set { storage[QuestionBanksKey.self] = newValue }
    }
}
