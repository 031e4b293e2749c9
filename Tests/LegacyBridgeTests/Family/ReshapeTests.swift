import BridgeKit
@testable import LegacyAPI
import Testing
import Yams

/// The family reshape: every kind of leaf, lists, the root, the V4 source and the request input;
/// and a malformed `reshape:` is refused at load with its line.
@Suite struct ReshapeTests {
    static func reshape(_ yaml: String) throws -> Reshape {
        try Reshape.read(try #require(try Yams.compose(yaml: yaml)), doc: YAMLReader(file: "test.yaml"))
    }

    static let family: FamilySpec = {
        var family = FamilySpec(name: "v1", prefix: "/api/v1", envelope: .e2, fallbackError: LegacyErrorSpec(code: 1000, msg: "系统错误", status: 500, origin: "test"))
        family.idPrefixes = ["user": "user_", "record": "record_"]
        return family
    }()

    @Test func everyLeafKindListsRootSourceAndInput() throws {
        let shape = try Self.reshape("""
            userId: {from: user.user_id, id: user}
            phone: {input: mobile}
            role: {from: user.is_merchant, map: {"true": merchant, "false": user}}
            level: {from: user.level, default: 普通会员}
            constant: {value: 7}
            fromSource: "@config.status"
            records:
              each: records
              as:
                recordId: {from: id, id: record}
                amount: {from: points, abs: true}
                owner: /user.nickname
                unknownKind: {from: id, id: nothing}
            """)
        let data: JSONValue = [
            "user": ["user_id": 42, "is_merchant": false, "nickname": "张三"],
            "records": [["id": 1, "points": -100], ["id": 2, "points": 50.5]],
        ]
        var input = LegacyInput(values: ["mobile": "13800138000"])
        input.values["ignored"] = .null
        let out = shape.apply(to: data, source: ["config": ["status": "active"]], input: input, family: Self.family)
        #expect(out == [
            "userId": "user_42", "phone": "13800138000", "role": "user", "level": "普通会员", "constant": 7, "fromSource": "active",
            "records": [
                ["recordId": "record_1", "amount": 100, "owner": "张三", "unknownKind": "1"],
                ["recordId": "record_2", "amount": 50.5, "owner": "张三", "unknownKind": "2"],
            ],
        ])
        // Nothing to read: nulls and an empty list, never a crash.
        let empty = shape.apply(to: .null, input: LegacyInput(values: [:]), family: Self.family)
        #expect(empty["records"] == [] && empty["userId"] == .null && empty["level"] == "普通会员")
    }

    @Test func malformedReshapesAreRefusedWithTheirLine() {
        #expect(throws: MappingError.self) { try Self.reshape("a: {from: x, value: 1}") }
        #expect(throws: MappingError.self) { try Self.reshape("a: {from: x, shout: true}") }
        #expect(throws: MappingError.self) { try Self.reshape("a: {each: records}") }
    }
}
