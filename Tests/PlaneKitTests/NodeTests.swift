import Testing
@testable import PlaneKit

@Suite struct NodeTests {
    @Test func mappingKeepsInsertionOrderAndRemovalReindexes() {
        var m = Mapping()
        m["b"] = .int(1)
        m["a"] = .int(2)
        m["c"] = .int(3)
        m.remove("b")
        #expect(m.keys == ["a", "c"])
        #expect(m["c"]?.int == 3)
    }

    @Test func scalarTextFollowsGoFormatting() {
        #expect(Node(.double(0.5)).scalarText == "0.5")
        #expect(Node(.double(2)).scalarText == "2")
        #expect(Node.bool(true).scalarText == "true")
    }
}
