import NASCore

extension NB101Space {
    /// Parses `<adjacency bits>:<ops>` (surrounding whitespace ignored; spaces after commas allowed).
    ///
    /// The number of ops fixes n; the bits must be exactly n*n characters of 0/1, row-major. The
    /// cell is then pruned and validated (see `NB101Cell.init(matrix:ops:)`). Errors name the
    /// problem: missing colon, unknown op, wrong bit count, a character other than 0/1, a
    /// non-upper-triangular adjacency, misplaced input/output, no path, too many vertices/edges.
    public func parse(_ text: String) throws -> NB101Cell {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { throw NB101Space.malformed(text, "the string is empty") }
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw NB101Space.malformed(text, "expected '<adjacency bits>:<comma-separated ops>' with exactly one ':', found \(parts.count - 1)")
        }
        let opNames = parts[1].split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        var ops: [NB101Op] = []
        for name in opNames {
            guard let op = NB101Op(name: name) else {
                throw NB101Space.malformed(text, "unknown op '\(name)' (valid: input, conv3x3-bn-relu, conv1x1-bn-relu, maxpool3x3, output; aliases conv3x3, conv1x1)")
            }
            ops.append(op)
        }
        let n = ops.count
        let bits = Array(parts[0].utf8)
        guard bits.count == n * n else {
            throw NB101Space.malformed(text, "\(n) ops need \(n)x\(n) = \(n * n) adjacency bits, found \(bits.count)")
        }
        var adj: [Bool] = []
        adj.reserveCapacity(n * n)
        for (k, b) in bits.enumerated() {
            guard b == UInt8(ascii: "0") || b == UInt8(ascii: "1") else {
                throw NB101Space.malformed(text, "adjacency character \(k + 1) is '\(Character(Unicode.Scalar(b)))'; only 0 and 1 are allowed")
            }
            adj.append(b == UInt8(ascii: "1"))
        }
        return try NB101Cell(vertexCount: n, adjacency: adj, ops: ops, text: text)
    }
}
