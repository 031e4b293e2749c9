/// One exchangeable product as the core lists it: [B]'s public fields plus the extensions the
/// legacy product list shows (stock, shelf price, hot flag, order, sales). Never `cost_price`.
public struct V4Product: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var description: String?
    public var category: String?
    public var space: String
    public var exchangePoints: Int
    public var image: String?
    public var available: Bool
    public var status: String
    public var createdAt: String
    /// Extensions.
    public var stock: Int
    public var originalPrice: Double?
    public var isHot: Bool
    public var sortOrder: Int
    public var salesCount: Int

    enum CodingKeys: String, CodingKey {
        case id, name, description, category, space, exchangePoints = "exchange_points", image, available, status
        case createdAt = "created_at", stock, originalPrice = "original_price", isHot = "is_hot", sortOrder = "sort_order"
        case salesCount = "sales_count"
    }
}

/// `GET …/inventory/products`.
public struct V4ProductList: Codable, Sendable, Equatable {
    public var products: [V4Product]
    public var pagination: V4Pagination
    public var filters: Filters
    /// Extension: counts over every active product.
    public var summary: Summary?

    public struct Filters: Codable, Sendable, Equatable {
        public var spaces: [String]
        public var categories: [String]
        /// Extension: the lowest and highest `exchange_points` on offer.
        public var priceRange: PriceRange?

        enum CodingKeys: String, CodingKey { case spaces, categories, priceRange = "price_range" }
    }

    public struct PriceRange: Codable, Sendable, Equatable {
        public var min: Int
        public var max: Int
    }

    public struct Summary: Codable, Sendable, Equatable {
        public var totalProducts: Int
        public var availableProducts: Int
        public var hotProducts: Int

        enum CodingKeys: String, CodingKey {
            case totalProducts = "total_products", availableProducts = "available_products", hotProducts = "hot_products"
        }
    }
}
