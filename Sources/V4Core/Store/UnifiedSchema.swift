import BridgeKit
import V4Contract
import GRDB

/// The unified V4 schema, as append-only GRDB migrations.
///
/// Field names follow the V4 data models; columns the V4 docs do not have but the legacy data
/// needs are marked `-- ext` and listed in Docs/schema.md. A released migration is never
/// edited: later changes are new migrations appended to `migrator`.
public enum UnifiedSchema {
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-unified-schema") { db in
            try createIdentity(db)
            try createPoints(db)
            try createLottery(db)
            try createExchange(db)
            try createPhoto(db)
            try createAuthState(db)
        }
        migrator.registerMigration("v1-system-roles") { db in
            let now = Date()
            for (name, level, display) in [("user", 0, "普通用户"), ("merchant", 50, "商家"), ("admin", 100, "超级管理员")] {
                try db.execute(
                    sql: """
                        INSERT INTO roles (role_uuid, role_name, role_level, display_name, permissions, is_active,
                                           is_system, created_at, updated_at)
                        VALUES (?, ?, ?, ?, '[]', 1, 1, ?, ?)
                        """,
                    arguments: [UUID().uuidString.lowercased(), name, level, display, now, now])
            }
        }
        // The draw's daily-limit count filters on campaign too: answered from the index alone.
        migrator.registerMigration("v2-draws-by-user-campaign-day") { db in
            try db.execute(
                sql: "CREATE INDEX idx_lottery_draws_user_campaign ON lottery_draw_records(user_id, campaign_id, created_at)")
        }
        // Exchange orders get the legacy lifecycle (processing, shipped, delivered) and what a
        // legacy order carries; products say whether they ship. SQLite cannot widen a CHECK in
        // place, so the table is rebuilt (no table references it).
        migrator.registerMigration("v3-exchange-lifecycle") { db in
            try db.execute(sql: """
                ALTER TABLE products ADD COLUMN delivery_type TEXT NOT NULL DEFAULT 'physical'
                  CHECK (delivery_type IN ('virtual','physical'));                 -- ext
                CREATE TABLE exchange_records_v3 (
                  exchange_id        INTEGER PRIMARY KEY AUTOINCREMENT,
                  order_code         TEXT UNIQUE,               -- ext: legacy order id such as EX20250703001
                  user_id            INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
                  product_id         INTEGER NOT NULL REFERENCES products(product_id),
                  product_name       TEXT NOT NULL,
                  quantity           INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
                  points_cost        INTEGER NOT NULL,          -- total: unit_points × quantity
                  status             TEXT NOT NULL DEFAULT 'pending'
                                     CHECK (status IN ('pending','processing','shipped','delivered','completed','cancelled')),
                  tracking_number    TEXT,
                  delivery_info      TEXT,                      -- ext: JSON, legacy delivery_info / user_address
                  created_at         DATETIME NOT NULL,
                  completed_at       DATETIME,
                  legacy_extras      TEXT,
                  unit_points        INTEGER,                   -- ext
                  exchange_code      TEXT,                      -- ext: D0 exchange_code
                  remark             TEXT,                      -- ext: D0 remark
                  admin_notes        TEXT,                      -- ext: [B] admin status notes
                  delivery_type      TEXT NOT NULL DEFAULT 'physical' CHECK (delivery_type IN ('virtual','physical')), -- ext
                  inventory_id       INTEGER,                   -- ext: the user_inventories row the order created
                  updated_at         DATETIME,                  -- ext
                  processed_at       DATETIME,                  -- ext
                  shipped_at         DATETIME,                  -- ext
                  delivered_at       DATETIME,                  -- ext
                  cancelled_at       DATETIME,                  -- ext
                  estimated_delivery DATETIME                   -- ext
                );
                INSERT INTO exchange_records_v3 (exchange_id, order_code, user_id, product_id, product_name, quantity,
                    points_cost, status, tracking_number, delivery_info, created_at, completed_at, legacy_extras,
                    unit_points, updated_at)
                  SELECT exchange_id, order_code, user_id, product_id, product_name, quantity, points_cost, status,
                    tracking_number, delivery_info, created_at, completed_at, legacy_extras, points_cost / quantity,
                    COALESCE(completed_at, created_at)
                  FROM exchange_records;
                DROP TABLE exchange_records;
                ALTER TABLE exchange_records_v3 RENAME TO exchange_records;
                CREATE INDEX idx_exchange_records_user ON exchange_records(user_id, created_at);
                CREATE INDEX idx_exchange_records_status ON exchange_records(status, created_at);
                CREATE INDEX idx_user_inventories_reference ON user_inventories(source_type, reference_id);
                """)
        }
        // Receipt uploads stored by the core, and the merchant role's applications.
        migrator.registerMigration("v4-uploads-and-merchants") { db in
            try db.execute(sql: """
                ALTER TABLE image_resources ADD COLUMN width INTEGER;        -- ext: pixels, from the image header
                ALTER TABLE image_resources ADD COLUMN height INTEGER;       -- ext
                ALTER TABLE image_resources ADD COLUMN storage_key TEXT;     -- ext: object-store key of the bytes
                ALTER TABLE image_resources ADD COLUMN content_type TEXT;    -- ext: sniffed, not declared
                ALTER TABLE image_resources ADD COLUMN review_note TEXT;     -- ext: the reviewer's remark on an approval
                CREATE INDEX idx_image_resources_reviewed ON image_resources(reviewed_at);
                CREATE TABLE merchant_applications (                         -- ext: V4 has no merchant role
                  application_id   INTEGER PRIMARY KEY AUTOINCREMENT,
                  user_id          INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
                  business_name    TEXT NOT NULL,
                  business_license TEXT,
                  contact_person   TEXT NOT NULL,
                  contact_phone    TEXT NOT NULL,
                  business_address TEXT,
                  reason           TEXT,
                  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
                  applied_at       DATETIME NOT NULL,
                  decided_at       DATETIME,
                  decided_by       INTEGER
                );
                CREATE INDEX idx_merchant_applications_user ON merchant_applications(user_id, status);
                """)
        }
        // [B]'s announcements ([B] documents the routes, not the table; columns follow its answers).
        migrator.registerMigration("v5-announcements") { db in
            try db.execute(sql: """
                CREATE TABLE announcements (
                  announcement_id INTEGER PRIMARY KEY AUTOINCREMENT,
                  title           TEXT NOT NULL,
                  content         TEXT NOT NULL,
                  is_important    BOOLEAN NOT NULL DEFAULT 0,
                  status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),
                  admin_id        INTEGER,
                  message_type    TEXT NOT NULL DEFAULT 'info',   -- ext: D1-B system_message
                  action_type     TEXT NOT NULL DEFAULT 'none',   -- ext
                  action_target   TEXT,                           -- ext
                  user_id         INTEGER,                        -- ext: one recipient, else everyone
                  published_at    DATETIME NOT NULL,
                  created_at      DATETIME NOT NULL
                );
                CREATE INDEX idx_announcements_published ON announcements(status, published_at);
                """)
        }
        // Refresh rotation that keeps a D0 client logged in (AuthSessionRecord, Docs/compatibility.md A11).
        migrator.registerMigration("v6-refresh-predecessor") { db in
            try db.execute(sql: "ALTER TABLE auth_sessions ADD COLUMN previous_refresh_jti TEXT")
        }
        // The daily draw counter (LotteryUserStateRecord): rows start with no day, so the first
        // draw of each user recounts from lottery_draw_records.
        migrator.registerMigration("v7-daily-draw-counter") { db in
            try db.execute(sql: """
                ALTER TABLE lottery_user_states ADD COLUMN draws_day TEXT;
                ALTER TABLE lottery_user_states ADD COLUMN draws_today INTEGER NOT NULL DEFAULT 0;
                """)
        }
        // Who changed a campaign's status, cost or a prize's weight, when, from what to what
        // (extension: `admin/lottery/campaigns/:campaignId/config` and `/status` write it in
        // the change's own transaction).
        migrator.registerMigration("v8-lottery-config-changes") { db in
            try db.execute(sql: """
                CREATE TABLE lottery_config_changes (
                  change_id   INTEGER PRIMARY KEY AUTOINCREMENT,
                  campaign_id INTEGER NOT NULL REFERENCES lottery_campaigns(campaign_id) ON DELETE CASCADE,
                  prize_id    INTEGER REFERENCES lottery_prizes(prize_id) ON DELETE CASCADE,
                  field       TEXT NOT NULL CHECK (field IN ('status','draw_cost','win_probability')),
                  old_value   TEXT NOT NULL,
                  new_value   TEXT NOT NULL,
                  admin_id    INTEGER NOT NULL,
                  reason      TEXT,
                  changed_at  DATETIME NOT NULL
                );
                CREATE INDEX idx_lottery_config_changes_campaign ON lottery_config_changes(campaign_id, changed_at);
                """)
        }
        return migrator
    }

    private static func createIdentity(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE users (
              user_id                INTEGER PRIMARY KEY AUTOINCREMENT,
              mobile                 TEXT NOT NULL UNIQUE,
              nickname               TEXT,
              status                 TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),
              consecutive_fail_count INTEGER NOT NULL DEFAULT 0,
              history_total_points   INTEGER NOT NULL DEFAULT 0,
              created_at             DATETIME NOT NULL,
              last_login             DATETIME,
              login_count            INTEGER NOT NULL DEFAULT 0,
              avatar_url             TEXT,            -- ext: legacy users.avatar
              updated_at             DATETIME,        -- ext: legacy users.updated_at
              legacy_extras          TEXT             -- ext: JSON, legacy columns with no V4 home
            );
            CREATE TABLE roles (
              role_id      INTEGER PRIMARY KEY AUTOINCREMENT,
              role_uuid    TEXT NOT NULL UNIQUE,
              role_name    TEXT NOT NULL UNIQUE,
              role_level   INTEGER NOT NULL DEFAULT 0,
              display_name TEXT,
              description  TEXT,
              permissions  TEXT NOT NULL DEFAULT '[]',
              is_active    BOOLEAN NOT NULL DEFAULT 1,
              is_system    BOOLEAN NOT NULL DEFAULT 0,
              created_at   DATETIME NOT NULL,
              updated_at   DATETIME NOT NULL
            );
            CREATE TABLE user_roles (
              user_id     INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
              role_id     INTEGER NOT NULL REFERENCES roles(role_id) ON DELETE CASCADE,
              is_active   BOOLEAN NOT NULL DEFAULT 1,
              assigned_by INTEGER,
              assigned_at DATETIME,
              created_at  DATETIME NOT NULL,
              updated_at  DATETIME NOT NULL,
              PRIMARY KEY (user_id, role_id)
            );
            """)
    }

    private static func createPoints(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE user_points_accounts (
              account_id       INTEGER PRIMARY KEY AUTOINCREMENT,
              user_id          INTEGER NOT NULL UNIQUE REFERENCES users(user_id) ON DELETE CASCADE,
              available_points INTEGER NOT NULL DEFAULT 0 CHECK (available_points >= 0),
              total_earned     INTEGER NOT NULL DEFAULT 0 CHECK (total_earned >= 0),
              total_consumed   INTEGER NOT NULL DEFAULT 0 CHECK (total_consumed >= 0),
              created_at       DATETIME NOT NULL,
              updated_at       DATETIME NOT NULL
            );
            CREATE TABLE points_records (
              record_id        INTEGER PRIMARY KEY AUTOINCREMENT,
              user_id          INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
              transaction_type TEXT NOT NULL CHECK (transaction_type IN ('earn','consume')),
              points_amount    INTEGER NOT NULL CHECK (points_amount >= 0), -- magnitude; direction is transaction_type
              balance_before   INTEGER,                                    -- ext: legacy balance_before (NULL in old rows)
              balance_after    INTEGER NOT NULL,
              business_type    TEXT NOT NULL,
              source_type      TEXT NOT NULL,
              reference_id     TEXT,
              title            TEXT NOT NULL,
              description      TEXT,
              transaction_time DATETIME NOT NULL,
              legacy_extras    TEXT                                        -- ext: JSON
            );
            CREATE INDEX idx_points_records_user_time ON points_records(user_id, transaction_time, record_id);
            """)
    }

    private static func createLottery(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE lottery_campaigns (
              campaign_id       INTEGER PRIMARY KEY AUTOINCREMENT,
              campaign_code     TEXT NOT NULL UNIQUE,   -- ext: the [B] API identifies campaigns by code
              campaign_name     TEXT NOT NULL,
              status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),
              draw_cost         INTEGER NOT NULL DEFAULT 100 CHECK (draw_cost >= 0),
              max_draws_per_day INTEGER NOT NULL DEFAULT 10,
              start_time        DATETIME,
              end_time          DATETIME,
              guarantee_rule    TEXT,                   -- JSON
              description       TEXT,
              created_at        DATETIME NOT NULL
            );
            CREATE TABLE lottery_prizes (
              prize_id        INTEGER PRIMARY KEY AUTOINCREMENT,
              campaign_id     INTEGER NOT NULL REFERENCES lottery_campaigns(campaign_id) ON DELETE CASCADE,
              prize_name      TEXT NOT NULL,
              prize_type      TEXT NOT NULL,
              win_probability REAL NOT NULL CHECK (win_probability >= 0 AND win_probability <= 1),
              stock_quantity  INTEGER,                  -- NULL: unlimited
              prize_value     INTEGER NOT NULL DEFAULT 0,
              cost_points     INTEGER NOT NULL DEFAULT 0,
              max_daily_wins  INTEGER,                  -- NULL: no daily cap
              daily_win_count INTEGER NOT NULL DEFAULT 0,
              daily_win_date  TEXT,                     -- ext: Beijing day daily_win_count belongs to
              status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),
              icon            TEXT,
              angle           INTEGER,                  -- ext: wheel segment angle (legacy config)
              color           TEXT,                     -- ext: wheel segment colour (legacy config)
              sort_order      INTEGER NOT NULL DEFAULT 0, -- ext
              value_text      TEXT                      -- ext: display value such as "98.00" for 九八折券
            );
            CREATE INDEX idx_lottery_prizes_campaign ON lottery_prizes(campaign_id, sort_order);
            CREATE TABLE lottery_draw_records (
              record_id     INTEGER PRIMARY KEY AUTOINCREMENT,
              draw_id       TEXT NOT NULL UNIQUE,
              user_id       INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
              campaign_id   INTEGER NOT NULL REFERENCES lottery_campaigns(campaign_id),
              prize_id      INTEGER REFERENCES lottery_prizes(prize_id),
              prize_name    TEXT,
              prize_type    TEXT,
              prize_value   INTEGER NOT NULL DEFAULT 0,
              draw_type     TEXT NOT NULL DEFAULT 'single',
              batch_id      TEXT,                      -- one multi-draw request
              draw_sequence INTEGER NOT NULL DEFAULT 1,
              cost_points   INTEGER NOT NULL DEFAULT 0,
              is_pity       BOOLEAN NOT NULL DEFAULT 0,
              is_near_miss  BOOLEAN NOT NULL DEFAULT 0,
              created_at    DATETIME NOT NULL,
              legacy_extras TEXT
            );
            CREATE INDEX idx_lottery_draws_user ON lottery_draw_records(user_id, created_at);
            CREATE TABLE lottery_user_states (
              user_id     INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
              campaign_id INTEGER NOT NULL REFERENCES lottery_campaigns(campaign_id) ON DELETE CASCADE,
              pity_count  INTEGER NOT NULL DEFAULT 0,
              updated_at  DATETIME NOT NULL,
              PRIMARY KEY (user_id, campaign_id)
            );
            """)
    }

    private static func createExchange(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE products (
              product_id      INTEGER PRIMARY KEY AUTOINCREMENT, -- legacy commodity_id kept
              name            TEXT NOT NULL,
              description     TEXT,
              image           TEXT,
              category        TEXT,
              space           TEXT NOT NULL DEFAULT 'lucky' CHECK (space IN ('lucky','premium','both')),
              exchange_points INTEGER NOT NULL CHECK (exchange_points >= 0),
              stock           INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
              original_price  REAL,
              cost_price      REAL,
              status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),
              created_at      DATETIME NOT NULL,
              is_hot          BOOLEAN NOT NULL DEFAULT 0,        -- ext
              sort_order      INTEGER NOT NULL DEFAULT 0,        -- ext
              sales_count     INTEGER NOT NULL DEFAULT 0,        -- ext
              discount        INTEGER,                           -- ext
              updated_at      DATETIME,                          -- ext
              legacy_extras   TEXT                               -- ext: JSON (e.g. legacy status 'deleted')
            );
            CREATE TABLE exchange_records (
              exchange_id     INTEGER PRIMARY KEY AUTOINCREMENT,
              order_code      TEXT UNIQUE,               -- ext: legacy order id such as EX20250703001
              user_id         INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
              product_id      INTEGER NOT NULL REFERENCES products(product_id),
              product_name    TEXT NOT NULL,
              quantity        INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
              points_cost     INTEGER NOT NULL,
              status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','completed','cancelled')),
              tracking_number TEXT,
              delivery_info   TEXT,                      -- ext: JSON, legacy delivery_info / user_address
              created_at      DATETIME NOT NULL,
              completed_at    DATETIME,
              legacy_extras   TEXT
            );
            CREATE INDEX idx_exchange_records_user ON exchange_records(user_id, created_at);
            CREATE TABLE user_inventories (
              inventory_id      INTEGER PRIMARY KEY AUTOINCREMENT,
              user_id           INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
              name              TEXT NOT NULL,
              type              TEXT NOT NULL,
              value             TEXT,
              status            TEXT NOT NULL DEFAULT 'available'
                                CHECK (status IN ('available','used','expired','transferred')),
              source_type       TEXT NOT NULL,
              reference_id      TEXT,
              acquired_at       DATETIME NOT NULL,
              expires_at        DATETIME,
              used_at           DATETIME,
              verification_code TEXT,
              transfer_count    INTEGER NOT NULL DEFAULT 0,
              max_transfers     INTEGER NOT NULL DEFAULT 3
            );
            CREATE INDEX idx_user_inventories_user ON user_inventories(user_id, status);
            """)
    }

    private static func createPhoto(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE image_resources (
              resource_id       INTEGER PRIMARY KEY AUTOINCREMENT, -- legacy upload_reviews.id kept
              upload_id         TEXT NOT NULL UNIQUE,              -- ext: legacy upload id
              user_id           INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
              original_url      TEXT NOT NULL,
              thumbnail_url     TEXT,
              category          TEXT NOT NULL DEFAULT 'receipt',
              description       TEXT,
              review_status     TEXT NOT NULL DEFAULT 'pending'
                                CHECK (review_status IN ('pending','reviewing','approved','rejected')),
              reviewed_by       INTEGER,
              reviewed_at       DATETIME,
              rejection_reason  TEXT,
              points_awarded    INTEGER NOT NULL DEFAULT 0,
              uploaded_at       DATETIME NOT NULL,
              amount_cents      INTEGER,                           -- ext: consumption amount the user typed, in fen
              actual_amount_cents INTEGER,                         -- ext: amount the merchant confirmed, in fen
              original_filename TEXT,                              -- ext
              file_size         INTEGER,                           -- ext: bytes
              updated_at        DATETIME,                          -- ext
              legacy_extras     TEXT                               -- ext: JSON
            );
            CREATE INDEX idx_image_resources_user ON image_resources(user_id, uploaded_at);
            CREATE INDEX idx_image_resources_status ON image_resources(review_status, uploaded_at);
            """)
    }

    /// Extension tables the V4 docs leave implicit: server-side sessions (so logout and refresh
    /// rotation really revoke tokens), SMS codes, and the legacy admin-login credentials.
    private static func createAuthState(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE auth_sessions (
              session_id        TEXT PRIMARY KEY,
              user_id           INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
              refresh_jti       TEXT NOT NULL,
              created_at        DATETIME NOT NULL,
              last_refreshed_at DATETIME,
              revoked_at        DATETIME
            );
            CREATE INDEX idx_auth_sessions_user ON auth_sessions(user_id);
            CREATE TABLE verification_codes (
              mobile     TEXT PRIMARY KEY,
              code_hash  TEXT NOT NULL,
              sent_at    DATETIME NOT NULL,
              expires_at DATETIME NOT NULL,
              attempts   INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE admin_credentials (
              username      TEXT PRIMARY KEY,
              user_id       INTEGER NOT NULL UNIQUE REFERENCES users(user_id) ON DELETE CASCADE,
              password_hash TEXT NOT NULL,
              created_at    DATETIME NOT NULL
            );
            """)
    }
}
