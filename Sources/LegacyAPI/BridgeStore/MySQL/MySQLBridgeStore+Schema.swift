#if MySQL
import BridgeKit
import MariaDB

extension MySQLBridgeStore {
    /// The store's schema on MariaDB/MySQL, one value per version, applied in order under a
    /// named lock (instances starting together apply each once). Times are UTC milliseconds.
    static let migrations: [(name: String, statements: [String])] = [
        ("v1 profiles and files", [
            """
            CREATE TABLE bridge_profiles (
              user_id    BIGINT PRIMARY KEY,          -- V4's users.user_id
              nickname   VARCHAR(191),
              avatar     VARCHAR(1024),               -- /files/bridge/… or a URL the client gave
              updated_ms BIGINT NOT NULL
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """,
            """
            CREATE TABLE bridge_files (
              file_key     VARCHAR(191) PRIMARY KEY,  -- bridge/avatars/<sha256>.<ext>
              content_type VARCHAR(100) NOT NULL,
              bytes        LONGBLOB NOT NULL,
              created_ms   BIGINT NOT NULL
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """,
        ]),
        ("v2 exchange deliveries", [
            """
            CREATE TABLE bridge_exchange_deliveries (
              exchange_id BIGINT PRIMARY KEY,         -- V4's exchange_records.exchange_id
              delivery    TEXT NOT NULL,              -- JSON: {recipient_name, phone, address, postal_code}
              created_ms  BIGINT NOT NULL
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """,
        ]),
        ("v3 merchant applications", [
            """
            CREATE TABLE bridge_merchant_applications (
              application_id   BIGINT AUTO_INCREMENT PRIMARY KEY,
              user_id          BIGINT NOT NULL,       -- V4's users.user_id
              business_name    VARCHAR(191) NOT NULL,
              business_license VARCHAR(191),
              contact_person   VARCHAR(191) NOT NULL,
              contact_phone    VARCHAR(32) NOT NULL,
              business_address VARCHAR(512),
              reason           TEXT,
              status           VARCHAR(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
              applied_ms       BIGINT NOT NULL,
              decided_ms       BIGINT,
              KEY bridge_merchant_applications_user (user_id, status)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """,
        ]),
        ("v4 replays and events", [
            // A write's first answer, for its repeats on any instance ("A retried draw sent to A
            // then B is charged once"): `running` while one instance runs it, then `done`.
            """
            CREATE TABLE bridge_replays (
              replay_key CHAR(64) PRIMARY KEY,        -- ReplayStore.key: caller, route, input or Idempotency-Key
              state      VARCHAR(8) NOT NULL CHECK (state IN ('running', 'done')),
              instance   VARCHAR(64) NOT NULL,
              answer     LONGBLOB,
              expires_ms BIGINT NOT NULL,
              KEY bridge_replays_expiry (expires_ms)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """,
            // Raised events, read by every instance (its sockets' pushes) and trimmed.
            """
            CREATE TABLE bridge_events (
              event_id   BIGINT AUTO_INCREMENT PRIMARY KEY,
              instance   VARCHAR(64) NOT NULL,
              body       MEDIUMTEXT NOT NULL,          -- the V4Event as JSON
              created_ms BIGINT NOT NULL,
              KEY bridge_events_created (created_ms)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """,
        ]),
        ("v5 review top-ups", [
            """
            CREATE TABLE bridge_review_top_ups (
              resource_id BIGINT PRIMARY KEY,         -- V4's image_resources id
              user_id     BIGINT NOT NULL,
              points      INT NOT NULL,               -- the legacy rule's points minus V4's award
              state       VARCHAR(8) NOT NULL DEFAULT 'claimed' CHECK (state IN ('claimed', 'posted', 'refused', 'unknown')),
              claimed_ms  BIGINT NOT NULL,
              settled_ms  BIGINT
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """,
        ]),
        ("v6 uploads", [
            """
            CREATE TABLE bridge_uploads (
              resource_id  BIGINT PRIMARY KEY,        -- V4's image_resources id
              upload_id    VARCHAR(100) NOT NULL,     -- upload_<user>_<unix>_<6 chars>
              amount_cents INT,                       -- what the client typed, in fen
              created_ms   BIGINT NOT NULL,
              UNIQUE KEY bridge_uploads_upload_id (upload_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """,
        ]),
    ]

    /// Applies the versions not applied yet.
    static func migrate(_ pool: MariaDBPool) throws {
        try pool.withConnection { connection in
            guard try connection.integer("SELECT GET_LOCK('legacy_bridge_store_migrations', 60)") == 1 else {
                throw MariaDBError.database("another instance holds the bridge store's migration lock for over 60 s")
            }
            defer { _ = try? connection.integer("SELECT RELEASE_LOCK('legacy_bridge_store_migrations')") }
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS bridge_schema_versions (
                  name       VARCHAR(191) PRIMARY KEY,
                  applied_ms BIGINT NOT NULL
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
                """)
            var applied = Set<String>()
            try connection.stream("SELECT name FROM bridge_schema_versions") { _, row in
                if let name = row.first?.text { applied.insert(name) }
            }
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements { try connection.execute(statement) }
                try connection.execute(
                    "INSERT INTO bridge_schema_versions (name, applied_ms) VALUES (\(connection.quoted(migration.name)), \(Self.milliseconds(Date())))")
            }
        }
    }
}
#endif
