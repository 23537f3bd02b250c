import XCTest
@testable import VeilModel

final class HeapTests: XCTestCase {
    /// Popping a min-heap gives its elements in ascending order, duplicates included.
    func testMinHeapPopsInOrder() {
        var g = SystemRandomNumberGenerator()
        let values = (0..<500).map { _ in Int.random(in: -50...50, using: &g) }
        var heap = Heap<Int>(precedes: <)
        for v in values { heap.push(v) }
        XCTAssertEqual(heap.count, values.count)
        var out: [Int] = []
        while let x = heap.pop() { out.append(x) }
        XCTAssertEqual(out, values.sorted())
        XCTAssertTrue(heap.isEmpty)
        XCTAssertNil(heap.top)
        XCTAssertNil(heap.pop())
    }

    /// `top` is the element no other precedes, under any ordering (here, a max-heap of pairs),
    /// and interleaved pushes and pops keep it so.
    func testTopFollowsTheOrderingThroughInterleavedPushesAndPops() {
        var heap = Heap<(Int, String)> { a, b in a.0 > b.0 || (a.0 == b.0 && a.1 < b.1) }
        heap.push((3, "c")); heap.push((7, "a")); heap.push((7, "b")); heap.push((1, "z"))
        XCTAssertEqual(heap.top?.1, "a")
        XCTAssertEqual(heap.pop()?.1, "a")
        heap.push((9, "y"))
        XCTAssertEqual(heap.pop()?.1, "y")
        XCTAssertEqual(heap.pop()?.1, "b")
        XCTAssertEqual(heap.pop()?.1, "c")
        XCTAssertEqual(heap.pop()?.1, "z")
        XCTAssertNil(heap.pop())
    }
}
