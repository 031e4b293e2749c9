/// Legacy ids → V4 ids and back, for rows the migrator merged into a V4 database that gave
/// them new ids (`legacy_id_map`, Docs/migration.md "Into a live V4 database"). The bridge
/// shows a migrated row under its legacy id, and resolves a legacy id an old client cached to
/// the row's V4 id, so a v2.1 client's history and links keep working after the cut-over.
///
/// On the way in a mapped legacy id wins: an id a client sends that is a migrated row's legacy
/// id means that row, even when V4 also has a row with that number (a client can only have
/// cached it from the legacy system or from the bridge, which showed the row under it).
public struct LegacyIdMap: Sendable {
    /// The tables the map covers, by the migrator's names.
    public enum Table: String, Sendable, CaseIterable {
        case users
        case products
        case uploads = "image_resources"
        case points = "points_records"
    }

    private var toV4: [Table: [Int64: Int64]] = [:]
    private var toLegacy: [Table: [Int64: Int64]] = [:]
    /// V4 resource id → the legacy upload id (`upload_…`) kept in the migrator's extras.
    private var uploadIds: [Int64: String] = [:]
    private var uploadsByLegacyId: [String: Int64] = [:]

    public init() {}

    /// `rows` as `legacy_id_map` holds them (tables the bridge does not use are skipped);
    /// `uploads` pairs a V4 resource id with its legacy upload id.
    public init(rows: [(table: String, legacyId: Int64, v4Id: Int64)], uploads: [(v4Id: Int64, uploadId: String)] = []) {
        for row in rows {
            guard let table = Table(rawValue: row.table) else { continue }
            toV4[table, default: [:]][row.legacyId] = row.v4Id
            toLegacy[table, default: [:]][row.v4Id] = row.legacyId
        }
        for upload in uploads {
            uploadIds[upload.v4Id] = upload.uploadId
            uploadsByLegacyId[upload.uploadId] = upload.v4Id
        }
    }

    public var count: Int { toV4.values.reduce(0) { $0 + $1.count } }
    public var isEmpty: Bool { count == 0 }

    /// The V4 id of a legacy id, or the id itself when it is not a migrated row's.
    public func v4(_ table: Table, _ id: Int64) -> Int64 { toV4[table]?[id] ?? id }
    /// The legacy id of a V4 row, or the V4 id when the row was not migrated.
    public func legacy(_ table: Table, _ id: Int64) -> Int64 { toLegacy[table]?[id] ?? id }

    /// A path id a client sent (a number, or a legacy upload id) as V4's resource id text.
    public func v4Upload(_ id: String) -> String {
        if let number = Int64(id) { return String(v4(.uploads, number)) }
        return uploadsByLegacyId[id].map(String.init) ?? id
    }

    public func legacyUploadId(v4 resource: Int64) -> String? { uploadIds[resource] }
}
