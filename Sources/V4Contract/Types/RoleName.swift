/// The role names the core creates.
public enum RoleName {
    public static let user = "user"
    public static let merchant = "merchant"
    public static let admin = "admin"
    public static let adminLevel = 100
}
