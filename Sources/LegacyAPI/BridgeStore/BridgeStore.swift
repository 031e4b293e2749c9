import BridgeKit
import V4Contract

/// The bridge's own state: what a legacy client needs that the V4 behind the bridge cannot hold
/// (003's V4 has no profile update and no avatar upload), keyed by V4 user ids and kept apart
/// from V4's data (the strangler-fig facade's small store). One transaction per change.
public protocol BridgeStore: Sendable {
    /// What the bridge holds of a user's profile, if anything.
    func profile(of userId: Int64) throws -> BridgeProfile?
    /// Sets the given fields (nil leaves a field as it was).
    func updateProfile(of userId: Int64, nickname: String?, avatar: String?, at now: Date) throws -> BridgeProfile
    /// Stores a file's bytes under `key` (content-addressed: an existing key is the same bytes).
    func putFile(_ bytes: [UInt8], key: String, contentType: String, at now: Date) throws
    func file(_ key: String) throws -> (bytes: [UInt8], contentType: String)?
    /// The delivery a legacy client gave with an exchange V4 kept no address for (003).
    func saveDelivery(_ delivery: JSONValue, exchangeId: Int64, at now: Date) throws
    func deliveries(of exchangeIds: [Int64]) throws -> [Int64: JSONValue]
    /// A merchant application (003 has no merchant role); a user's open or approved one is
    /// returned again rather than duplicated.
    func apply(_ request: V4MerchantApplyRequest, userId: Int64, at now: Date) throws -> V4MerchantApplication
    func applications(status: String?) throws -> [V4MerchantApplication]
    /// An admin's decision; nil when there is no such pending application.
    func decide(applicationId: Int64, approve: Bool, at now: Date) throws -> V4MerchantApplication?
    /// Whether the user's application was approved.
    func isMerchant(_ userId: Int64) throws -> Bool
    /// Claims the legacy-rule top-up of one approved receipt: true for the one caller that may
    /// post it, false when it was claimed before (by a retry, another instance, a restart).
    func claimTopUp(resourceId: Int64, userId: Int64, points: Int, at now: Date) throws -> Bool
    /// How the claimed top-up ended.
    func settleTopUp(resourceId: Int64, outcome: BridgeTopUpOutcome, at now: Date) throws
    /// What a legacy client sent with an upload that V4 kept no field for (003: no amount, no
    /// legacy upload id), by V4's resource id. A second save of one resource keeps the first.
    func saveUpload(_ upload: BridgeUpload, at now: Date) throws
    func uploads(of resourceIds: [Int64]) throws -> [Int64: BridgeUpload]
    /// The resource id of a legacy upload id the bridge gave.
    func resourceId(ofUpload uploadId: String) throws -> Int64?
}

/// An upload's fields the bridge holds.
public struct BridgeUpload: Sendable, Equatable {
    public var resourceId: Int64
    /// `upload_<user>_<unix>_<6 chars>`, as the embedded core and the legacy backend name uploads.
    public var uploadId: String
    /// The amount the client typed, in fen.
    public var amountCents: Int?

    public init(resourceId: Int64, uploadId: String, amountCents: Int?) {
        self.resourceId = resourceId
        self.uploadId = uploadId
        self.amountCents = amountCents
    }
}

/// The end of a legacy-rule top-up: credited, refused by V4 (nothing credited), or sent with no
/// answer (it may have been credited: never sent again; the operator checks the ledger).
public enum BridgeTopUpOutcome: String, Sendable {
    case posted, refused, unknown
}

/// A user's profile fields the bridge holds.
public struct BridgeProfile: Sendable, Equatable {
    public var userId: Int64
    public var nickname: String?
    /// A URL path (`/files/bridge/avatars/…`) or an absolute URL the client gave.
    public var avatar: String?
}

extension V4User {
    /// This user as the legacy API shows them: the bridge's fields over V4's.
    func overlaid(_ profile: BridgeProfile?) -> V4User {
        guard let profile else { return self }
        var copy = self
        if let nickname = profile.nickname { copy.nickname = nickname }
        if let avatar = profile.avatar { copy.avatar = avatar }
        return copy
    }
}
