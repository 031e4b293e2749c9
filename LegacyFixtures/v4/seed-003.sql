-- A V4 deployment's own rows, as 003 shows them (roles L4522-4534, user_roles L4585-4601),
-- for the merge tests. V4 user 2 has the mobile of legacy user 7 (the same person in both
-- systems); V4 user 3's id equals legacy user 3's (a different person). Balances agree with
-- each user's ledger.
INSERT INTO roles (role_id, role_uuid, role_name, role_level, display_name, permissions, is_active, is_system, created_at, updated_at) VALUES
(1, '550e8400-e29b-41d4-a716-446655440000', 'admin', 100, '超级管理员', '[]', 1, 1, '2025-09-01 10:00:00', '2025-09-01 10:00:00'),
(2, '550e8400-e29b-41d4-a716-446655440001', 'user', 0, '普通用户', '[]', 1, 1, '2025-09-01 10:00:00', '2025-09-01 10:00:00'),
(3, '550e8400-e29b-41d4-a716-446655440002', 'campaign_1', 0, '春节活动参与者', '[]', 1, 0, '2025-09-01 10:00:00', '2025-09-01 10:00:00'),
(4, '550e8400-e29b-41d4-a716-446655440003', 'campaign_5', 0, 'VIP专属活动参与者', '[]', 1, 0, '2025-09-01 10:00:00', '2025-09-01 10:00:00');

INSERT INTO users (user_id, mobile, nickname, status, consecutive_fail_count, history_total_points, created_at, last_login, login_count) VALUES
(1, '13900139000', '管理员', 'active', 0, 0, '2025-09-01 10:00:00', '2025-10-04 09:15:30', 12),
(2, '13800000007', '面条控', 'active', 1, 300, '2025-09-02 10:00:00', '2025-10-03 20:00:00', 5),
(3, '13700137000', '用户7000', 'active', 0, 80, '2025-09-05 11:20:00', '2025-10-02 14:15:00', 2);

INSERT INTO user_roles (user_id, role_id, is_active, assigned_by, assigned_at, created_at, updated_at) VALUES
(1, 1, 1, NULL, '2025-09-01 10:00:00', '2025-09-01 10:00:00', '2025-09-01 10:00:00'),
(2, 2, 1, NULL, '2025-09-02 10:00:00', '2025-09-02 10:00:00', '2025-09-02 10:00:00'),
(2, 3, 1, 1, '2025-10-01 08:30:00', '2025-10-01 08:30:00', '2025-10-01 08:30:00'),
(3, 2, 1, NULL, '2025-09-05 11:20:00', '2025-09-05 11:20:00', '2025-09-05 11:20:00');

INSERT INTO user_points_accounts (account_id, user_id, available_points, total_earned, total_consumed, created_at, updated_at) VALUES
(1, 1, 0, 0, 0, '2025-09-01 10:00:00', '2025-09-01 10:00:00'),
(2, 2, 200, 300, 100, '2025-09-02 10:00:00', '2025-10-03 20:00:00'),
(3, 3, 80, 80, 0, '2025-09-05 11:20:00', '2025-10-02 14:15:00');

INSERT INTO points_records (record_id, user_id, transaction_type, points_amount, balance_after, business_type, source_type, reference_id, title, description, transaction_time) VALUES
(1, 2, 'earn', 300, 300, 'photo_review', 'image_resources', '1', '上传审核奖励', NULL, '2025-09-10 12:00:00'),
(2, 2, 'consume', 100, 200, 'lottery_draw', 'lottery', 'draw_1', '抽奖消耗', NULL, '2025-10-03 20:00:00'),
(3, 3, 'earn', 80, 80, 'photo_review', 'image_resources', '2', '上传审核奖励', NULL, '2025-09-20 12:00:00');

INSERT INTO products (product_id, name, description, image, category, space, exchange_points, stock, original_price, cost_price, status, created_at) VALUES
(1, '星巴克咖啡券', 'V4 上架的商品', NULL, 'voucher', 'lucky', 300, 20, 35.00, 20.00, 'active', '2025-09-01 10:00:00');

INSERT INTO image_resources (resource_id, user_id, original_url, thumbnail_url, category, description, review_status, reviewed_by, reviewed_at, rejection_reason, points_awarded, uploaded_at) VALUES
(1, 2, 'https://objectstorage.example.com/photos/2/a.jpg', NULL, 'receipt', NULL, 'approved', 1, '2025-09-10 12:00:00', NULL, 300, '2025-09-10 11:00:00'),
(2, 3, 'https://objectstorage.example.com/photos/3/b.jpg', NULL, 'receipt', NULL, 'approved', 1, '2025-09-20 12:00:00', NULL, 80, '2025-09-20 11:00:00');
