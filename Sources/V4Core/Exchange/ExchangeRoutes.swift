import Hummingbird

/// `…/inventory/products` ([B] §3.4): the exchange catalogue.
public struct ExchangeRoutes: Sendable {
    let auth: AuthService
    let catalog: ProductCatalog

    public init(auth: AuthService, catalog: ProductCatalog) {
        self.auth = auth
        self.catalog = catalog
    }

    public func register(on group: RouterGroup<AppRequestContext>) {
        group.v4(.get, "products", access: .bearer, auth: auth, code: "PRODUCTS_SUCCESS", message: "兑换商品列表获取成功") { call in
            try await catalog.products(page: call.input.pageQuery(), category: call.input.queryString("category"))
        }
    }
}
