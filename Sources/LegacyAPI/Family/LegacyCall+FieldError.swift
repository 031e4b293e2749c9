import BridgeKit

extension LegacyCall {
    /// A translation's own refusal of one field: the field's (or the route's) legacy error, and in
    /// a family with E2 the field named in `errors[]` as the client spelled it.
    func fieldError(_ failure: BridgeFailure, field name: String) -> LegacyError {
        let field = route.fields.first { $0.name == name }
        var error = LegacyError(mappings.legacyError(forFailure: failure, route: route, field: field))
        if route.family != nil, let field {
            error.fieldErrors = [.init(field: field.aliases.first ?? field.name, code: error.code, message: error.msg)]
        }
        return error
    }
}
