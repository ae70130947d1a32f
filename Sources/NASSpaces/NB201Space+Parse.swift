import NASCore

extension NB201Space {
    /// Parses an official arch string, e.g. `|nor_conv_3x3~0|+|none~0|skip_connect~1|+|...|`.
    ///
    /// Surrounding whitespace is ignored. Throws `NaswiftError.malformedArchitecture` naming the
    /// first problem: wrong number of `+`-separated node groups, a group with the wrong number of
    /// edges, an edge without `~`, an unknown op name, or a wrong source index.
    public func parse(_ text: String) throws -> NB201Cell {
        if let cell = NB201Space.fastParse(text) { return cell }
        return try detailedParse(text)
    }

    /// The official op names as UTF-8 bytes.
    private static let opBytes: [[UInt8]] = opNames.map { Array($0.utf8) }

    /// A byte-level parse of a well-formed string (no surrounding whitespace); nil on anything
    /// unusual, which `detailedParse` then explains.
    static func fastParse(_ text: String) -> NB201Cell? {
        var t = text
        return t.withUTF8 { u -> NB201Cell? in
            var p = 0
            var code = 0
            for node in 1...3 {
                if node > 1 { guard p < u.count, u[p] == UInt8(ascii: "+") else { return nil }; p += 1 }
                guard p < u.count, u[p] == UInt8(ascii: "|") else { return nil }
                p += 1
                for src in 0..<node {
                    var found = -1
                    for (o, name) in opBytes.enumerated() where p + name.count + 3 <= u.count {
                        var ok = true
                        for k in 0..<name.count where u[p + k] != name[k] { ok = false; break }
                        if ok && u[p + name.count] == UInt8(ascii: "~") { found = o; p += name.count + 1; break }
                    }
                    guard found >= 0, u[p] == UInt8(48 + src), u[p + 1] == UInt8(ascii: "|") else { return nil }
                    p += 2
                    code = code * NB201Cell.opCount + found
                }
            }
            return p == u.count ? NB201Cell(uncheckedCode: code) : nil
        }
    }

    /// The character-level parse that names the first problem.
    func detailedParse(_ text: String) throws -> NB201Cell {
        let trimmed = text.trimmingWhitespace()
        func fail(_ reason: String) -> NaswiftError {
            NaswiftError.malformedArchitecture(text, space: "nb201", reason: reason, example: NB201Space.example)
        }
        if trimmed.isEmpty { throw fail("the string is empty") }
        let groups = trimmed.split(separator: "+", omittingEmptySubsequences: false)
        guard groups.count == 3 else {
            throw fail("expected 3 node groups separated by '+' (edges into nodes 1, 2, 3), found \(groups.count)")
        }
        var ops: [Int] = []
        ops.reserveCapacity(6)
        for (g, group) in groups.enumerated() {
            let node = g + 1
            guard group.hasPrefix("|"), group.hasSuffix("|"), group.count >= 2 else {
                throw fail("node \(node) group '\(group)' must start and end with '|'")
            }
            let edges = group.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false)
            guard edges.count == node else {
                throw fail("node \(node) must have \(node) incoming edge\(node == 1 ? "" : "s"), found \(edges.count) in '\(group)'")
            }
            for (src, edge) in edges.enumerated() {
                let parts = edge.split(separator: "~", omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw fail("edge '\(edge)' into node \(node) must have the form op~\(src)")
                }
                let opName = String(parts[0])
                guard let op = NB201Space.opNames.firstIndex(of: opName) else {
                    throw fail("unknown op '\(opName)' (valid ops: \(NB201Space.opNames.joined(separator: ", ")))")
                }
                guard let idx = Int(parts[1]) else {
                    throw fail("source index '~\(parts[1])' of edge '\(edge)' is not a number")
                }
                guard idx == src else {
                    throw fail("bad source index '~\(parts[1])' in edge '\(edge)': edge \(src + 1) into node \(node) must come from node \(src)")
                }
                ops.append(op)
            }
        }
        // All six codes are in range by construction.
        var c = 0
        for o in ops { c = c * NB201Cell.opCount + o }
        return NB201Cell(uncheckedCode: c)
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs, carriage returns and newlines.
    func trimmingWhitespace() -> String {
        let ws: Set<Character> = [" ", "\t", "\r", "\n", "\r\n"]
        var s = Substring(self)
        while let f = s.first, ws.contains(f) { s = s.dropFirst() }
        while let l = s.last, ws.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
