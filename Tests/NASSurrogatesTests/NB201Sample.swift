import Foundation
import NASCore
import NASLinalg
import NASTestSupport

/// A reproducible sample of real NB201 cells from ../shared/data/nb201/nb201_200ep.csv:
/// one-hot edge encodings (6 edges x 5 ops = 30 features), per-node Hamming distances and the
/// CIFAR-10 validation error (%) of the 200-epoch table.
struct NB201Sample {
    static let ops = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
    /// Op index per edge (6 edges, order of the arch string: 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2).
    let edges: [[Int]]
    let validationError: [Double]

    static func load(count: Int, seed: UInt64) throws -> NB201Sample {
        let text = try String(contentsOf: SharedData.url("nb201/nb201_200ep.csv"), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).dropFirst().map(String.init)   // the file has CRLF line ends
        var rng = SeededGenerator(seed: seed)
        lines.shuffle(using: &rng)
        var edges: [[Int]] = [], err: [Double] = []
        for line in lines.prefix(count) {
            let cols = line.split(separator: ",", omittingEmptySubsequences: false)
            let arch = cols[1]
            let tokens = arch.split(separator: "|").filter { $0 != "+" }
            let e = tokens.map { tok -> Int in
                let name = tok.split(separator: "~")[0]
                return ops.firstIndex(of: String(name)) ?? -1
            }
            guard e.count == 6, !e.contains(-1), let acc = Double(cols[2]) else {
                throw NaswiftError(.dataCorrupt, "unexpected NB201 row: \(line.prefix(120))")
            }
            edges.append(e)
            err.append(100 - acc)
        }
        return NB201Sample(edges: edges, validationError: err)
    }

    /// 30-dimensional one-hot vectors.
    var oneHot: [[Double]] {
        edges.map { e in
            var v = [Double](repeating: 0, count: 30)
            for (i, op) in e.enumerated() { v[i * 5 + op] = 1 }
            return v
        }
    }

    /// Three Hamming distance matrices between rows `a` and `b`: over the edges into node 1, 2, 3
    /// (an L1 distance on one-hot codes, so `exp(-d/l)` is positive semi-definite).
    static func hamming(_ a: [[Int]], _ b: [[Int]]) -> [Matrix] {
        let groups = [[0], [1, 2], [3, 4, 5]]
        return groups.map { g in
            var m = Matrix(rows: a.count, cols: b.count)
            for i in a.indices { for j in b.indices { m[i, j] = Double(g.filter { a[i][$0] != b[j][$0] }.count) } }
            return m
        }
    }
}

/// Spearman rank correlation (average ranks for ties).
func spearman(_ x: [Double], _ y: [Double]) -> Double {
    func ranks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var r = [Double](repeating: 0, count: v.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
            for t in i...j { r[order[t]] = Double(i + j) / 2 }
            i = j + 1
        }
        return r
    }
    let rx = ranks(x), ry = ranks(y)
    let mx = rx.reduce(0, +) / Double(x.count), my = ry.reduce(0, +) / Double(y.count)
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in x.indices { sxy += (rx[i] - mx) * (ry[i] - my); sxx += (rx[i] - mx) * (rx[i] - mx); syy += (ry[i] - my) * (ry[i] - my) }
    return sxy / (sxx * syy).squareRoot()
}
