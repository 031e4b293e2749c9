import BridgeKit
import V4Contract

/// Uploads in front of a V4 that keeps no amount and no legacy upload id (003): the bridge keeps
/// what the client typed and names the upload as the legacy backend did
/// (`upload_<user>_<unix>_<6 chars>`), by V4's resource id; the answers that show uploads show
/// them, and an id the bridge gave is turned back into V4's resource id on the way in.
extension BridgeStoreTransport {
    /// An upload V4 answered: the amount and a legacy id kept when V4's answer has neither.
    func keepUpload(_ result: V4PhotoUploadResult, sent request: V4PhotoUploadRequest, _ credentials: V4Credentials)
        async throws(V4ClientError) -> V4PhotoUploadResult
    {
        let upload = result.upload
        let sentCents = request.amount.flatMap(V4Money.cents)
        let hasLegacyId = upload.uploadId != String(upload.resourceId)
        guard upload.amountCents == nil && sentCents != nil || !hasLegacyId else { return result }
        var uploadId = upload.uploadId
        if !hasLegacyId {
            guard let profile = try? await inner.call(V4API.Auth.profile, V4NoInput(), as: credentials) else { return result }
            uploadId = Self.legacyUploadId(userId: profile.user.userId, at: clock())
        }
        let kept = BridgeUpload(resourceId: upload.resourceId, uploadId: uploadId, amountCents: upload.amountCents ?? sentCents)
        do {
            try store.saveUpload(kept, at: clock())
        } catch {
            // The upload is committed in V4: answer it; the amount is lost, never the upload.
            return result
        }
        var copy = result
        copy.upload = Self.overlaid(upload, kept)
        return copy
    }

    /// `upload_<user>_<unix>_<6 chars>`.
    static func legacyUploadId(userId: Int64, at now: Date) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        let suffix = String((0..<6).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        return "upload_\(userId)_\(Int(now.timeIntervalSince1970))_\(suffix)"
    }

    static func overlaid(_ upload: V4PhotoUpload, _ kept: BridgeUpload?) -> V4PhotoUpload {
        guard let kept else { return upload }
        var copy = upload
        if copy.uploadId == String(copy.resourceId) { copy.uploadId = kept.uploadId }
        if copy.amountCents == nil { copy.amountCents = kept.amountCents }
        return copy
    }

    /// The uploads of an answer with the kept fields over V4's (nil: not an answer with uploads).
    func withKeptUploads<Output>(_ output: Output) -> Output? {
        func kept(_ ids: [Int64]) -> [Int64: BridgeUpload] { (try? store.uploads(of: ids)) ?? [:] }
        switch output {
        case let list as V4PhotoUploads:
            let saved = kept(list.uploads.map(\.resourceId))
            var copy = list
            copy.uploads = list.uploads.map { Self.overlaid($0, saved[$0.resourceId]) }
            return copy as? Output
        case let pending as V4PendingReviews:
            let saved = kept(pending.images.map(\.resourceId))
            var copy = pending
            copy.images = pending.images.map { Self.overlaid($0, saved[$0.resourceId]) }
            return copy as? Output
        case let upload as V4PhotoUpload:
            return Self.overlaid(upload, kept([upload.resourceId])[upload.resourceId]) as? Output
        case let result as V4PhotoReviewResult:
            guard let saved = kept([result.review.resourceId])[result.review.resourceId] else { return output }
            var copy = result
            if copy.review.uploadId == String(copy.review.resourceId) { copy.review.uploadId = saved.uploadId }
            if copy.review.amountCents == nil { copy.review.amountCents = saved.amountCents }
            return copy as? Output
        default:
            return nil
        }
    }

    /// An input naming an upload by an id the bridge gave, with V4's resource id instead.
    func withResourceIds<Input>(_ input: Input) -> Input {
        func resolved(_ id: String) -> String? {
            guard id.hasPrefix("upload_"), let resource = try? store.resourceId(ofUpload: id) else { return nil }
            return String(resource)
        }
        if var review = input as? V4PhotoReviewRequest, let id = resolved(review.resourceId) {
            review.resourceId = id
            return review as? Input ?? input
        }
        if var path = input as? V4PhotoPath, let id = resolved(path.id) {
            path.id = id
            return path as? Input ?? input
        }
        return input
    }
}
