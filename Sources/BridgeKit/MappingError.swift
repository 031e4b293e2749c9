/// A mapping file that cannot be used; start-up stops with this message.
@PublicInit
public struct MappingError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var reason: String

    public var description: String { "\(file):\(line):\(column): \(reason)" }
}
