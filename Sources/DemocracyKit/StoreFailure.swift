/// Why a store did not do what was asked: the one failure type of every store and domain rule. A form catches
/// `.fields` to show itself again with the person's input; everything else becomes a page in one place
/// (`ErrorPageMiddleware`). Each message is a key into the interface strings.
public enum StoreFailure: Error, Equatable, Sendable {
    /// The input is wrong; each error names its field.
    case fields([FieldError])
    /// The thing is in a state that does not allow this any more (already decided, no longer in concept).
    case conflict(String)
    /// There is no such thing, or not for this municipality.
    case notFound(String)
    /// This person may not do this.
    case notAllowed(String)
}
