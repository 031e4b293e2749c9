import BridgeKit
/// A file sent in a multipart form, as both sides of the seam hold it: the bytes and what the
/// client said about them (neither the name nor the type is trusted by the core).
@PublicInit
public struct V4UploadedFile: Sendable, Equatable {
    public var fileName: String?
    public var contentType: String?
    public var bytes: [UInt8]
}
