import Foundation

/// A person's best result on one lesson's quiz.
public struct LessonResult: Sendable, Equatable {
    public let lesson: Int
    public let best: Int
    public let questions: Int

    public init(lesson: Int, best: Int, questions: Int) {
        self.lesson = lesson
        self.best = best
        self.questions = questions
    }

    /// A lesson is done once its quiz was answered entirely right; trying again is always allowed.
    public var isDone: Bool { questions > 0 && best >= questions }
}

/// Where a person stands in a module (docs/learning.md).
public struct ModuleProgress: Sendable, Equatable {
    public let module: LearningModule
    public let results: [LessonResult]

    public init(module: LearningModule, results: [LessonResult]) {
        self.module = module
        self.results = results
    }

    public func result(of lesson: Int) -> LessonResult? { results.first { $0.lesson == lesson } }

    /// Lessons done, of all the module's lessons.
    public var done: Int { (1...max(1, module.lessons.count)).filter { result(of: $0)?.isDone == true }.count }

    /// Complete when every lesson is done: then the person earns the certificate.
    public var isComplete: Bool { !module.lessons.isEmpty && done == module.lessons.count }

    /// The best result after an attempt, kept from before when that was better.
    public static func best(_ previous: LessonResult?, after attempt: QuizAttempt, lesson: Int) -> LessonResult {
        LessonResult(lesson: lesson, best: max(previous?.best ?? 0, attempt.correct), questions: attempt.results.count)
    }
}
