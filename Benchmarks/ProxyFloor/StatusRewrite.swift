import BridgeKit
import Foundation

/// The gateway's body filter (scripts/bench.sh) in Swift: V4's `auth/profile` envelope into the
/// legacy `/api/user/status` answer, with BridgeKit's parser and serialiser.
enum StatusRewrite {
    static func legacyAnswer(fromV4 body: some Collection<UInt8>) -> [UInt8] {
        let answer: JSONValue
        if let v4 = try? JSONValue.parse(body), v4["success"]?.boolValue == true,
            let user = v4["data"]?["user"]?.objectValue
        {
            let merchant = user["roles"]?.arrayValue?.contains { $0["role_name"]?.stringValue == "merchant" } ?? false
            answer = [
                "code": 0, "msg": "success", "message": "success",
                "data": [
                    "user_id": user["user_id"] ?? .null, "status": user["status"] ?? .null, "is_merchant": .bool(merchant),
                    "last_active": .string(Timestamp.utc(Date())), "online_status": "online",
                    "permissions": [
                        "can_upload_photo": true, "can_exchange": true, "can_lottery": true,
                        "can_apply_merchant": .bool(!merchant),
                    ],
                ],
            ]
        } else {
            answer = ["code": 2001, "msg": "upstream answer unreadable", "message": "upstream answer unreadable", "data": .null]
        }
        return answer.serializedBytes()
    }
}
