import BridgeKit
#if MySQL

extension MySQLConnection {
    /// The checkpoints a query returns as `(name, source, progress JSON)` rows, by table; throws
    /// when one was written for another source (both MySQL targets keep theirs this way).
    func checkpoints(_ sql: String, source: String) throws -> [LegacyTable: TableProgress] {
        var progress: [LegacyTable: TableProgress] = [:]
        var failure: (any Error)?
        try stream(sql) { _, row in
            let recorded = row[1].text ?? ""
            guard recorded == source else {
                failure = MigrationTargetError.otherSource(recorded: recorded, requested: source)
                return
            }
            do {
                let state = try JSONDecoder().decode(TableProgress.self, from: Data((row[2].text ?? "").utf8))
                progress[state.table] = state
            } catch { failure = error }
        }
        if let failure { throw failure }
        return progress
    }
}
#endif
