/// A file sent in a multipart form, as both sides of the seam hold it: the bytes and what the
/// client said about them (neither the name nor the type is trusted by the core).
public struct V4UploadedFile: Sendable, Equatable {
    public var fileName: String?
    public var contentType: String?
    public var bytes: [UInt8]

    public init(fileName: String?, contentType: String?, bytes: [UInt8]) {
        self.fileName = fileName
        self.contentType = contentType
        self.bytes = bytes
    }
}
