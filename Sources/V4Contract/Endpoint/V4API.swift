/// The V4 unified-engine API as values, one namespace per module (`V4API.Auth.profile`).
public enum V4API {
    public static let basePath = "/api/v4/unified-engine"

    /// Every endpoint, for the walk that checks both sides serve and call the same set.
    public static let all: [any V4EndpointDescription] = Auth.all + Points.all + Lottery.all + Photo.all + Inventory.all + Admin.all + Merchant.all + System.all
}
