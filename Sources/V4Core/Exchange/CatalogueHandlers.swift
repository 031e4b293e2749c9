import V4Contract

/// `inventory/products` ([B] §3.4, also at [A]'s `/api/v4/inventory`): the exchange catalogue.
struct CatalogueHandlers {
    let catalog: ProductCatalog

    func register(in handlers: inout V4Handlers) {
        handlers.on(V4API.Inventory.products) { input, _ in try await catalog.products(input) }
    }
}
