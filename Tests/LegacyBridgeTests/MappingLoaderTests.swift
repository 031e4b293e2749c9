import BridgeKit
import LegacyAPI
import Testing

/// Mappings are data, validated at start-up: a broken file names its file, line and reason.
@Suite struct MappingLoaderTests {
    let loader = MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary)

    static let errors = """
        defaults:
          TOKEN_MISSING: {code: 2001, msg: 用户未登录, status: 401}
        fallback: {code: 5001, msg: 服务器内部错误, status: 500}
        """

    func failure(_ yaml: String) -> MappingError? {
        do {
            _ = try loader.load(files: [("errors.yaml", Self.errors), ("broken.yaml", yaml)])
            return nil
        } catch let error as MappingError {
            return error
        } catch {
            return nil
        }
    }

    @Test func theShippedMappingsLoad() throws {
        let set = try loader.load(directory: TestBridge.mappingsDirectory)
        #expect(set.route("auth.login")?.paths == ["/api/auth/login"])
        #expect(set.route("auth.login")?.fields.first?.aliases == ["mobile", "phone"])
        #expect(set.legacyError(forV4Code: "TOKEN_EXPIRED", route: nil).code == 2002)
        #expect(set.legacyError(forV4Code: "INVALID_VERIFICATION_CODE", route: set.route("auth.login")).code == 1002)
        #expect(set.legacyError(forV4Code: "SOMETHING_NEW", route: nil).code == 5001)
    }

    @Test func unknownTranslationNamesFileAndLine() throws {
        let error = try #require(failure("""
            routes:
              - id: auth.login2
                method: POST
                paths: [/api/auth/login2]
                auth: none
                translation: auth.logn
                message: ok
            """))
        #expect(error.file == "broken.yaml")
        #expect(error.line == 6)
        #expect(error.reason.contains("unknown translation 'auth.logn'"))
    }

    @Test(arguments: [
        ("routes:\n  - id: x\n    method: POST\n    paths: [/a]\n    auth: none\n    translation: auth.login\n    message: m\n    colour: red\n",
         8, "unknown key 'colour'"),
        ("routes:\n  - id: x\n    method: FETCH\n    paths: [/a]\n    auth: none\n    translation: auth.login\n    message: m\n",
         3, "unknown method"),
        ("routes:\n  - id: x\n    method: POST\n    paths: [/a]\n    auth: admin\n    translation: auth.login\n    message: m\n",
         5, "unknown auth"),
        ("routes:\n  - id: x\n    method: POST\n    paths: [/a]\n    auth: none\n    translation: auth.login\n    message: m\n    fields:\n      mobile: {type: phone}\n",
         9, "unknown field type"),
        ("routes:\n  - id: x\n    method: POST\n    paths: [/a]\n    auth: none\n    translation: auth.login\n    message: m\n    errors:\n      not_a_code: {code: 1, msg: m}\n",
         9, "neither a V4 error code nor a bridge failure"),
        // Well-formed but documented nowhere: a typo of INSUFFICIENT_POINTS.
        ("routes:\n  - id: x\n    method: POST\n    paths: [/a]\n    auth: none\n    translation: auth.login\n    message: m\n    errors:\n      INSUFFICENT_POINTS: {code: 1, msg: m}\n",
         9, "neither a V4 error code nor a bridge failure"),
        ("defaults:\n  ACCESS_DENIED: {code: 1, msg: m}\n", 2, "is not a V4 error code"),
        ("shapes:\n  s:\n    view: user\n    fields: [user_id, favourite_colour]\n", 4, "has no field 'favourite_colour'"),
        ("shapes:\n  s:\n    view: robot\n    fields: [user_id]\n", 3, "unknown view"),
        ("bridge:\n  on_fire: {code: 1, msg: m}\n", 2, "unknown bridge failure"),
        ("routes:\n  - id: x\n    method: POST\n    paths: [/api/v4/x]\n    auth: none\n    translation: auth.login\n    message: m\n",
         4, "not be a V4 path"),
        ("routes:\n  - id: x\n    method: POST\n    paths: [/a]\n    auth: none\n    translation: auth.login\n", 2, "missing key 'message'"),
        ("defaults:\n  TOKEN_MISSING: {code: 2001}\n", 2, "missing key 'msg'"),
        ("routes: [\n", 0, "invalid YAML"),
        ("routes:\n  - id: x\n    method: POST\n    paths: [/a]\n    auth: none\n    translation: auth.login\n    message: m\n    shadow: {percent: 150}\n",
         8, "shadow percent must be 0…100"),
        ("routes:\n  - id: x\n    method: GET\n    paths: [/a]\n    auth: none\n    translation: auth.login\n    message: m\n    shadow: {writes: true}\n",
         8, "shadow writes is for a write"),
    ])
    func brokenMappingsFailWithFileLineAndReason(_ yaml: String, _ line: Int, _ reason: String) throws {
        let error = try #require(failure(yaml), "expected a failure for: \(yaml)")
        #expect(error.file == "broken.yaml")
        if line > 0 { #expect(error.line == line, "\(error)") }
        #expect(error.reason.contains(reason), "\(error)")
    }

    @Test func theSamePathMappedTwiceIsRefused() throws {
        let error = try #require(failure("""
            routes:
              - id: a
                method: POST
                paths: [/api/auth/login]
                auth: none
                translation: auth.login
                message: m
            """ + "\n" + """
              - id: b
                method: POST
                paths: [/api/auth/login]
                auth: none
                translation: auth.login
                message: m
            """))
        #expect(error.reason.contains("mapped by both"))
    }

    /// The shipped mappings with one text replaced in one file.
    func shippedFailure(_ file: String, _ old: String, _ new: String) throws -> MappingError? {
        var files = try MappingFiles.read(directory: TestBridge.mappingsDirectory)
        let index = try #require(files.firstIndex { $0.name.hasSuffix(file) })
        let range = try #require(files[index].text.range(of: old), "\(old) not in \(file)")
        files[index].text.replaceSubrange(range, with: new)
        do {
            _ = try loader.load(files: files)
            return nil
        } catch let error as MappingError {
            return error
        }
    }

    /// The Swift ↔ YAML contract, both ways: what a translation reads must be mapped, what a
    /// mapping gives must be read, every bridge failure must have a legacy error.
    @Test(arguments: [
        ("lottery.yaml", "      prize_types: {points: points, coupon: coupon, voucher: coupon, physical: item}\n", "",
         "lacks param 'prize_types', which translation 'lottery.config' reads"),
        ("lottery.yaml", "      campaign_code: BASIC_LOTTERY\n", "      campaign_code: BASIC_LOTTERY\n      colour: red\n",
         "param 'colour' of route 'lottery.config' is not read by translation 'lottery.config'"),
        ("user.yaml", "  user_status:", "  user_state:", "reads shape 'user_status', which no mapping defines"),
        ("user.yaml", "      nickname: {type: string, max_length: 50}\n", "      nickname: {type: string, max_length: 50}\n      gender: {type: string}\n",
         "field 'gender' of route 'user.update_info' is not read by translation 'user.update_info'"),
        ("user.yaml", "      avatar: {type: string, max_length: 500}\n", "",
         "route 'user.update_info' lacks field 'avatar', which translation 'user.update_info' reads"),
        ("errors.yaml", "  invalid_value:", "  # invalid_value:", "bridge failure 'invalid_value' has no legacy error"),
    ])
    func translationsAndMappingsAgreeBothWays(_ file: String, _ old: String, _ new: String, _ reason: String) throws {
        let error = try #require(try shippedFailure(file, old, new), "expected a failure for \(file): \(new)")
        #expect(error.reason.contains(reason), "\(error)")
        #expect(error.file.hasSuffix(file) || reason.contains("shape"), "\(error)")
        #expect(error.line > 0 || file == "errors.yaml", "\(error)")
    }
}
