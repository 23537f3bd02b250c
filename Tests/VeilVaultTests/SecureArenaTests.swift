import XCTest
import VeilVault

/// Originals held in a `SecureArena`: a few guarded regions for any number of records.
final class SecureArenaTests: XCTestCase {
    func testFiftyThousandRecordsShareAFewRegionsAndKeepTheirBytes() throws {
        // One `sodium_malloc` region per record ran the process out of memory mappings near
        // 16,000 records (SIGILL); the arena grows geometrically.
        var arena = SecureArena(capacity: 1024)
        var views: [SecureBytes] = []
        var expected: [[UInt8]] = []
        for i in 0..<50_000 {
            let bytes = Array("original \(i) \(String(repeating: "x", count: i % 17))".utf8)
            expected.append(bytes)
            views.append(try arena.append(bytes))
        }
        XCTAssertLessThanOrEqual(arena.regions, 20, "geometric growth: O(log n) regions")
        for (v, e) in zip(views, expected) { XCTAssertEqual(v.copyBytes(), e) }
    }

    func testEmptyAndLargeAppends() throws {
        var arena = SecureArena(capacity: 8)
        let empty = try arena.append([UInt8]())
        XCTAssertEqual(empty.count, 0)
        let big = [UInt8](repeating: 0xAB, count: 100_000)
        let v = try arena.append(big[...])
        XCTAssertEqual(v.copyBytes(), big)
        let small = try arena.append([1, 2, 3])
        XCTAssertEqual(small.copyBytes(), [1, 2, 3])
        XCTAssertEqual(v.copyBytes(), big, "a later append never overwrites an earlier view")
    }

    func testViewsOutliveTheArena() throws {
        var view: SecureBytes?
        do {
            var arena = SecureArena()
            view = try arena.append(Array("Kangan-dong".utf8))
        }
        XCTAssertEqual(view?.utf8String(), "Kangan-dong")
    }

    func testFailedAllocationThrowsInsteadOfStopping() {
        // More than any machine has: sodium_malloc returns NULL, which must be an error.
        XCTAssertThrowsError(try SecureBytes.allocate(count: Int.max / 2)) { error in
            XCTAssertEqual(error as? SecureMemoryError, .outOfMemory(bytes: Int.max / 2))
        }
        XCTAssertEqual(try SecureBytes.copying([9, 8, 7]).copyBytes(), [9, 8, 7])
    }
}
