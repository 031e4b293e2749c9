/// `photo/...` ([B] §3.5): the caller's own uploads.
extension V4API {
    public enum Photo {
        public static let myUploads = V4Endpoint<V4UploadsQuery, V4PhotoUploads>(
            "photo.my_uploads", .get, "photo/my-uploads", access: .bearer, code: "MY_UPLOADS_SUCCESS", message: "上传历史获取成功")
        public static let myStats = V4Endpoint<V4NoInput, V4PhotoStatistics>(
            "photo.my_stats", .get, "photo/my-stats", access: .bearer, code: "MY_STATS_SUCCESS", message: "上传统计信息获取成功")

        static let all: [any V4EndpointDescription] = [myUploads, myStats]
    }
}

public struct V4UploadsQuery: V4EndpointInput, Equatable {
    public var page: V4PageQuery
    public var reviewStatus: String?

    public init(page: V4PageQuery, reviewStatus: String? = nil) {
        self.page = page
        self.reviewStatus = reviewStatus
    }

    public init(from input: V4Input) throws(V4Error) {
        self.init(page: try V4PageQuery(from: input), reviewStatus: input.queryString("review_status"))
    }

    public func write(to input: inout V4Input) {
        page.write(to: &input)
        input.setQuery("review_status", reviewStatus)
    }

    public func validate() throws(V4Error) { try page.validate() }
}
