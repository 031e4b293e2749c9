/// Why a legacy row was not written: the column at fault and a reason a person can act on.
public struct Rejection: Error, Sendable, Equatable {
    public var column: String
    public var reason: String

    public init(_ column: String, _ reason: String) {
        self.column = column
        self.reason = reason
    }

    /// The reject file's grouping key: reasons without the offending value.
    public var kind: String { "\(column): \(reason)" }
}
