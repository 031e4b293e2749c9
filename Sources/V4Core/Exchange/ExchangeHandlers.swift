import V4Contract

/// `inventory/exchange…`, `inventory/user/:user_id` ([B] §3.4) and the admin's `admin/exchanges…` (§3.8).
struct ExchangeHandlers {
    let exchanges: ExchangeService
    let inventory: InventoryService

    func register(in handlers: inout V4Handlers) {
        handlers.on(V4API.Inventory.exchange) { input, caller in try await exchanges.exchange(input, for: caller.authenticated) }
        handlers.on(V4API.Inventory.exchangeRecords) { input, caller in
            try await exchanges.records(of: caller.authenticated.userId, page: input.page, status: input.status)
        }
        handlers.on(V4API.Inventory.cancelExchange) { input, caller in
            try await exchanges.cancel(exchangeId: input.exchangeId, by: caller.authenticated)
        }
        handlers.on(V4API.Inventory.userInventory) { input, caller in
            try caller.requireSelfOrAdmin(input.userId)
            return try await inventory.items(of: input.userId, page: input.page, status: input.status, type: input.type)
        }
        handlers.on(V4API.Admin.exchanges) { input, caller in
            guard try caller.authenticated.isAdmin else { throw V4Error(.adminOnly) }
            return try await exchanges.adminList(page: input.page, status: input.status, userId: input.userId)
        }
        handlers.on(V4API.Admin.updateExchangeStatus) { input, caller in
            try await exchanges.updateStatus(input, by: caller.authenticated)
        }
    }
}
