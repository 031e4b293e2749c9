-- LegacyBridge migration fixture: legacy (v2.1) input schema.
-- This DDL is the input contract of `legacy-bridge migrate`: the four legacy tables it reads,
-- with the same columns, types and keys as Docs/migration.md expects. MariaDB/MySQL, utf8mb4.
-- Load with sql_mode='' (the legacy server was not strict), then legacy.sql.

DROP TABLE IF EXISTS points_records;
DROP TABLE IF EXISTS upload_reviews;
DROP TABLE IF EXISTS products;
DROP TABLE IF EXISTS users;

-- Accounts. total_points is the balance the old API showed.
CREATE TABLE users (
  user_id       INT          NOT NULL AUTO_INCREMENT,
  mobile        VARCHAR(20)  NOT NULL,
  nickname      VARCHAR(50)  DEFAULT NULL,
  total_points  INT          NOT NULL DEFAULT 0,
  is_merchant   TINYINT(1)   NOT NULL DEFAULT 0,
  status        ENUM('active','inactive','banned') NOT NULL DEFAULT 'active',
  avatar        VARCHAR(500) DEFAULT NULL,
  last_login    DATETIME     DEFAULT NULL,
  created_at    DATETIME     NOT NULL,
  updated_at    DATETIME     NOT NULL,
  PRIMARY KEY (user_id),
  UNIQUE KEY uk_users_mobile (mobile)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Receipt photos and their manual review (PhotoReview).
CREATE TABLE upload_reviews (
  id                 INT           NOT NULL AUTO_INCREMENT,
  upload_id          VARCHAR(64)   NOT NULL,
  user_id            INT           NOT NULL,
  image_url          VARCHAR(500)  NOT NULL,
  original_filename  VARCHAR(255)  DEFAULT NULL,
  file_size          INT           DEFAULT NULL,
  amount             DECIMAL(10,2) NOT NULL,
  actual_amount      DECIMAL(10,2) DEFAULT NULL,
  points_awarded     INT           NOT NULL DEFAULT 0,
  review_status      ENUM('pending','approved','rejected') NOT NULL DEFAULT 'pending',
  review_reason      VARCHAR(500)  DEFAULT NULL,
  reviewer_id        INT           DEFAULT NULL,
  description        VARCHAR(500)  DEFAULT NULL,
  created_at         DATETIME      NOT NULL,
  review_time        DATETIME      DEFAULT NULL,
  updated_at         DATETIME      NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_upload_reviews_upload_id (upload_id),
  KEY idx_upload_reviews_user_id (user_id),
  KEY idx_upload_reviews_review_status (review_status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Points-exchange catalogue (CommodityPool).
CREATE TABLE products (
  commodity_id     INT           NOT NULL AUTO_INCREMENT,
  name             VARCHAR(100)  NOT NULL,
  description      TEXT,
  category         VARCHAR(50)   DEFAULT NULL,
  exchange_points  INT           NOT NULL,
  stock            INT           NOT NULL DEFAULT 0,
  image_url        VARCHAR(500)  DEFAULT NULL,
  original_price   DECIMAL(10,2) DEFAULT NULL,
  discount         INT           DEFAULT NULL,
  is_hot           TINYINT(1)    NOT NULL DEFAULT 0,
  sort_order       INT           NOT NULL DEFAULT 0,
  sales_count      INT           NOT NULL DEFAULT 0,
  status           ENUM('active','offline','deleted') NOT NULL DEFAULT 'active',
  created_at       DATETIME      NOT NULL,
  updated_at       DATETIME      NOT NULL,
  PRIMARY KEY (commodity_id),
  KEY idx_products_category (category),
  KEY idx_products_status (status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Points ledger (PointsRecord). Sign of `points` for spend rows depends on the row's age.
CREATE TABLE points_records (
  id              INT           NOT NULL AUTO_INCREMENT,
  user_id         INT           NOT NULL,
  type            ENUM('earn','spend') NOT NULL,
  points          INT           NOT NULL,
  source          VARCHAR(32)   NOT NULL,
  description     VARCHAR(255)  DEFAULT NULL,
  balance_before  INT           DEFAULT NULL,
  balance_after   INT           NOT NULL,
  related_id      VARCHAR(64)   DEFAULT NULL,
  created_at      DATETIME      NOT NULL,
  PRIMARY KEY (id),
  KEY idx_points_records_user_id (user_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
