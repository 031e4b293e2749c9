/// The legacy tables as MySQL DDL: the migrator's input contract (Docs/migration.md), used by
/// the generator's dumps and by tests that build a legacy database.
public enum LegacySchema {
    public static let createStatements = """
        DROP TABLE IF EXISTS `users`;
        CREATE TABLE `users` (
          `user_id` int NOT NULL AUTO_INCREMENT,
          `mobile` varchar(20) NOT NULL,
          `nickname` varchar(50) DEFAULT NULL,
          `total_points` int NOT NULL DEFAULT '0',
          `is_merchant` tinyint(1) NOT NULL DEFAULT '0',
          `status` enum('active','inactive','banned') NOT NULL DEFAULT 'active',
          `avatar` varchar(500) DEFAULT NULL,
          `last_login` datetime DEFAULT NULL,
          `created_at` datetime NOT NULL,
          `updated_at` datetime NOT NULL,
          PRIMARY KEY (`user_id`),
          UNIQUE KEY `uk_users_mobile` (`mobile`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

        DROP TABLE IF EXISTS `upload_reviews`;
        CREATE TABLE `upload_reviews` (
          `id` int NOT NULL AUTO_INCREMENT,
          `upload_id` varchar(64) NOT NULL,
          `user_id` int NOT NULL,
          `image_url` varchar(500) NOT NULL,
          `original_filename` varchar(255) DEFAULT NULL,
          `file_size` int DEFAULT NULL,
          `amount` decimal(10,2) NOT NULL,
          `actual_amount` decimal(10,2) DEFAULT NULL,
          `points_awarded` int NOT NULL DEFAULT '0',
          `review_status` enum('pending','approved','rejected') NOT NULL DEFAULT 'pending',
          `review_reason` varchar(500) DEFAULT NULL,
          `reviewer_id` int DEFAULT NULL,
          `description` varchar(500) DEFAULT NULL,
          `created_at` datetime NOT NULL,
          `review_time` datetime DEFAULT NULL,
          `updated_at` datetime NOT NULL,
          PRIMARY KEY (`id`),
          UNIQUE KEY `uk_upload_reviews_upload_id` (`upload_id`),
          KEY `idx_upload_reviews_user_id` (`user_id`),
          KEY `idx_upload_reviews_review_status` (`review_status`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

        DROP TABLE IF EXISTS `products`;
        CREATE TABLE `products` (
          `commodity_id` int NOT NULL AUTO_INCREMENT,
          `name` varchar(100) NOT NULL,
          `description` text,
          `category` varchar(50) DEFAULT NULL,
          `exchange_points` int NOT NULL,
          `stock` int NOT NULL DEFAULT '0',
          `image_url` varchar(500) DEFAULT NULL,
          `original_price` decimal(10,2) DEFAULT NULL,
          `discount` int DEFAULT NULL,
          `is_hot` tinyint(1) NOT NULL DEFAULT '0',
          `sort_order` int NOT NULL DEFAULT '0',
          `sales_count` int NOT NULL DEFAULT '0',
          `status` enum('active','offline','deleted') NOT NULL DEFAULT 'active',
          `created_at` datetime NOT NULL,
          `updated_at` datetime NOT NULL,
          PRIMARY KEY (`commodity_id`),
          KEY `idx_products_category` (`category`),
          KEY `idx_products_status` (`status`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

        DROP TABLE IF EXISTS `points_records`;
        CREATE TABLE `points_records` (
          `id` int NOT NULL AUTO_INCREMENT,
          `user_id` int NOT NULL,
          `type` enum('earn','spend') NOT NULL,
          `points` int NOT NULL,
          `source` varchar(32) NOT NULL,
          `description` varchar(255) DEFAULT NULL,
          `balance_before` int DEFAULT NULL,
          `balance_after` int NOT NULL,
          `related_id` varchar(64) DEFAULT NULL,
          `created_at` datetime NOT NULL,
          PRIMARY KEY (`id`),
          KEY `idx_points_records_user_id` (`user_id`,`created_at`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

        """
}
