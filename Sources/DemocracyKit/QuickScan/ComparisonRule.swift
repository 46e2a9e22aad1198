/// When the comparison with other municipalities may show a figure, so that no figure, nor the difference between
/// two figures a municipality can see, tells one other municipality's scores.
///
/// Three ways to find one municipality's score, and what stops each:
/// 1. A mean of very few: a group's mean is shown only from `ReportRules.minimumComparisonMunicipalities` (5).
/// 2. Two versions of a mean: read the class mean of 6 before and 7 after one more municipality closed, and the
///    difference gives that municipality's total. So a group's published figures change only once at least 5 of
///    its members have joined or changed since the last publication: any difference spans 5 or more of them.
/// 3. National minus size class: the mean of the municipalities outside the class follows from both figures. So
///    the class figure is left out while 1 to 4 municipalities are outside it.
public enum ComparisonRule {
    /// Members that must join or change before a group's figures are published again.
    public static let changesBeforeRepublishing = 5

    /// Whether a group's figures are (re)published now: it has enough members, and it was never published or
    /// enough of them changed since.
    public static func publishes(members: Int, changesSincePublished: Int, published: Bool) -> Bool {
        members >= ReportRules.minimumComparisonMunicipalities && (!published || changesSincePublished >= changesBeforeRepublishing)
    }

    /// Whether the size-class figure may stand beside the national one: the municipalities outside the class are
    /// none (the two are the same) or at least the minimum.
    public static func showsSizeClass(nationalMembers: Int, sizeClassMembers: Int) -> Bool {
        let outside = nationalMembers - sizeClassMembers
        return outside == 0 || outside >= ReportRules.minimumComparisonMunicipalities
    }
}
