import BridgeKit
import Hummingbird
import ServerKit
import V4Contract

extension V4Input {
    /// Largest JSON body a V4 route reads.
    static let maxBodySize = 1024 * 1024

    /// The HTTP parts of a request to an endpoint whose template names `pathNames`.
    static func read(_ request: Request, context: AppRequestContext, pathNames: [String], bodyLimit: Int = maxBodySize)
        async throws -> V4Input
    {
        var input = V4Input(bearerToken: request.bearerToken)
        for (key, value) in request.uri.queryParameters { input.query[String(key)] = String(value) }
        for name in pathNames { input.path[name] = context.parameters.get(name) }
        guard request.method == .post || request.method == .put || request.method == .patch else { return input }
        if MultipartForm.boundary(ofContentType: request.headers[.contentType]) != nil {
            do {
                let form = try await MultipartForm.read(request, limit: bodyLimit)
                for (name, value) in form.fields { input.body[name] = .string(value) }
                input.files = form.files
            } catch .tooLarge {
                throw V4Error(.fileTooLarge)
            } catch {
                throw V4Error(.invalidRequest, "multipart 请求体无法解析")
            }
            return input
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: min(bodyLimit, maxBodySize))
        } catch {
            throw V4Error(.payloadTooLarge)
        }
        if buffer.readableBytes == 0 { return input }
        guard case .object(let object) = try? JSONValue.parse(buffer.readableBytesView) else {
            throw V4Error(.invalidRequest, "请求体必须是JSON对象")
        }
        input.body = object
        return input
    }
}
