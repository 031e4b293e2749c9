-- The V4 tables the migrator touches, exactly as the V4 documentation (seed 003,
-- "📊 数据库模型参考") lists them: the columns, types and keys it names and nothing else.
-- Where 003 gives a length we use it; where it says only ENUM/DECIMAL/INT the values and
-- precision are the ones it lists. Keys: the primary keys and the one unique index it names
-- (users.mobile, roles.role_uuid); it names no unique key on user_roles or on
-- user_points_accounts.user_id, so there is none here (Sequelize would not add one either).
-- Foreign keys are the "外键" notes. Loaded by the merge tests (MergeIntoV4Tests).

-- 003 L4448-4461 (用户模型 User)
CREATE TABLE users (
  user_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  mobile VARCHAR(20) NOT NULL,
  nickname VARCHAR(50),
  status ENUM('active','inactive'),
  consecutive_fail_count INT,
  history_total_points INT,
  created_at DATETIME,
  last_login DATETIME,
  login_count INT DEFAULT 0,
  UNIQUE KEY users_mobile (mobile)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- 003 L4486-4501 (角色模型 Role); role_name has no unique key in 003
CREATE TABLE roles (
  role_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  role_uuid VARCHAR(36),
  role_name VARCHAR(50),
  role_level INT,
  display_name VARCHAR(100),
  description TEXT,
  permissions JSON,
  is_active BOOLEAN DEFAULT TRUE,
  is_system BOOLEAN DEFAULT FALSE,
  created_at DATETIME,
  updated_at DATETIME,
  UNIQUE KEY roles_uuid (role_uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- 003 L4569-4580 (用户角色关联模型 UserRole)
CREATE TABLE user_roles (
  user_id INT,
  role_id INT,
  is_active BOOLEAN DEFAULT TRUE,
  assigned_by INT,
  assigned_at DATETIME,
  created_at DATETIME,
  updated_at DATETIME,
  FOREIGN KEY (user_id) REFERENCES users(user_id),
  FOREIGN KEY (role_id) REFERENCES roles(role_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- 003 L4610-4621 (积分账户模型 UserPointsAccount); user_id is a foreign key, not unique
CREATE TABLE user_points_accounts (
  account_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id INT,
  available_points INT DEFAULT 0,
  total_earned INT,
  total_consumed INT,
  created_at DATETIME,
  updated_at DATETIME,
  FOREIGN KEY (user_id) REFERENCES users(user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- 003 L4629-4644 (积分交易记录模型 PointsRecord)
CREATE TABLE points_records (
  record_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id INT,
  transaction_type ENUM('earn','consume'),
  points_amount INT,
  balance_after INT,
  business_type VARCHAR(50),
  source_type VARCHAR(50),
  reference_id VARCHAR(100),
  title VARCHAR(200),
  description TEXT,
  transaction_time DATETIME,
  FOREIGN KEY (user_id) REFERENCES users(user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- 003 L4696-4712 (商品模型 Product)
CREATE TABLE products (
  product_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100),
  description TEXT,
  image VARCHAR(500),
  category VARCHAR(50),
  space ENUM('lucky','premium','both'),
  exchange_points INT,
  stock INT,
  original_price DECIMAL(10,2),
  cost_price DECIMAL(10,2),
  status ENUM('active','inactive'),
  created_at DATETIME
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- 003 L4769-4785 (图片资源模型 ImageResources); review_status lists "pending, approved等",
-- and rejection_reason implies rejected
CREATE TABLE image_resources (
  resource_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id INT,
  original_url VARCHAR(500),
  thumbnail_url VARCHAR(500),
  category VARCHAR(50),
  description TEXT,
  review_status ENUM('pending','approved','rejected'),
  reviewed_by INT,
  reviewed_at DATETIME,
  rejection_reason TEXT,
  points_awarded INT DEFAULT 0,
  uploaded_at DATETIME,
  FOREIGN KEY (user_id) REFERENCES users(user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
