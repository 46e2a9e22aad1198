import Foundation

/// The kinds of email a person can turn off. Messages a person waits for (an activation or password link, an
/// invitation to a questionnaire, a decision on their sign-up) are not topics: they always go.
public enum MailTopic: String, CaseIterable, Codable, Sendable {
    /// The weekly overview.
    case digest
    /// A scan of one's municipality opened, or its report shared.
    case scanNews
    /// A municipality signed up (programme staff).
    case signupNews
    /// A request for an offer was made or changed, or an improvement agenda sent: for programme staff, and for the
    /// municipality's coordinators and facilitators.
    case requestNews
    /// An experience was sent for review (programme staff), or published or sent back (the municipality's
    /// coordinators and facilitators).
    case experienceNews

    /// The topics that concern someone with these memberships, in the order the preferences page lists them.
    public static func topics(for memberships: [Membership]) -> [MailTopic] {
        let staff = memberships.contains { $0.role == .programma }
        let municipal = memberships.contains { $0.role.isMunicipal }
        return allCases.filter {
            switch $0 {
            case .digest: staff || memberships.contains { $0.role == .trekker || $0.role == .begeleider }
            case .scanNews: municipal
            case .signupNews: staff
            case .requestNews: staff || memberships.contains { $0.role == .trekker || $0.role == .begeleider }
            case .experienceNews: staff || memberships.contains { $0.role == .trekker || $0.role == .begeleider }
            }
        }
    }
}

/// When the weekly overview goes out: on Monday from 08:00, Dutch time, once per week. A server that was down the
/// whole Monday skips that week rather than sending last week's news days late.
public enum DigestSchedule {
    /// The week `now` falls in, named by its Monday (yyyy-MM-dd), with the moment its overview is due.
    public static func week(containing now: Date) -> (key: String, dueAt: Date) {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .current
        let monday = calendar.dateInterval(of: .weekOfYear, for: now)?.start ?? now
        let due = calendar.date(bySettingHour: 8, minute: 0, second: 0, of: monday) ?? monday
        return (Format.day(monday), due)
    }

    /// The key of the week whose overview should go out now: from Monday 08:00 for a day; else nil.
    public static func due(at now: Date) -> String? {
        let week = week(containing: now)
        return now >= week.dueAt && now < week.dueAt.addingTimeInterval(24 * 3600) ? week.key : nil
    }
}
