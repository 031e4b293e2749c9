import V4Contract
import GRDB

/// Records whose Swift properties are camelCase and whose columns are the snake_case names of
/// the V4 data models.
public protocol SnakeCaseRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {}

extension SnakeCaseRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}
