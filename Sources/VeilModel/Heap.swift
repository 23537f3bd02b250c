/// A binary heap: `top` is the element that no other precedes under `precedes`. Push and pop
/// are O(log n). The policy engine and the HTML report sweep findings with it, so that asking
/// "which open span ends first?" never scans every finding.
public struct Heap<Element> {
    private var items: [Element] = []
    private let precedes: (Element, Element) -> Bool

    /// An empty heap ordered by `precedes` (`<` gives a min-heap).
    public init(precedes: @escaping (Element, Element) -> Bool) { self.precedes = precedes }

    public var top: Element? { items.first }
    public var count: Int { items.count }
    public var isEmpty: Bool { items.isEmpty }

    public mutating func push(_ x: Element) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard precedes(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns `top` (nil when empty).
    @discardableResult
    public mutating func pop() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let x = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < items.count && precedes(items[l], items[best]) { best = l }
            if r < items.count && precedes(items[r], items[best]) { best = r }
            if best == i { break }
            items.swapAt(i, best)
            i = best
        }
        return x
    }
}
