#if MySQL
import BridgeKit
import MariaDB

/// Write replays across instances (`bridge_replays`): a row per write key, `running` while an
/// instance runs it (its lease: the replay window), `done` with the first answer afterwards.
extension MySQLBridgeStore: SharedReplays {
    public func claim(_ key: String, instance: String, lease: Duration, now: Date) throws -> SharedReplayClaim {
        let nowMs = Self.milliseconds(now)
        let expires = nowMs + Int64(lease.components.seconds) * 1000
        return try pool.withConnection { connection in
            let quotedKey = connection.quoted(key)
            for _ in 0..<3 {
                try connection.execute("""
                    INSERT IGNORE INTO bridge_replays (replay_key, state, instance, expires_ms)
                    VALUES (\(quotedKey), 'running', \(connection.quoted(instance)), \(expires))
                    """)
                if connection.affectedRows == 1 { return .claimed }
                guard let row = try connection.rows("SELECT state, answer, expires_ms FROM bridge_replays WHERE replay_key = \(quotedKey)").first else {
                    continue  // dropped meanwhile (a refusal): claim again
                }
                let rowExpires = row["expires_ms"]?.integer ?? 0
                if rowExpires > nowMs {
                    if row["state"]?.text == "done", case .bytes(let bytes)? = row["answer"], let answer = LegacyAnswer(stored: bytes) {
                        return .done(answer)
                    }
                    return .running
                }
                // Expired: take it over, unless another instance just did.
                try connection.execute("""
                    UPDATE bridge_replays SET state = 'running', instance = \(connection.quoted(instance)), answer = NULL, expires_ms = \(expires)
                    WHERE replay_key = \(quotedKey) AND expires_ms = \(rowExpires)
                    """)
                if connection.affectedRows == 1 { return .claimed }
            }
            return .running
        }
    }

    public func finish(_ key: String, answer: LegacyAnswer?, window: Duration, now: Date) throws {
        try pool.withConnection { connection in
            let quotedKey = connection.quoted(key)
            guard let answer else {
                try connection.execute("DELETE FROM bridge_replays WHERE replay_key = \(quotedKey) AND state = 'running'")
                return
            }
            let expires = Self.milliseconds(now) + Int64(window.components.seconds) * 1000
            try connection.execute("""
                INSERT INTO bridge_replays (replay_key, state, instance, answer, expires_ms)
                VALUES (\(quotedKey), 'done', '', \(MariaDBConnection.hexLiteral(answer.stored)), \(expires))
                ON DUPLICATE KEY UPDATE state = 'done', answer = VALUES(answer), expires_ms = VALUES(expires_ms)
                """)
            // Trimmed as it goes: expired records older than a minute, a bounded batch at a time.
            try connection.execute("DELETE FROM bridge_replays WHERE expires_ms < \(Self.milliseconds(now) - 60_000) LIMIT 100")
        }
    }

    public func kept(_ key: String, now: Date) throws -> LegacyAnswer? {
        try pool.withConnection { connection in
            let rows = try connection.rows("""
                SELECT answer FROM bridge_replays
                WHERE replay_key = \(connection.quoted(key)) AND state = 'done' AND expires_ms > \(Self.milliseconds(now))
                """)
            guard case .bytes(let bytes)? = rows.first?["answer"] else { return nil }
            return LegacyAnswer(stored: bytes)
        }
    }
}
#endif
