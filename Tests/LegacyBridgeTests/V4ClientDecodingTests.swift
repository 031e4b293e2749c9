import BridgeKit
import LegacyAPI
import NIOCore
import Testing
import V4Core

/// The HTTP client reads what either V4 document describes.
@Suite struct V4ClientDecodingTests {
    static func decode<T: Decodable>(_ json: String, status: Int = 200, as type: T.Type) throws(V4ClientError) -> T {
        try HTTPUpstreamTransport.decode(ByteBuffer(string: json), status: status, as: type)
    }

    static let prize = #"{"id": 2, "name": "九八折券", "type": "coupon", "rarity": "uncommon", "available": true, "display_value": "中价值", "status": "active"}"#

    @Test(arguments: [
        #"{"success": true, "data": [@PRIZE@]}"#,
        #"{"success": true, "code": "PRIZES_SUCCESS", "data": {"prizes": [@PRIZE@]}}"#,
        #"{"data": [@PRIZE@]}"#,
    ])
    func prizeListsBareOrWrapped(_ template: String) throws {
        let list = try Self.decode(template.replacingOccurrences(of: "@PRIZE@", with: Self.prize),
                                   as: V4ListPayload<V4PublicPrize>.self)
        #expect(list.items.map(\.name) == ["九八折券"])
        #expect(list.items.first?.angle == nil, "extensions are optional")
    }

    @Test(arguments: [
        #"{"page": 2, "limit": 20, "total": 45, "total_pages": 3}"#,
        #"{"page": 2, "limit": 20, "total": 45, "pages": 3}"#,
        #"{"current_page": 2, "total_pages": 3, "total_records": 45, "limit": 20, "has_next": true, "has_previous": true}"#,
    ])
    func paginationInEveryNaming(_ json: String) throws {
        let pagination = try Self.decode(#"{"success": true, "data": \#(json)}"#, as: V4Pagination.self)
        #expect(pagination == V4Pagination(page: 2, limit: 20, total: 45))
    }

    @Test func errorsWithoutSuccessFlagUseTheStatus() {
        #expect(throws: V4ClientError.rejected(code: "USER_NOT_FOUND", message: "用户不存在", status: 404, data: nil)) {
            _ = try Self.decode(#"{"error": "USER_NOT_FOUND", "message": "用户不存在"}"#, status: 404, as: V4Profile.self)
        }
    }
}
