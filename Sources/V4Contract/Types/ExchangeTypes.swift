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

    public init(id: Int64, name: String, description: String? = nil, category: String? = nil, space: String, exchangePoints: Int, image: String? = nil, available: Bool, status: String, createdAt: String, stock: Int, originalPrice: Double? = nil, isHot: Bool, sortOrder: Int, salesCount: Int) {
        self.id = id
        self.name = name
        self.description = description
        self.category = category
        self.space = space
        self.exchangePoints = exchangePoints
        self.image = image
        self.available = available
        self.status = status
        self.createdAt = createdAt
        self.stock = stock
        self.originalPrice = originalPrice
        self.isHot = isHot
        self.sortOrder = sortOrder
        self.salesCount = salesCount
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

        public init(spaces: [String], categories: [String], priceRange: PriceRange? = nil) {
            self.spaces = spaces
            self.categories = categories
            self.priceRange = priceRange
        }
    }

    public struct PriceRange: Codable, Sendable, Equatable {
        public var min: Int
        public var max: Int

        public init(min: Int, max: Int) {
            self.min = min
            self.max = max
        }
    }

    public struct Summary: Codable, Sendable, Equatable {
        public var totalProducts: Int
        public var availableProducts: Int
        public var hotProducts: Int

        enum CodingKeys: String, CodingKey {
            case totalProducts = "total_products", availableProducts = "available_products", hotProducts = "hot_products"
        }

        public init(totalProducts: Int, availableProducts: Int, hotProducts: Int) {
            self.totalProducts = totalProducts
            self.availableProducts = availableProducts
            self.hotProducts = hotProducts
        }
    }

    public init(products: [V4Product], pagination: V4Pagination, filters: Filters, summary: Summary? = nil) {
        self.products = products
        self.pagination = pagination
        self.filters = filters
        self.summary = summary
    }
}
