import V4Contract

/// `merchant/apply` and the admin's `admin/merchant-applications…` (extensions).
struct MerchantHandlers {
    let merchants: MerchantService

    func register(in handlers: inout V4Handlers) {
        handlers.on(V4API.Merchant.apply) { input, caller in try await merchants.apply(input, for: caller.authenticated) }
        handlers.on(V4API.Merchant.applications) { input, caller in
            try await merchants.applications(page: input.page, status: input.status, by: caller.authenticated)
        }
        handlers.on(V4API.Merchant.decide) { input, caller in try await merchants.decide(input, by: caller.authenticated) }
    }
}
