import Foundation
import NASCore

/// Every unique NAS-Bench-101 cell (423,624), sorted by module hash, with lookup by hash.
///
/// Built by `NB101Space.enumerate`. `shared` enumerates once per process on first use (about a
/// second or two of CPU on 2 cores; see BENCHMARKS.md).
public struct NB101Catalog: Sendable {
    /// All unique cells, in increasing hash order.
    public let cells: [NB101Cell]

    /// Wraps cells already sorted by hash without duplicates.
    init(sortedCells: [NB101Cell]) { self.cells = sortedCells }

    /// The catalogue of the whole space, enumerated on first use and kept for the process.
    public static let shared = NB101Catalog(sortedCells: NB101Space.enumerate())

    public var count: Int { cells.count }

    /// The cell with module hash `hash` (binary search), or nil.
    public func cell(forHash hash: MD5Digest) -> NB101Cell? {
        var lo = 0, hi = cells.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if cells[mid].hash < hash { lo = mid + 1 } else { hi = mid }
        }
        return lo < cells.count && cells[lo].hash == hash ? cells[lo] : nil
    }

    /// The cell whose module hash has hex form `hex`; throws `invalidArgument` for text that is not
    /// 32 hex digits and `unknownName`-style `invalidArgument` when no cell has that hash.
    public func cell(forHash hex: String) throws -> NB101Cell {
        guard let d = MD5Digest(hex: hex.trimmingWhitespace()) else {
            throw NaswiftError.invalidArgument("'\(hex)' is not an NB101 module hash",
                                               hint: "a module hash is 32 hexadecimal digits")
        }
        guard let c = cell(forHash: d) else {
            throw NaswiftError.invalidArgument("no NB101 cell has module hash \(d.hex)",
                                               hint: "the hash must be one of the 423,624 nasbench module hashes")
        }
        return c
    }
}

extension NB101Space {
    /// All unique cells of the space (423,624), sorted by module hash.
    ///
    /// Method (the result is the set of nasbench's `generate_graphs`: every upper-triangular
    /// matrix on 2..7 vertices with at most 9 edges whose vertices all lie on input-to-output
    /// paths, with every labelling of its interior vertices, deduplicated by module hash):
    /// 1. enumerate the unlabelled matrices and keep one per isomorphism class (canonical code =
    ///    the smallest adjacency code over all permutations of the interior vertices);
    /// 2. per class, keep one labelling per orbit of the class's automorphism group (isomorphic
    ///    labelled cells always have the same hash, so nothing is lost);
    /// 3. hash the survivors on `threads` threads (default: all cores) and deduplicate by hash.
    public static func enumerate(threads: Int? = nil) -> [NB101Cell] {
        enumerateReporting(threads: threads).cells
    }

    /// What `enumerateReporting` did and how long each phase took (wall seconds).
    public struct EnumerationReport: Sendable {
        /// The unique cells, sorted by hash.
        public let cells: [NB101Cell]
        /// Labelled cells hashed (one per isomorphism class).
        public let candidates: Int
        public let threads: Int
        public let classSeconds: Double
        public let hashSeconds: Double
        public let dedupSeconds: Double
        public var totalSeconds: Double { classSeconds + hashSeconds + dedupSeconds }
    }

