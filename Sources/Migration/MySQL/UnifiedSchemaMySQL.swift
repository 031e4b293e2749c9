#if MySQL
/// The unified tables the migrator writes, in MySQL/MariaDB DDL: the same columns, keys and
/// checks as `UnifiedSchema` (SQLite), for a V4 production database that does not have them yet.
enum UnifiedSchemaMySQL {
    static let statements = [
        """
        CREATE TABLE IF NOT EXISTS users (
          user_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          mobile VARCHAR(20) NOT NULL UNIQUE,
          nickname VARCHAR(100),
          status VARCHAR(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),
          consecutive_fail_count INT NOT NULL DEFAULT 0,
          history_total_points BIGINT NOT NULL DEFAULT 0,
          created_at DATETIME(3) NOT NULL,
          last_login DATETIME(3),
          login_count INT NOT NULL DEFAULT 0,
          avatar_url VARCHAR(500),
          updated_at DATETIME(3),
          legacy_extras LONGTEXT
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """,
        """
        CREATE TABLE IF NOT EXISTS roles (
          role_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          role_uuid VARCHAR(36) NOT NULL UNIQUE,
          role_name VARCHAR(50) NOT NULL UNIQUE,
          role_level INT NOT NULL DEFAULT 0,
          display_name VARCHAR(100),
          description TEXT,
          permissions TEXT NOT NULL,
          is_active TINYINT(1) NOT NULL DEFAULT 1,
          is_system TINYINT(1) NOT NULL DEFAULT 0,
          created_at DATETIME(3) NOT NULL,
          updated_at DATETIME(3) NOT NULL
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """,
        """
        INSERT IGNORE INTO roles (role_uuid, role_name, role_level, display_name, permissions, is_active, is_system, created_at, updated_at)
        VALUES (UUID(), 'user', 0, '普通用户', '[]', 1, 1, NOW(3), NOW(3)),
               (UUID(), 'merchant', 50, '商家', '[]', 1, 1, NOW(3), NOW(3)),
               (UUID(), 'admin', 100, '超级管理员', '[]', 1, 1, NOW(3), NOW(3))
        """,
        """
        CREATE TABLE IF NOT EXISTS user_roles (
          user_id BIGINT NOT NULL,
          role_id BIGINT NOT NULL,
          is_active TINYINT(1) NOT NULL DEFAULT 1,
          assigned_by BIGINT,
          assigned_at DATETIME(3),
          created_at DATETIME(3) NOT NULL,
          updated_at DATETIME(3) NOT NULL,
          PRIMARY KEY (user_id, role_id),
          FOREIGN KEY (user_id) REFERENCES users(user_id) ON DELETE CASCADE,
          FOREIGN KEY (role_id) REFERENCES roles(role_id) ON DELETE CASCADE
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """,
        """
        CREATE TABLE IF NOT EXISTS user_points_accounts (
          account_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          user_id BIGINT NOT NULL UNIQUE,
          available_points BIGINT NOT NULL DEFAULT 0 CHECK (available_points >= 0),
          total_earned BIGINT NOT NULL DEFAULT 0 CHECK (total_earned >= 0),
          total_consumed BIGINT NOT NULL DEFAULT 0 CHECK (total_consumed >= 0),
          created_at DATETIME(3) NOT NULL,
          updated_at DATETIME(3) NOT NULL,
          FOREIGN KEY (user_id) REFERENCES users(user_id) ON DELETE CASCADE
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """,
        """
        CREATE TABLE IF NOT EXISTS points_records (
          record_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          user_id BIGINT NOT NULL,
          transaction_type VARCHAR(16) NOT NULL CHECK (transaction_type IN ('earn','consume')),
          points_amount BIGINT NOT NULL CHECK (points_amount >= 0),
          balance_before BIGINT,
          balance_after BIGINT NOT NULL,
          business_type VARCHAR(64) NOT NULL,
          source_type VARCHAR(64) NOT NULL,
          reference_id VARCHAR(128),
          title VARCHAR(255) NOT NULL,
          description TEXT,
          transaction_time DATETIME(3) NOT NULL,
          legacy_extras LONGTEXT,
          KEY idx_points_records_user_time (user_id, transaction_time, record_id),
          FOREIGN KEY (user_id) REFERENCES users(user_id) ON DELETE CASCADE
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """,
        """
        CREATE TABLE IF NOT EXISTS products (
          product_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          name VARCHAR(200) NOT NULL,
          description TEXT,
          image VARCHAR(500),
          category VARCHAR(50),
          space VARCHAR(16) NOT NULL DEFAULT 'lucky' CHECK (space IN ('lucky','premium','both')),
          exchange_points BIGINT NOT NULL CHECK (exchange_points >= 0),
          stock BIGINT NOT NULL DEFAULT 0 CHECK (stock >= 0),
          original_price DOUBLE,
          cost_price DOUBLE,
          status VARCHAR(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),
          created_at DATETIME(3) NOT NULL,
          is_hot TINYINT(1) NOT NULL DEFAULT 0,
          sort_order INT NOT NULL DEFAULT 0,
          sales_count INT NOT NULL DEFAULT 0,
          discount INT,
          updated_at DATETIME(3),
          legacy_extras LONGTEXT,
          delivery_type VARCHAR(16) NOT NULL DEFAULT 'physical' CHECK (delivery_type IN ('virtual','physical'))
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """,
        """
        CREATE TABLE IF NOT EXISTS image_resources (
          resource_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          upload_id VARCHAR(64) NOT NULL UNIQUE,
          user_id BIGINT NOT NULL,
          original_url VARCHAR(500) NOT NULL,
          thumbnail_url VARCHAR(500),
          category VARCHAR(32) NOT NULL DEFAULT 'receipt',
          description TEXT,
          review_status VARCHAR(16) NOT NULL DEFAULT 'pending'
            CHECK (review_status IN ('pending','reviewing','approved','rejected')),
          reviewed_by BIGINT,
          reviewed_at DATETIME(3),
          rejection_reason TEXT,
          points_awarded BIGINT NOT NULL DEFAULT 0,
          uploaded_at DATETIME(3) NOT NULL,
          amount_cents BIGINT,
          actual_amount_cents BIGINT,
          original_filename VARCHAR(255),
          file_size BIGINT,
          updated_at DATETIME(3),
          legacy_extras LONGTEXT,
          width INT,
          height INT,
          storage_key VARCHAR(255),
          content_type VARCHAR(64),
          review_note TEXT,
          KEY idx_image_resources_user (user_id, uploaded_at),
          FOREIGN KEY (user_id) REFERENCES users(user_id) ON DELETE CASCADE
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """,
        """
        CREATE TABLE IF NOT EXISTS migration_checkpoints (
          table_name VARCHAR(64) NOT NULL PRIMARY KEY,
          source VARCHAR(500) NOT NULL,
          progress LONGTEXT NOT NULL
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """,
    ]
}
#endif
