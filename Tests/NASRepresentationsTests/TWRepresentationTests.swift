import Foundation
import Testing
import NASTestSupport
import NASCore
@testable import NASRepresentations

/// Random NB101-style cells: 7 nodes, upper-triangular adjacency with edge probability 0.4.
func randomCells(_ count: Int, seed: UInt64) -> [LabelledDAG] {
    var rng = SeededGenerator(seed: seed)
    let ops = ["conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"]
    return (0..<count).map { _ in
        var edges: [(Int, Int)] = []
        for i in 0..<7 { for j in (i + 1)..<7 where rng.uniform() < 0.4 { edges.append((i, j)) } }
        let labels = ["input"] + (0..<5).map { _ in ops[Int(rng.next() % 3)] } + ["output"]
        return LabelledDAG(nodeCount: 7, edges: edges, labels: labels)
    }
}

@Suite struct TWChainTests {
    @Test func handComputed() {
        #expect(TWChain.distance([1, 0], [0, 1]) == 0.5)
        #expect(TWChain.distance([0.5, 0.5], [1]) == 0.25)
        #expect(TWChain.distance([0.25, 0.25, 0.5], [0.25, 0.25, 0.5]) == 0)
        // u = [0.5, 0.5] at {0, 1/2}; v = [0.2, 0.3, 0.5] at {0, 1/3, 2/3}:
        // 0.2 stays at 0; 0.3 moves 0 -> 1/3; 0.5 moves 1/2 -> 2/3.
        #expect(abs(TWChain.distance([0.5, 0.5], [0.2, 0.3, 0.5]) - (0.3 / 3 + 0.5 / 6)) < 1e-15)
    }

    @Test func symmetricAndMatchesCDFFormula() {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            let n = 1 + Int(rng.next() % 6), m = 1 + Int(rng.next() % 6)
            func hist(_ k: Int) -> [Double] {
                let x = (0..<k).map { _ in rng.uniform() }; let s = x.reduce(0, +); return x.map { $0 / s }
            }
            let u = hist(n), v = hist(m)
            // W1 on the line = integral of |F_u - F_v| over the merged support.
            var pts = Set<Double>(); for i in 0..<n { pts.insert(Double(i) / Double(n)) }; for j in 0..<m { pts.insert(Double(j) / Double(m)) }
            let sorted = pts.sorted()
            var w = 0.0
            for k in 0..<(sorted.count - 1) {
                let x = sorted[k]
                let fu = (0..<n).filter { Double($0) / Double(n) <= x }.reduce(0.0) { $0 + u[$1] }
                let fv = (0..<m).filter { Double($0) / Double(m) <= x }.reduce(0.0) { $0 + v[$1] }
                w += abs(fu - fv) * (sorted[k + 1] - x)
            }
            #expect(abs(TWChain.distance(u, v) - w) < 1e-12)
            #expect(abs(TWChain.distance(u, v) - TWChain.distance(v, u)) < 1e-12)
        }
    }
}

@Suite struct TWOpTreeTests {
    @Test func nb101OneGramHandComputed() {
        let t = TWOpTree.nb101OneGram()
        let a = t.masses([2, 0, 0]), b = t.masses([0, 1, 1])
        #expect(a == [1, 0, 0, 1])
        #expect(b == [0, 0.5, 0.5, 0.5])
        // 0.1 * 1 + 0.1 * 0.5 + 1 * 0.5 + 0.9 * 0.5
        #expect(abs(t.distance(masses: a, b) - 1.1) < 1e-12)
    }

    @Test func fixedTreesAreProperTrees() {
        // In a proper tree every internal edge's subtree is the disjoint union of the subtrees of
        // the edges directly below it, and the two root edges cover every count.
        for tree in [TWOpTree.nb101TwoGram(faithful: false), .nb201(faithful: false)] {
            let n = tree.countLength
            let roots = tree.edges.filter { $0.weight == 1 && $0.leaves.count > 1 && Set($0.leaves).count == $0.leaves.count }
            let covered = Set(roots.flatMap(\.leaves))
            #expect(covered == Set(0..<n))
            #expect(roots.map(\.leaves.count).reduce(0, +) == n)
            // Each leaf index appears as exactly one single-leaf edge.
            let singles = tree.edges.filter { $0.leaves.count == 1 }.map { $0.leaves[0] }
            #expect(singles.sorted() == Array(0..<n))
            // Nesting: any two subtrees are disjoint or nested.
            for e in tree.edges { for f in tree.edges {
                let s = Set(e.leaves), t = Set(f.leaves)
                #expect(s.isDisjoint(with: t) || s.isSubset(of: t) || t.isSubset(of: s))
            } }
        }
    }