    /// `enumerate`, with the phase timings.
    public static func enumerateReporting(threads: Int? = nil) -> EnumerationReport {
        let t0 = DispatchTime.now().uptimeNanoseconds
        var jobs: [(n: Int, bits: UInt64, opBits: UInt16)] = []
        for n in 2...NB101Cell.maxVertices { jobs += labelledClasses(vertexCount: n) }
        let t1 = DispatchTime.now().uptimeNanoseconds
        let count = jobs.count
        let nThreads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        var digests = [MD5Digest](repeating: MD5Digest(hi: 0, lo: 0), count: count)
        digests.withUnsafeMutableBufferPointer { out in
            let box = DigestSink(base: out.baseAddress!)
            let chunks = nThreads == 1 ? 1 : nThreads * 8
            jobs.withUnsafeBufferPointer { jb in
                let jobBox = JobSource(base: jb.baseAddress!)
                let work: @Sendable (Int) -> Void = { c in
                    let lo = count * c / chunks, hi = count * (c + 1) / chunks
                    for k in lo..<hi {
                        let j = jobBox.base[k]
                        box.base[k] = NB101Hash.moduleHash(vertexCount: j.n, adjacencyBits: j.bits, opBits: j.opBits)
                    }
                }
                if nThreads == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: work) }
            }
        }
        let t2 = DispatchTime.now().uptimeNanoseconds
        let order = (0..<count).sorted { digests[$0] < digests[$1] }
        var cells: [NB101Cell] = []
        cells.reserveCapacity(count)
        var last: MD5Digest? = nil
        for k in order where digests[k] != last {
            let j = jobs[k]
            cells.append(NB101Cell(prunedVertexCount: j.n, adjacencyBits: j.bits, opBits: j.opBits, hash: digests[k]))
            last = digests[k]
        }
        let t3 = DispatchTime.now().uptimeNanoseconds
        return EnumerationReport(cells: cells, candidates: count, threads: nThreads,
                                 classSeconds: Double(t1 - t0) / 1e9, hashSeconds: Double(t2 - t1) / 1e9,
                                 dedupSeconds: Double(t3 - t2) / 1e9)
    }

    /// One representative (adjacency bits, interior op bits) per isomorphism class of labelled
    /// valid cells with `n` vertices.
    static func labelledClasses(vertexCount n: Int) -> [(n: Int, bits: UInt64, opBits: UInt16)] {
        let interior = n - 2
        let perms = interiorPermutations(vertexCount: n)
        var positions: [(Int, Int)] = []
        for i in 0..<(n - 1) { for j in (i + 1)..<n { positions.append((i, j)) } }
        // 1. One matrix per unlabelled isomorphism class.
        var classes: [UInt64: UInt64] = [:]
        var reps: [UInt64] = []
        for mask in 0..<(1 << positions.count) where mask.nonzeroBitCount <= NB101Cell.maxEdges {
            var bits: UInt64 = 0
            var outs = 0, ins = 0
            for (k, (i, j)) in positions.enumerated() where mask >> k & 1 == 1 {
                bits |= 1 << UInt64(i * 8 + j)
                outs |= 1 << i
                ins |= 1 << j
            }
            // Every vertex but the output has an out-edge, every vertex but the input an in-edge
            // (in a DAG this is exactly "every vertex lies on an input-to-output path").
            guard outs == (1 << (n - 1)) - 1, ins == ((1 << n) - 1) & ~1 else { continue }
            var canon = UInt64.max
            for p in perms { canon = min(canon, permute(bits, p)) }
            if classes[canon] == nil {
                classes[canon] = bits
                reps.append(bits)
            }
        }
        // 2. Per class, one labelling per orbit of its automorphism group.
        var pow3 = [1]
        for _ in 0..<interior { pow3.append(pow3.last! * 3) }
        var out: [(n: Int, bits: UInt64, opBits: UInt16)] = []
        for bits in reps {
            let autos = perms.filter { permute(bits, $0) == bits && $0 != perms[0] }
            for code in 0..<pow3[interior] {
                var labels = [Int](repeating: 0, count: n)
                var c = code
                for v in 1...max(1, interior) where v <= interior { labels[v] = c % 3; c /= 3 }
                // Canonical when no automorphic relabelling has a smaller code.
                var canonical = true
                for p in autos {
                    var relabelled = [Int](repeating: 0, count: n)
                    for v in 1..<(n - 1) { relabelled[p[v]] = labels[v] }
                    var rc = 0
                    for v in stride(from: interior, through: 1, by: -1) { rc = rc * 3 + relabelled[v] }
                    if rc < code { canonical = false; break }
                }
                guard canonical else { continue }
                var opBits: UInt16 = 0
                for v in 1..<max(1, n - 1) { opBits |= UInt16(labels[v]) << UInt16(2 * (v - 1)) }
                out.append((n, bits, opBits))
            }
        }
        return out
    }

    /// All permutations of the vertices 0..<n that fix the input (0) and the output (n - 1);
    /// the identity first.
    static func interiorPermutations(vertexCount n: Int) -> [[Int]] {
        var result: [[Int]] = []
        var p = Array(0..<n)
        func rec(_ k: Int) {
            if k >= n - 1 { result.append(p); return }
            for i in k..<(n - 1) {
                p.swapAt(k, i)
                rec(k + 1)
                p.swapAt(k, i)
            }
        }
        rec(1)
        return result
    }

    /// Adjacency bits with vertex v renamed p[v].
    @inline(__always)
    static func permute(_ bits: UInt64, _ p: [Int]) -> UInt64 {
        var out: UInt64 = 0
        var b = bits
        while b != 0 {
            let k = b.trailingZeroBitCount
            out |= 1 << UInt64(p[k >> 3] * 8 + p[k & 7])
            b &= b - 1
        }
        return out
    }
}

/// Raw pointers handed to the hashing threads; each thread writes a disjoint range.
private struct DigestSink: @unchecked Sendable { let base: UnsafeMutablePointer<MD5Digest> }
private struct JobSource: @unchecked Sendable { let base: UnsafePointer<(n: Int, bits: UInt64, opBits: UInt16)> }
