/*M!999999\- enable the sandbox mode */ 
-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: localhost    Database: legacy
-- ------------------------------------------------------
-- Server version	8.0.36
-- LegacyBridge fixture: HAND-WRITTEN dump exercising parser edge cases that a real dump of the
-- legacy schema would not contain. The rows the parser must return are in edge.expected.json.

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;

--
-- Table structure for table `products`
--

DROP TABLE IF EXISTS `products`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `products` (
  `commodity_id` int NOT NULL AUTO_INCREMENT,
  `name` varchar(100) NOT NULL,
  `description` text,
  `category` varchar(50) DEFAULT NULL COMMENT 'voucher; food (drink), ''gift''',
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
) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `products`
--

LOCK TABLES `products` WRITE;
/*!40000 ALTER TABLE `products` DISABLE KEYS */;
INSERT INTO `products` (`commodity_id`, `name`, `description`, `category`, `exchange_points`, `stock`, `image_url`, `original_price`, `discount`, `is_hot`, `sort_order`, `sales_count`, `status`, `created_at`, `updated_at`) VALUES (1,'Escapes: \0|\'|\"|\b|\n|\r|\t|\Z|\\|\%|\_|''|end','semi; colon (paren) ),( and ); -- not a comment /* nor this */','voucher',500,-3,0x68747470733A2F2F63646E2E6578616D706C652E636F6D2F702F312E6A7067,58.50,NULL,1,-1,0,'active','2025-07-01 09:00:00','0000-00-00 00:00:00'),(2,'招牌红烧肉🥩 😋',_binary '\0PNG\r\n\Z\n','美食',0,0,NULL,-12.50,-5,0,0,0,'offline','2025-07-02 10:00:00','2025-07-02 10:00:00');
-- a comment line between two INSERTs; the next one has no column list
INSERT INTO `products` VALUES (3,'Café \"quoted\" O''Brien','ends with a backslash \\','',100,7,_binary 'https://x/p.jpg',0.01,NULL,0,2,3,'','2025-07-03 00:00:00','2025-07-03 00:00:00'),
(4, '🍜; (x)', 'line1\nline2\r\n\ttabbed', NULL, -100, 2147483647, NULL, 9999.99, 0, 1, -2147483648, 0, 'deleted', '0000-00-00 00:00:00', '2025-07-04 23:59:59');
/*!40000 ALTER TABLE `products` ENABLE KEYS */;
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;

-- Dump completed on 2025-07-10 12:00:00
