/// A side whose every request carries one more header: `diff --profile NAME` asks the bridge
/// for a client profile with `X-Legacy-Profile: NAME`.
public struct HeaderAddingSource: ResponseSource {
    public let base: any ResponseSource
    public let name: String
    public let value: String

    public init(_ base: any ResponseSource, name: String, value: String) {
        self.base = base
        self.name = name
        self.value = value
    }

    public var label: String { base.label + " [\(name): \(value)]" }
    public var baseURL: String? { base.baseURL }

    public func send(_ request: ReplayRequest) async -> SideResponse {
        var request = request
        request.headers.removeAll { $0.0.lowercased() == name.lowercased() }
        request.headers.append((name, value))
        return await base.send(request)
    }
}
