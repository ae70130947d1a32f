/// One NAS-Bench-201 cell: an op code (0..4, see `NB201Space.opNames`) on each of the 6 edges.
///
/// Edge order is the official string order: e1 = 0->1, e2 = 0->2, e3 = 1->2, e4 = 0->3,
/// e5 = 1->3, e6 = 2->3. The cell is stored as its internal `code` in 0..15624: the six op codes
/// read as a base-5 number with e1 the most significant digit, so code order is the lexicographic
/// order of the op tuples. This code is stable but it is NOT the official NB201 index (use
/// `NB201Index` for that).
public struct NB201Cell: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Number of edges of a cell.
    public static let edgeCount = 6
    /// Number of distinct ops per edge.
    public static let opCount = 5
    /// Number of cells of the space (5^6).
    public static let cellCount = 15_625

    /// Base-5 code of the six edge ops, e1 most significant; 0..15624.
    public let code: UInt16

    /// The cell with internal code `code` (must be in 0..15624).
    public init?(code: Int) {
        guard code >= 0, code < NB201Cell.cellCount else { return nil }
        self.code = UInt16(code)
    }

    /// The cell with op codes `ops` (6 values in 0..4, edge order e1..e6); nil if out of range.
    public init?(ops: [Int]) {
        guard ops.count == NB201Cell.edgeCount, ops.allSatisfy({ (0..<NB201Cell.opCount).contains($0) })
        else { return nil }
        var c = 0
        for o in ops { c = c * NB201Cell.opCount + o }
        self.code = UInt16(c)
    }

    @usableFromInline
    init(uncheckedCode: Int) { self.code = UInt16(uncheckedCode) }

    /// Op code (0..4) of edge `edge` (0-based, string order).
    @inlinable
    public func op(_ edge: Int) -> Int {
        var c = Int(code)
        for _ in 0..<(NB201Cell.edgeCount - 1 - edge) { c /= NB201Cell.opCount }
        return c % NB201Cell.opCount
    }

    /// The six op codes in edge order e1..e6.
    public var ops: [Int] { (0..<NB201Cell.edgeCount).map(op) }

    /// The cell with edge `edge` set to op `newOp`.
    public func replacing(edge: Int, with newOp: Int) -> NB201Cell {
        var o = ops
        o[edge] = newOp
        var c = 0
        for v in o { c = c * NB201Cell.opCount + v }
        return NB201Cell(uncheckedCode: c)
    }

    public static func < (a: NB201Cell, b: NB201Cell) -> Bool { a.code < b.code }

    /// The official arch string.
    public var description: String { NB201Space().format(self) }
}
