/// The V4 unified-engine API as values, one namespace per module (`V4API.Auth.profile`).
public enum V4API {
    public static let basePath = "/api/v4/unified-engine"

    /// Every endpoint, for the walk that checks both sides serve and call the same set.
    public static let all: [any V4EndpointDescription] = Auth.all + Points.all + Lottery.all + Photo.all + Inventory.all + Admin.all + LotteryAdmin.all + Merchant.all + System.all

    /// Modules 003 documents under a second prefix too: its route table lists `/api/v4/inventory/…`
    /// (003 L6487-6502) and `/api/v4/photo/…` (L6516-6523) beside the `/api/v4/unified-engine/…`
    /// sections (L2547). A deployment is asked under the canonical prefix first.
    public static let alternatePrefixes: [String: String] = ["inventory": "/api/v4", "photo": "/api/v4"]

    /// The multipart field 003 names the upload under, per prefix: `image` in the unified-engine
    /// section (003 L2567), `photo` in the `/api/v4/photo/upload` example (L939-941).
    public static func uploadField(forPath path: String) -> String? {
        if path.hasPrefix(basePath + "/photo/") { return "image" }
        if path.hasPrefix("/api/v4/photo/") { return "photo" }
        return nil
    }
}
