import BridgeKit
import Crypto
import V4Contract

/// The V4 transport with the bridge store in front of it, for what the V4 behind it cannot hold
/// (003):
/// - profile update and avatar upload: when V4 answers that it lacks `auth/profile` PUT or
///   `auth/avatar`, the bridge keeps the nickname and the avatar itself, and every answer that
///   shows a user shows them over V4's (a V4 that has the endpoints keeps its own profile);
/// - an exchange's delivery address: when V4's answer keeps none, the bridge keeps what the
///   client sent, by V4's exchange id, and the order answers show it;
/// - merchants: V4 without a merchant role (003) has no applications, so the bridge keeps them
///   (an admin decides with `legacy-bridge merchants`); when V4 refuses a merchant the pending
///   list or a review (admin-only in 003), the bridge, having checked the merchant itself, makes
///   the call with its service session, never for the merchant's own upload.
struct BridgeStoreTransport: V4Transport {
    let inner: any V4Transport
    let store: any BridgeStore
    let clock: @Sendable () -> Date
    var service: ServiceSession? = nil
    /// `LegacyDeployment.topsUpLegacyReviewPoints`.
    var topsUpReviewPoints = false

    var callsAreRemote: Bool { inner.callsAreRemote }

    /// Where the bridge serves the files it holds.
    static let filesPrefix = "/files/"

