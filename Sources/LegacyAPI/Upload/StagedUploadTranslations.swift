import BridgeKit
import V4Contract

/// `GET /api/v1/upload/token` (legacy inventory §4.3.1): an upload URL on this server and a
/// token for one upload by the caller (V4 verifies who that is).
struct UploadTokenTranslation: LegacyTranslation {
    static let name = "v1.upload.token"
    static let reads = MappingReads(fields: ["file_type", "purpose"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        let user = try await call.v4(V4API.Auth.verify, V4NoInput()).user
        guard let staging = call.uploads else { throw LegacyError(call.mappings.legacyError(forFailure: .internalError, route: call.route)) }
        let token = staging.issue(userId: user.userId, purpose: call.input.string("purpose") ?? "receipt")
        return LegacyReply(data: [
            "uploadUrl": call.absoluteURL("/api/v1/upload/file"), "token": .string(token),
            "expire": .int(staging.limits.tokenLifetime.components.seconds), "maxSize": .int(Int64(staging.limits.maxSize)),
            "allowedTypes": ["jpg", "png", "jpeg"],
        ])
    }
}

/// `POST /api/v1/upload/file` (§6.1 step 2, `wx.uploadFile` with `name: 'file'` and the upload
/// token as the bearer): the file is checked against the token and staged; its `fileUrl` is what
/// the submit names.
struct UploadFileTranslation: LegacyTranslation {
    static let name = "v1.upload.file"
    static let reads = MappingReads(fields: ["file"])

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        guard let staging = call.uploads, let token = call.token, let file = call.input.file("file") else {
            throw LegacyError(call.mappings.legacyError(forFailure: .uploadTokenInvalid, route: call.route))
        }
        do {
            let id = try staging.accept(token: token, file: file)
            return LegacyReply(data: ["fileUrl": call.absoluteURL("/api/v1/upload/files/" + id)])
        } catch .invalidToken, .unknownFile {
            throw LegacyError(call.mappings.legacyError(forFailure: .uploadTokenInvalid, route: call.route))
        } catch .tooLarge {
            throw LegacyError(call.mappings.legacyError(forV4Code: "FILE_TOO_LARGE", route: call.route))
        } catch .unsupportedType {
            throw LegacyError(call.mappings.legacyError(forV4Code: "INVALID_FILE_TYPE", route: call.route))
        }
    }
}