    @Test func faithfulSlipsDifferFromFixed() {
        let faithful = TWOpTree.nb201(faithful: true), fixed = TWOpTree.nb201(faithful: false)
        #expect(faithful.edges.count == 33 && fixed.edges.count == 33)
        #expect(faithful.weights == fixed.weights)
        #expect(faithful.edges[20].leaves == [1, 2] && fixed.edges[20].leaves == [0, 1])
        #expect(faithful.edges[21].leaves == [0, 1, 2] && fixed.edges[21].leaves == [0, 1, 2, 3])
        #expect(faithful.edges[32].leaves == Array(4...18) && fixed.edges[32].leaves == Array(4...19))
        let f101 = TWOpTree.nb101TwoGram(faithful: true)
        #expect(f101.edges.count == 21)
        #expect(f101.edges[13].leaves == [0, 1] && f101.edges[20].leaves == Array(3...10))
    }
}

@Suite struct TWRepresentationTests {
    /// input -> c3 -> c1 -> output, input -> pool -> output (5 nodes).
    let small = LabelledDAG(nodeCount: 5, edges: [(0, 1), (1, 2), (2, 4), (0, 3), (3, 4)],
                            labels: ["input", "conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3", "output"])

    @Test func countsLayersAndHistograms() {
        #expect(TWCounting.layers(small) == [0, 1, 2, 1, 2])
        #expect(TWCounting.oneGram(small, vocabulary: TWRepresentation.nb101(twoGram: false).vocabulary) == [1, 1, 1])
        let two = TWCounting.twoGram(small, vocabulary: TWRepresentation.nb101(twoGram: true).vocabulary)
        #expect(two.count == 12)
        #expect(two[3 * (1 + 0) + 1] == 1)            // c3 -> c1
        #expect(two.reduce(0, +) == 4)
        // In-degrees per node [0,1,1,1,2]: layer 0 -> 0, layer 1 -> 2, layer 2 -> 3.
        let f = TWRepresentation.nb101(twoGram: false).features(small)
        #expect(f.inDegree == [0, 0.4, 0.6])
        // Out-degrees [2,1,1,1,0]: layer 0 -> 2, layer 1 -> 2, layer 2 -> 1.
        #expect(f.outDegree == [0.4, 0.4, 0.2])
    }

    @Test func symmetricZeroOnIdentical() {
        let cells = randomCells(60, seed: 11)
        for rep in [TWRepresentation.nb101(twoGram: false), .nb101(twoGram: true), .nb101(twoGram: true, mode: .faithful)] {
            let fs = cells.map(rep.features)
            for i in 0..<fs.count {
                let dii = rep.distances(fs[i], fs[i])
                #expect(dii.op == 0 && dii.inDegree == 0 && dii.outDegree == 0)
                for j in 0..<i {
                    let a = rep.distances(fs[i], fs[j]), b = rep.distances(fs[j], fs[i])
                    #expect(abs(a.op - b.op) < 1e-14 && abs(a.inDegree - b.inDegree) < 1e-14 && abs(a.outDegree - b.outDegree) < 1e-14)
                }
            }
        }
    }

    /// The kernel exp(-d_op/l1 - d_in/l2 - d_out/l3) of 400 random cells is positive semi-definite
    /// (smallest eigenvalue from numpy >= -1e-9 relative to the largest).
    @Test func kernelIsPositiveSemiDefinite() throws {
        let cells = randomCells(400, seed: 5)
        for rep in [TWRepresentation.nb101(twoGram: false), .nb101(twoGram: true)] {
            let fs = cells.map(rep.features)
            let d = rep.distanceMatrices(fs, fs)
            var k = [Double](repeating: 0, count: d.op.count)
            for t in 0..<k.count {
                let s: Double = d.op[t] / 0.05 + d.inDegree[t] / 0.1 + d.outDegree[t] / 0.1
                k[t] = exp(-s)
            }
            let (minEig, maxEig) = try numpyExtremeEigenvalues(k, n: fs.count)
            #expect(minEig >= -1e-9 * maxEig, "min eigenvalue \(minEig), max \(maxEig)")
        }
    }
}

/// Smallest and largest eigenvalue of a symmetric row-major matrix, computed by numpy.
func numpyExtremeEigenvalues(_ a: [Double], n: Int) throws -> (Double, Double) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-tw-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("k.bin")
    try a.withUnsafeBytes { try Data($0).write(to: file) }
    let text = try PythonProcess.text(["-c", "import numpy as np,sys; k=np.fromfile(sys.argv[1]).reshape(\(n),\(n)); w=np.linalg.eigvalsh(k); print(w[0], w[-1])", file.path])
    let parts = text.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    guard parts.count == 2 else { throw NaswiftError(.numerical, "numpy failed: \(text)") }
    return (parts[0], parts[1])
}
