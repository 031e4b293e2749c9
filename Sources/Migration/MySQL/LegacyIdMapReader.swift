#if MySQL
/// Reads what the bridge needs of a merge's id map from the V4 database (`serve --legacy-ids`):
/// every `legacy_id_map` row, and the legacy upload id of each migrated receipt.
public enum LegacyIdMapReader {
    public struct Rows: Sendable {
        public var ids: [(table: String, legacyId: Int64, v4Id: Int64)] = []
        public var uploads: [(v4Id: Int64, uploadId: String)] = []
    }

    public static func read(_ location: MySQLLocation) throws -> Rows {
        let connection = try MySQLConnection(location)
        var rows = Rows()
        try connection.stream("""
            SELECT table_name, legacy_id, v4_id FROM legacy_id_map
            WHERE table_name IN ('users', 'products', 'image_resources', 'points_records')
            """) { _, row in
            guard let table = row[0].text, let legacy = row[1].integer, let v4 = row[2].integer else { return }
            rows.ids.append((table, legacy, v4))
        }
        try connection.stream("""
            SELECT m.v4_id, JSON_VALUE(e.extras, '$.upload_id') FROM legacy_id_map m
            JOIN legacy_extras e ON e.table_name = m.table_name AND e.legacy_id = m.legacy_id
            WHERE m.table_name = 'image_resources'
            """) { _, row in
            if let v4 = row[0].integer, let upload = row[1].text { rows.uploads.append((v4, upload)) }
        }
        return rows
    }
}
#endif
