import BridgeKit
@testable import LegacyAPI
import Synchronization
import Testing

/// A legacy view works out only the fields a shape reads, and reads the same as the whole
/// object it used to be built as.
@Suite struct LegacyViewTests {
    /// Counts which fields were worked out.
    final class Reads: Sendable {
        let names = Mutex<[String]>([])
        func note(_ name: String) { names.withLock { $0.append(name) } }
    }

    static func fields(_ reads: Reads) -> LegacyViewFields<Int> {
        LegacyViewFields<Int>([
            "id": { reads.note("id"); return .int(Int64($0)) },
            "double": { reads.note("double"); return .int(Int64($0 * 2)) },
            "label": { reads.note("label"); return .string("n\($0)") },
        ])
    }

    @Test func readingAFieldWorksOutThatFieldOnly() {
        let reads = Reads()
        let view = Self.fields(reads).make(21)
        #expect(reads.names.withLock { $0 }.isEmpty)
        #expect(view["double"] == .int(42))
        #expect(view["missing"] == nil)
        #expect(reads.names.withLock { $0 } == ["double"])
    }

    @Test func theObjectKeepsTheFieldOrderAndPutsSetFieldsInPlace() {
        var view = Self.fields(Reads()).make(3)
        view["label"] = "three"
        view["level"] = .int(1)
        #expect(view["label"] == "three")
        let object = view.object
        #expect(object.keys == ["id", "double", "label", "level"])
        #expect(object["label"] == "three")
        #expect(object["level"] == .int(1))
        // Setting nil takes back only what was set.
        view["label"] = nil
        #expect(view["label"] == "n3")
        #expect(view.object["label"] == "n3")
        #expect(view.object.keys == ["id", "double", "label", "level"])
    }

    /// Picking a shape's fields one by one from the view gives what picking them from the whole
    /// object gave (`shaped` before views were worked out on reading).
    @Test func pickingFromTheViewMatchesPickingFromTheWholeObject() {
        let reads = Reads()
        let view = Self.fields(reads).make(5)
        let whole = view.object
        for shape in [["label", "id"], ["double"], ["id", "nope", "label"], []] {
            var expected = JSONObject()
            for name in shape { expected[name] = whole[name] ?? .null }
            var lazy = JSONObject()
            for name in shape { lazy[name] = view[name] ?? .null }
            #expect(lazy == expected)
            #expect(lazy.keys == expected.keys)
        }
    }
}
