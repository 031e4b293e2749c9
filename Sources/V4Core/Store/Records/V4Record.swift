import V4Contract
import GRDB

/// A row of one of the unified schema's tables, as GRDB's record guide recommends: a `Codable`
/// struct whose `CodingKeys` name the columns (snake_case, as the V4 data models spell them) and
/// double as the column expressions queries use (`typealias Columns = CodingKeys`), so each
/// column is written once.
public protocol V4Record: Codable, FetchableRecord, MutablePersistableRecord, Sendable {}
