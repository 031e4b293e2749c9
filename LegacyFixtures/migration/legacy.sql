-- LegacyBridge migration fixture: hand-written legacy data (load after schema.sql).
-- Every messy case the migrator must handle is covered; see README.md for the id of each.
SET SESSION sql_mode='';
SET NAMES utf8mb4;

-- users: 11 rows (id 10 was deleted by hand; other tables still reference it)
INSERT INTO users (user_id, mobile, nickname, total_points, is_merchant, status, avatar, last_login, created_at, updated_at) VALUES
(1, '13800000001', '张伟', 380, 0, 'active', 'https://cdn.example.com/avatars/1.jpg', '2025-07-10 20:15:00', '2025-06-01 09:00:00', '2025-07-10 20:15:00'),
(2, '13800000002', '川味小馆老板🌶️', 95, 1, 'active', NULL, '2025-07-11 08:00:00', '2025-05-20 10:00:00', '2025-07-11 08:00:00'),
(3, '13800000003', '刷单账号', 880, 0, 'banned', 'https://cdn.example.com/avatars/3.png', '2025-06-06 12:00:00', '2025-06-04 11:00:00', '2025-06-30 00:00:00'),
(4, '13800000004', '吃货小王😋', 150, 0, '', 'https://cdn.example.com/avatars/4.jpg', NULL, '0000-00-00 00:00:00', '2025-07-02 12:00:00'),
(5, '13800000005', 'O\'Brien "老外"', 50, 0, 'inactive', NULL, '0000-00-00 00:00:00', '2025-06-10 09:00:00', '0000-00-00 00:00:00'),
(6, '13800000006', 'Café\\咖啡\t馆', 100, 1, 'active', 'https://cdn.example.com/avatars/6.jpg', '2024-00-10 00:00:00', '2025-05-01 08:00:00', '2025-07-05 10:00:00'),
(7, '13800000007', '🍜面条控🍜', 500, 0, 'active', NULL, '2025-07-01 21:00:00', '2025-04-01 12:00:00', '2025-07-01 21:00:00'),
(8, '13800000008', 'Lily 李', 0, 0, 'active', NULL, '2025-06-28 20:05:00', '2025-06-12 09:00:00', '2025-06-28 20:05:00'),
(9, '13800000009', '已注销', 100, 0, 'inactive', NULL, NULL, '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
(11, '', '无手机号', 100, 0, 'active', NULL, NULL, '2025-06-14 10:00:00', '2025-06-14 10:00:00'),
(12, ' 13800000012 ', NULL, 0, 0, 'active', NULL, NULL, '2025-07-12 10:00:00', '2025-07-12 10:00:00');

-- products (CommodityPool): 10 rows
INSERT INTO products (commodity_id, name, description, category, exchange_points, stock, image_url, original_price, discount, is_hot, sort_order, sales_count, status, created_at, updated_at) VALUES
(1, '星巴克50元代金券', '全国门店通用,有效期90天。\n使用说明:1. 兑换成功后在“我的-卡券”中查看券码;2. 到店点单时出示券码,可抵扣50元;3. 单笔消费限用一张,不与其他优惠同享,不找零、不兑现、不开发票;4. 节假日通用,部分机场、高铁站门店除外。\n最终解释权归本店所有,如遇系统故障导致券码无法使用,请联系门店经理登记后补发。', 'voucher', 500, 100, 'https://cdn.example.com/products/1.jpg?x-oss-process=image/resize,w_750/format,webp', 50.00, NULL, 1, 1, 230, 'active', '2025-06-01 10:00:00', '2025-07-01 10:00:00'),
(2, '招牌红烧肉🥩', '秘制酱汁慢炖3小时🔥\n限堂食,每桌限兑一份。选用三层带皮五花肉,冰糖炒色,黄酒、八角、桂皮小火慢炖,肥而不腻,入口即化;配米饭一碗。如有忌口请提前告知服务员。\n温馨提示:本品每日限量30份,售完即止;兑换券当日有效,过期作废,不可转赠他人。', '美食', 800, -3, 'https://cdn.example.com/products/2.jpg?x-oss-process=image/resize,w_750/format,webp', 58.50, 85, 1, 2, 45, 'active', '2025-06-01 10:05:00', '2025-07-05 12:00:00'),
(3, '夏日冰饮套餐', '含柠檬茶×2、杨枝甘露×1,夏季限定,已下架(原料供应商变更,预计明年恢复)。\n柠檬茶选用广东香水柠檬手打,少冰少糖可选;杨枝甘露含西柚粒与椰浆,对芒果过敏者慎选。仅限堂食或门店自提,不支持外卖配送。\n每位会员每天限兑两份,兑换后请于当日营业时间内使用,逾期自动作废,积分不予退还。', 'drink', 300, 20, 'https://cdn.example.com/products/3.jpg?x-oss-process=image/resize,w_750/format,webp', 32.00, NULL, 0, 3, 12, 'offline', '2025-06-02 09:00:00', '2025-06-30 18:00:00'),
(4, '中秋月饼礼盒', '2024年中秋限定礼盒:蛋黄莲蓉、五仁、豆沙、抹茶流心各两枚,附赠茶包一盒;仅限到店自提,活动已结束,商品已删除,历史订单仍可查询。\n保质期30天,请置于阴凉干燥处保存,开封后请尽快食用。\n配料:小麦粉、转化糖浆、莲蓉、咸蛋黄、食用植物油;致敏物质提示:含麸质、蛋类、坚果及其制品。', '礼品', 1500, 0, NULL, 198.00, 90, 0, 4, 300, 'deleted', '2024-08-01 09:00:00', '2024-10-01 09:00:00'),
(5, '"老板推荐" Chef\'s 特调', 'Path: C:\\menu\\drinks\tv2 —— 店长每日推荐特调,口味随季节变化,含酒精饮品未成年人请勿兑换。\n今日基酒:金酒或朗姆酒二选一,可换无酒精版本;孕妇及驾驶人员请选择无酒精版本。', 'drink', 250, 5, 'https://cdn.example.com/products/5.jpg?x-oss-process=image/resize,w_750/format,webp', 9999.99, NULL, 0, 5, 0, '', '2025-06-03 09:00:00', '2025-06-03 09:00:00'),
(6, '蓝牙音箱 🎵', 'Bluetooth speaker; 含(充电线)。续航约8小时,支持蓝牙5.0与TF卡播放,颜色随机发货;兑换后7个工作日内寄出,偏远地区不包邮,签收后如有质量问题请在7天内联系客服。\n规格:重量约350克,尺寸约8×8×10厘米,输出功率5瓦,充电接口为Type-C;包装内含音箱主机一台、充电线一根、说明书一份。', 'electronic', 5000, 2, 'https://cdn.example.com/products/6.jpg?x-oss-process=image/resize,w_750/format,webp', NULL, NULL, 0, 6, 1, 'active', '0000-00-00 00:00:00', '2025-06-15 08:00:00'),
(7, '试吃小份', NULL, 'food', 0, 999, NULL, 0.01, NULL, 0, 7, 0, 'active', '2025-06-20 10:00:00', '0000-00-00 00:00:00'),
(8, '神秘礼品', '日期全丢了:该商品由旧版后台批量导入,创建时间与更新时间均为零值,无法确定上架顺序,迁移时应被拒绝并写入拒绝文件。', 'gift', 100, 1, NULL, NULL, NULL, 0, 8, 0, 'active', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
(9, '错误商品', '积分填成了负数:运营录入时误将“返还100积分”填写为兑换积分,该商品从未真正上架,迁移时应被拒绝。', 'gift', -100, 10, NULL, 10.00, NULL, 0, 9, 0, 'active', '2025-06-05 09:00:00', '2025-06-05 09:00:00'),
(10, '', '名称为空:商品名称在旧版后台被清空后保存,前台显示为空白卡片,迁移时应被拒绝。', 'gift', 100, 10, NULL, NULL, NULL, 0, 10, 0, 'active', '2025-06-05 09:00:00', '2025-06-05 09:00:00');

-- upload_reviews (PhotoReview): 15 rows
INSERT INTO upload_reviews (id, upload_id, user_id, image_url, original_filename, file_size, amount, actual_amount, points_awarded, review_status, review_reason, reviewer_id, description, created_at, review_time, updated_at) VALUES
(1, 'upload_1_1751360400_a1b2c3', 1, 'https://cdn.example.com/uploads/2025/07/01/a1b2c3.jpg?x-oss-process=image/auto-orient,1/resize,m_lfit,w_1080/quality,q_85', 'IMG_0001.jpg', 245760, 58.50, 58.50, 585, 'approved', '小票清晰,金额一致', 2, '午餐 两人 🍲', '2025-07-01 12:30:00', '2025-07-01 14:00:00', '2025-07-01 14:00:00'),
(2, 'UP20250703001', 1, 'https://cdn.example.com/uploads/2025/07/03/UP20250703001.png?x-oss-process=image/auto-orient,1/resize,m_lfit,w_1080/quality,q_85', 'receipt.png', 102400, 0.01, NULL, 0, 'pending', '等待商家确认金额', NULL, NULL, '2025-07-03 09:15:00', NULL, '2025-07-03 09:15:00'),
(3, 'upload_3_1751446800_ff00aa', 3, 'https://cdn.example.com/uploads/2025/07/02/ff00aa.jpg?x-oss-process=image/auto-orient,1/resize,m_lfit,w_1080/quality,q_85', 'IMG_2048.JPG', 3145728, 9999.99, 99.99, 0, 'rejected', '金额与小票不符 (小票实际 99.99)', 2, '"大额"消费?', '2025-07-02 09:00:00', '2025-07-02 10:00:00', '2025-07-02 10:00:00'),
(4, 'upload_4_1751533200_0b9e1d', 4, 'https://cdn.example.com/uploads/2025/07/03/0b9e1d.jpg?x-oss-process=image/auto-orient,1/resize,m_lfit,w_1080/quality,q_85', NULL, NULL, 128.00, 128.00, 0, '', NULL, NULL, 'O\'Neil\'s 烤鸭', '2025-07-03 10:00:00', NULL, '2025-07-03 10:00:00'),
(5, 'upload_10_1751000000_dead01', 10, 'https://cdn.example.com/uploads/2025/06/27/dead01.jpg?x-oss-process=image/auto-orient,1/resize,m_lfit,w_1080/quality,q_85', 'IMG_1000.jpg', 200000, 66.00, 66.00, 66, 'approved', NULL, 2, NULL, '2025-06-27 05:00:00', '2025-06-27 08:00:00', '2025-06-27 08:00:00'),
(6, 'UP20250620001', 9, 'https://cdn.example.com/uploads/2025/06/20/UP20250620001.jpg?x-oss-process=image/auto-orient,1/resize,m_lfit,w_1080/quality,q_85', 'a.jpg', 1000, 10.00, NULL, 0, 'pending', NULL, NULL, NULL, '2025-06-20 11:00:00', NULL, '2025-06-20 11:00:00'),
(7, 'upload_5_1751619600_c0ffee', 5, 'https://cdn.example.com/uploads/2025/07/04/c0ffee.jpg?x-oss-process=image/auto-orient,1/resize,m_lfit,w_1080/quality,q_85', 'C:\\Users\\王\\小票.jpg', 51200, 36.00, 36.00, 36, 'approved', NULL, 6, NULL, '0000-00-00 00:00:00', '2025-07-04 18:00:00', '2025-07-04 18:30:00'),
(8, 'UP20250705001', 1, 'https://cdn.example.com/uploads/2025/07/05/UP20250705001.jpg?x-oss-process=image/auto-orient,1/resize,m_lfit,w_1080/quality,q_85', 'IMG_0002.jpg', 150000, 25.00, NULL, 0, 'pending', NULL, NULL, NULL, '0000-00-00 00:00:00', NULL, '0000-00-00 00:00:00'),
(9, 'UP20250705002', 4, 'https://cdn.example.com/uploads/2025/07/05/UP20250705002.jpg?x-oss-process=image/auto-orient,1/resize,m_lfit,w_1080/quality,q_85', 'IMG_0003.jpg', 150000, -20.00, NULL, 0, 'pending', NULL, NULL, '退款小票', '2025-07-05 12:00:00', NULL, '2025-07-05 12:00:00'),
(10, 'upload_6_1751706000_beef42', 6, 'https://cdn.example.com/uploads/2025/07/05/beef42.jpg?x-oss-process=image/auto-orient,1/resize,m_lfit,w_1080/quality,q_85', 'IMG_0004.jpg', 180000, 88.00, -88.00, 0, 'rejected', '金额为负', 2, NULL, '2025-07-05 09:00:00', '2025-07-05 10:00:00', '2025-07-05 10:00:00'),
(11, 'upload_8_1751792400_abc123', 8, 'https://cdn.example.com/uploads/2025/07/06/abc123.heic?x-oss-process=image/auto-orient,1/resize,m_lfit,w_1080/quality,q_85', 'IMG_3.heic', -1, 45.80, 40.00, 0, 'rejected', '照片模糊,请重新上传\r\n(需包含"合计"金额)', 10, '晚餐\t三人', '2025-07-06 20:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
(12, 'UP20250707001', 1, 'https://cdn.example.com/uploads/2025/07/07/UP20250707001.jpg?x-oss-process=image/auto-orient,1/resize,m_lfit,w_1080/quality,q_85', 'IMG_0005.jpg', 160000, 30.00, 30.00, -5, 'approved', NULL, 2, NULL, '2025-07-07 12:00:00', '2025-07-07 13:00:00', '2025-07-07 13:00:00'),
(13, 'UP20250703002', 6, 'https://cdn.example.com/uploads/2025/07/03/UP20250703002.jpg?x-oss-process=image/auto-orient,1/resize,m_lfit,w_1080/quality,q_85', 'IMG_8888.jpg', 409600, 200.00, 199.50, 200, 'approved', NULL, 2, '生日宴🎂 包间\\A3', '2025-07-03 13:00:00', '2025-07-03 15:00:00', '2025-07-04 09:00:00'),
(14, '', 2, 'https://cdn.example.com/uploads/2025/07/08/noid.jpg?x-oss-process=image/auto-orient,1/resize,m_lfit,w_1080/quality,q_85', 'IMG_0006.jpg', 120000, 12.00, NULL, 0, 'pending', NULL, NULL, NULL, '2025-07-08 09:00:00', NULL, '2025-07-08 09:00:00'),
(15, 'UP20250708001', 2, '', 'IMG_0007.jpg', 120000, 15.00, NULL, 0, 'pending', NULL, NULL, NULL, '2025-07-08 10:00:00', NULL, '2025-07-08 10:00:00');

-- points_records (PointsRecord): 46 rows. Rows before 2025-06-15 follow the old convention
-- (spend points positive, balance_before NULL); later rows are signed.
INSERT INTO points_records (id, user_id, type, points, source, description, balance_before, balance_after, related_id, created_at) VALUES
(1, 1, 'earn', 100, 'register', NULL, NULL, 100, NULL, '2025-06-01 09:00:05'),
(2, 2, 'earn', 100, 'register', '新用户注册奖励', NULL, 100, NULL, '2025-05-20 10:00:10'),
(3, 1, 'earn', 10, 'check_in', '', NULL, 110, NULL, '2025-06-02 08:00:00'),
(4, 1, 'spend', 50, 'lottery', '单次抽奖,消耗50积分', NULL, 60, 'single', '2025-06-03 19:00:00'),
(5, 3, 'earn', 100, 'register', '注册赠送100积分', NULL, 100, NULL, '2025-06-04 11:00:00'),
(6, 3, 'earn', 30, 'lottery', '转盘抽中🎉30积分', NULL, 130, 'single', '2025-06-05 20:00:00'),
(7, 3, 'spend', 50, 'exchange', '兑换夏日冰饮套餐 ×1,订单号EX20250606001', NULL, 80, 'EX20250606001', '2025-06-06 12:00:00'),
(8, 10, 'earn', 100, 'register', '注册赠送100积分', NULL, 100, NULL, '2025-06-07 09:00:00'),
(9, 4, 'earn', 100, 'register', '注册赠送100积分', NULL, 100, NULL, '2025-06-08 10:00:00'),
(10, 4, '', 50, 'check_in', '连续签到7天额外奖励', 100, 150, NULL, '2025-06-20 08:00:00'),
(11, 4, 'spend', -30, 'lottery', NULL, 150, 120, 'single', '2025-06-21 19:30:00'),
(12, 4, 'earn', 80, 'share_bonus', '', 120, 200, NULL, '2025-06-22 10:00:00'),
(13, 1, 'earn', 585, 'photo_review', '拍照审核通过:消费58.50元,奖励585积分', 60, 645, 'upload_1_1751360400_a1b2c3', '2025-07-01 14:00:00'),
(14, 1, 'spend', -500, 'exchange', '兑换:星巴克50元代金券 ×1,订单号EX20250702001', 645, 145, 'EX20250702001', '2025-07-02 10:00:00'),
(15, 1, 'earn', -20, 'lottery', '抽奖获得', 145, 125, 'single', '2025-07-02 11:00:00'),
(16, 1, 'spend', -100, 'lottery', NULL, 145, 45, 'triple', '2025-07-03 19:00:00'),
(17, 1, 'earn', 275, 'admin', '管理员补偿:"双倍"积分\n工单 #42', 45, 320, NULL, '2025-07-05 09:30:00'),
(18, 2, 'spend', -20, 'lottery', '', 105, 85, 'single', '2025-07-06 18:00:00'),
(19, 2, 'earn', 50, 'exchange', '兑换订单EX20250705009已取消,积分退还', 85, 135, 'EX20250705009', '2025-07-08 12:00:00'),
(20, 2, 'earn', 30, 'lottery', NULL, 135, 165, 'single', '2025-07-09 20:00:00'),
(21, 2, 'spend', -70, 'exchange', NULL, 165, 95, 'EX20250709002', '2025-07-09 20:00:00'),
(22, 5, 'earn', 100, 'register', '注册赠送100积分', NULL, 100, NULL, '2025-06-10 09:00:00'),
(23, 5, 'spend', 40, 'exchange', '兑换\'可乐\'一瓶(旧版积分商城)', NULL, 60, 'EX20250611001', '2025-06-11 12:00:00'),
(24, 5, 'earn', 10, 'check_in', '每日签到', 60, 70, NULL, '0000-00-00 00:00:00'),
(25, 5, 'spend', -10, 'admin', '违规扣分\t(刷单嫌疑)', 60, 50, NULL, '2025-06-25 10:00:00'),
(26, 6, 'earn', 100, 'register', '注册赠送100积分', NULL, 100, NULL, '2025-05-01 08:00:00'),
(27, 6, '', -20, 'lottery', NULL, NULL, 80, 'single', '2025-05-02 20:00:00'),
(28, 6, '', 30, 'lottery', '老数据迁移,类型缺失', NULL, 110, NULL, '2025-05-03 20:00:00'),
(29, 6, 'earn', 200, 'photo_review', NULL, 80, 280, 'UP20250703002', '2025-07-03 15:00:00'),
(30, 6, 'spend', -200, 'photo_review', '审核撤销(小票重复提交),积分扣回', 280, 80, 'UP20250703002', '2025-07-04 09:00:00'),
(31, 6, 'spend', -10, 'exchange', 'C:\\兑换\\记录', 80, 70, 'EX20250705003', '2025-07-05 10:00:00'),
(32, 8, 'earn', 10, 'register', '注册赠送10积分(活动期)', NULL, 10, NULL, '2025-06-12 09:00:00'),
(33, 8, 'spend', -50, 'lottery', '五连抽,消耗50积分(余额不足仍扣除)', 20, -30, 'quintuple', '2025-06-28 20:00:00'),
(34, 8, 'earn', 10, 'check_in', '补录签到(6月15日漏记)', 10, 20, NULL, '2025-06-15 08:00:00'),
(35, 9, 'earn', 100, 'register', '注册赠送100积分', NULL, 100, NULL, '2025-06-13 09:00:00'),
(36, 11, 'earn', 100, 'register', '注册赠送100积分', NULL, 100, NULL, '2025-06-14 10:00:05'),
(37, 3, 'spend', -10, 'lottery', '单次抽奖,消耗10积分', 80, 70, 'single', '2025-00-15 10:00:00'),
(38, 1, 'earn', 0, 'lottery', '谢谢参与', 320, 320, 'single', '2025-07-06 19:00:00'),
(39, 10, 'spend', -50, 'exchange', '兑换订单EX20250610001', 50, 0, 'EX20250610001', '2025-06-16 12:00:00'),
(40, 2, 'earn', 5, 'check_in', NULL, 100, 105, NULL, '2025-06-30 08:00:00'),
(41, 1, 'earn', 10, 'check_in', '每日签到', 320, 330, NULL, '2025-07-07 08:00:00'),
(42, 1, 'earn', 10, 'check_in', '每日签到', 330, 340, NULL, '2025-07-08 08:00:00'),
(43, 1, 'spend', -50, 'lottery', '单次抽奖,消耗50积分', 340, 290, 'single', '2025-07-08 19:00:00'),
(44, 1, 'earn', 80, 'lottery', '转盘抽中80积分', 290, 370, 'single', '2025-07-08 19:00:01'),
(45, 1, 'earn', 10, 'check_in', '每日签到', 370, 380, NULL, '2025-07-09 08:00:00'),
(46, 6, 'earn', 30, 'admin', NULL, 70, 100, NULL, '2025-07-06 10:00:00');