    /// A key the bridge could have made: `bridge/avatars/<hex>.<ext>`, nothing else.
    static func isFileKey(_ key: String) -> Bool {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "bridge", parts[1] == "avatars", key.utf8.count <= 100 else { return false }
        return !parts[2].hasPrefix(".") && parts[2].utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 46 }
    }

    func call<Input, Output>(_ endpoint: V4Endpoint<Input, Output>, _ input: Input, as credentials: V4Credentials)
        async throws(V4ClientError) -> Output
    {
        let input = withResourceIds(input)
        if let review = input as? V4PhotoReviewRequest, let service {
            let output = try await reviewed(endpoint, input, review, credentials, service: service)
            return withKeptUploads(output) ?? output
        }
        let output: Output
        do {
            output = try await inner.call(endpoint, input, as: credentials)
        } catch .absent(let name) {
            if let update = input as? V4ProfileUpdate, let answer = try await updateProfile(update, credentials) as? Output { return answer }
            if let avatar = input as? V4AvatarRequest, let answer = try await storeAvatar(avatar, credentials) as? Output { return answer }
            if let application = input as? V4MerchantApplyRequest, let answer = try await apply(application, credentials) as? Output {
                return answer
            }
            throw .absent(endpoint: name)
        } catch .rejected(let code, let message, let status, let data) {
            let refusal = V4ClientError.rejected(code: code, message: message, status: status, data: data)
            guard status == 403, endpoint.id == V4API.Photo.pendingReviews.id || endpoint.id == V4API.Photo.review.id,
                let service
            else { throw refusal }
            let answer = try await asMerchant(endpoint, input, credentials, service: service, refusal: refusal)
            return withKeptUploads(answer) ?? answer
        }
        if let result = output as? V4ExchangeResult {
            return try keepDelivery(of: result, sent: (input as? V4ExchangeRequest)?.delivery) as? Output ?? output
        }
        if let result = output as? V4PhotoUploadResult, let request = input as? V4PhotoUploadRequest {
            return try await keepUpload(result, sent: request, credentials) as? Output ?? output
        }
        if let uploads = withKeptUploads(output) { return uploads }
        if let records = output as? V4ExchangeRecords {
            var copy = records
            copy.records = try withDeliveries(records.records)
            return copy as? Output ?? output
        }
        guard let carrying = output as? any CarriesUser else { return output }
        let profile = try stored(carrying.shownUser.userId)
        return profile.map { carrying.with(carrying.shownUser.overlaid($0)) as? Output ?? output } ?? output
    }

    /// The delivery the client sent, kept when V4's exchange answer holds none.
    private func keepDelivery(of result: V4ExchangeResult, sent: V4DeliveryInfo?) throws(V4ClientError) -> V4ExchangeResult {
        guard result.exchange.deliveryInfo == nil, let sent else { return result }
        do {
            try store.saveDelivery(sent.json, exchangeId: result.exchange.exchangeId, at: clock())
        } catch {
            // The exchange is committed in V4: answer it; the address is lost, and logged by the caller's metrics.
            return result
        }
        var copy = result
        copy.exchange.deliveryInfo = sent
        return copy
    }

    /// Orders without a V4 delivery get the one the bridge kept.
    private func withDeliveries(_ orders: [V4Exchange]) throws(V4ClientError) -> [V4Exchange] {
        let missing = orders.filter { $0.deliveryInfo == nil }.map(\.exchangeId)
        guard !missing.isEmpty else { return orders }
        let kept: [Int64: JSONValue]
        do { kept = try store.deliveries(of: missing) } catch { throw V4ClientError(V4Error(.databaseError)) }
        return orders.map { order in
            guard order.deliveryInfo == nil, let json = kept[order.exchangeId],
                let delivery = try? V4DeliveryInfo(json, field: "delivery_info") else { return order }
            var copy = order
            copy.deliveryInfo = delivery
            return copy
        }
    }

    /// `merchant/apply` held by the bridge.
    private func apply(_ request: V4MerchantApplyRequest, _ credentials: V4Credentials) async throws(V4ClientError) -> V4MerchantApplication {
        do { try request.validate() } catch { throw V4ClientError(error) }
        let profile = try await inner.call(V4API.Auth.profile, V4NoInput(), as: credentials)
        do {
            return try store.apply(request, userId: profile.user.userId, at: clock())
        } catch {
            throw V4ClientError(V4Error(.databaseError))
        }
    }

    /// The pending list or a review for a merchant the bridge approved, through the service
    /// session; anyone else, and a merchant's own upload, get V4's refusal.
    private func asMerchant<Input, Output>(
        _ endpoint: V4Endpoint<Input, Output>, _ input: Input, _ credentials: V4Credentials, service: ServiceSession, refusal: V4ClientError
    ) async throws(V4ClientError) -> Output {
        let profile = try await inner.call(V4API.Auth.profile, V4NoInput(), as: credentials)
        let merchant: Bool
        do { merchant = try store.isMerchant(profile.user.userId) } catch { throw V4ClientError(V4Error(.databaseError)) }
        guard merchant else { throw refusal }
        if let review = input as? V4PhotoReviewRequest {
            let own = try await inner.call(V4API.Photo.myUploads, V4UploadsQuery(page: V4PageQuery(page: 1, limit: 100)), as: credentials)
            if own.uploads.contains(where: { String($0.resourceId) == review.resourceId || $0.uploadId == review.resourceId }) {
                throw V4ClientError(V4Error(.permissionDenied, "不能审核自己上传的凭证"))
            }
        }
        return try await service.call(endpoint, input, via: inner)
    }

    /// A review, by a V4 admin or (through the service session) a merchant the bridge approved.
    /// 003's review answer names no uploader (L2688-2702): the pending list does, so the uploader
    /// hears `review_result` as they would from the legacy backend; with the legacy points rule
    /// on, the difference to V4's award is credited once.
    private func reviewed<Input, Output>(
        _ endpoint: V4Endpoint<Input, Output>, _ input: Input, _ review: V4PhotoReviewRequest, _ credentials: V4Credentials,
        service: ServiceSession
    ) async throws(V4ClientError) -> Output {
        let uploader = await uploader(of: review.resourceId, service: service)
        let output: Output
        do {
            output = try await inner.call(endpoint, input, as: credentials)
        } catch .rejected(let code, let message, let status, let data) where status == 403 {
            output = try await asMerchant(
                endpoint, input, credentials, service: service, refusal: .rejected(code: code, message: message, status: status, data: data))
        }
        guard var result = output as? V4PhotoReviewResult else { return output }
        if result.review.userId == nil { result.review.userId = uploader }
        if topsUpReviewPoints { result = await toppedUp(result, asked: review, service: service) }
        return result as? Output ?? output
    }

    /// The legacy rule's points for an approved receipt where V4 credited less: the difference
    /// through `points/admin/adjust`, claimed in the store first so a retry, another instance or
    /// a restart never posts it twice. A post whose outcome is unknown stays claimed (logged in
    /// the store as `unknown` for the operator), never re-sent.
    private func toppedUp(_ result: V4PhotoReviewResult, asked review: V4PhotoReviewRequest, service: ServiceSession) async -> V4PhotoReviewResult {
        guard result.review.reviewStatus == "approved", let wanted = review.pointsAwarded, let userId = result.review.userId,
            wanted > result.review.pointsAwarded
        else { return result }
        let difference = wanted - result.review.pointsAwarded
        let resourceId = result.review.resourceId
        guard (try? store.claimTopUp(resourceId: resourceId, userId: userId, points: difference, at: clock())) == true else { return result }
        var adjust = V4AdjustRequest()
        adjust.userId = userId
        adjust.amount = Int64(difference)
        adjust.reason = "旧规则积分补差（凭证 \(result.review.uploadId)）"
        let outcome: BridgeTopUpOutcome
        do {
            _ = try await service.call(V4API.Points.adjust, adjust, via: inner)
            outcome = .posted
        } catch .rejected {
            outcome = .refused
        } catch {
            outcome = .unknown
        }
        try? store.settleTopUp(resourceId: resourceId, outcome: outcome, at: clock())
        guard outcome == .posted else { return result }
        var copy = result
        copy.review.pointsAwarded = wanted
        copy.review.userBalance = copy.review.userBalance.map { $0 + difference }
        return copy
    }

    /// Who uploaded a pending receipt, from the pending list (its first ten pages); nil when not found.
    private func uploader(of resourceId: String, service: ServiceSession) async -> Int64? {
        for page in 1...10 {
            guard let pending = try? await service.call(
                V4API.Photo.pendingReviews, V4PendingReviewsQuery(page: V4PageQuery(page: page, limit: 100)), via: inner)
            else { return nil }
            if let upload = pending.images.first(where: { String($0.resourceId) == resourceId || $0.uploadId == resourceId }) {
                return upload.userId
            }
            if pending.images.count < 100 { return nil }
        }
        return nil
    }

    private func stored(_ userId: Int64) throws(V4ClientError) -> BridgeProfile? {
        do { return try store.profile(of: userId) } catch { throw V4ClientError(V4Error(.databaseError)) }
    }

    /// `PUT auth/profile` held by the bridge: the user is V4's (its profile), the fields the store's.
    private func updateProfile(_ update: V4ProfileUpdate, _ credentials: V4Credentials) async throws(V4ClientError) -> V4Profile {
        var profile = try await inner.call(V4API.Auth.profile, V4NoInput(), as: credentials)
        let saved: BridgeProfile
        do {
            saved = try store.updateProfile(of: profile.user.userId, nickname: update.nickname, avatar: update.avatar, at: clock())
        } catch {
            throw V4ClientError(V4Error(.databaseError))
        }
        profile.user = profile.user.overlaid(saved)
        return profile
    }

    /// `auth/avatar` held by the bridge: the core's own rules (JPEG or PNG by its bytes, ≤ 2 MB),
    /// the bytes under a content-addressed key, the URL on the user's profile.
    private func storeAvatar(_ request: V4AvatarRequest, _ credentials: V4Credentials) async throws(V4ClientError) -> V4AvatarResult {
        guard let file = request.file, !file.bytes.isEmpty else { throw V4ClientError(V4Error(.noImageFile)) }
        guard let probe = ImageFormat.probe(file.bytes), probe.format != .webp else {
            throw V4ClientError(V4Error(.invalidFileType, "头像仅支持 JPEG、PNG 图片"))
        }
        guard file.bytes.count <= V4AvatarRequest.maxFileBytes else {
            throw V4ClientError(V4Error(.fileTooLarge, "文件大小超过限制（最大2MB）"))
        }
        let profile = try await inner.call(V4API.Auth.profile, V4NoInput(), as: credentials)
        let digest = SHA256.hash(data: file.bytes).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let key = "bridge/avatars/" + digest + "." + probe.format.fileExtension
        let url = Self.filesPrefix + key
        do {
            let now = clock()
            try store.putFile(file.bytes, key: key, contentType: probe.format.contentType, at: now)
            _ = try store.updateProfile(of: profile.user.userId, nickname: nil, avatar: url, at: now)
        } catch {
            throw V4ClientError(V4Error(.databaseError))
        }
        return V4AvatarResult(avatarUrl: url)
    }
}

/// A V4 answer that shows a user (the profile, a login's grant, a token check).
protocol CarriesUser {
    var user: V4User { get set }
}

extension CarriesUser {
    var shownUser: V4User { user }
    func with(_ user: V4User) -> Self {
        var copy = self
        copy.user = user
        return copy
    }
}

extension V4Profile: CarriesUser {}
extension V4TokenGrant: CarriesUser {}
extension V4AdminGrant: CarriesUser {}
extension V4Verification: CarriesUser {}
