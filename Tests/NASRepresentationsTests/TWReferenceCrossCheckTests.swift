import Foundation
import Testing
import NASTestSupport
import NASCore
@testable import NASRepresentations

/// Cross-check of the faithful NB101 discrepancies against an independent numpy/scipy restatement
/// of the reference formulas (METHODS §3.1-3.2: counts over non-isolated nodes, scipy Dijkstra
/// layers, greedy chain OT, the 21-entry tree map with its slips).
@Suite struct TWReferenceCrossCheckTests {
    static let script = #"""
import json, sys
import numpy as np
from scipy.sparse.csgraph import shortest_path
cells = json.load(open(sys.argv[1]))
OPS = ['conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3']
def one_gram(M, ops):
    used = sorted(set(np.nonzero(M.sum(1))[0]) | set(np.nonzero(M.sum(0))[0]))
    names = [ops[i] for i in used]
    return [names.count(o) for o in OPS]
def two_gram(M, ops):
    c = one_gram(M, ops) + [0] * 9
    inner = M[1:-1, 1:-1]; iops = ops[1:-1]
    for r in range(inner.shape[0]):
        for q in range(inner.shape[1]):
            if inner[r, q] > 0:
                c[3 * (1 + OPS.index(iops[r])) + OPS.index(iops[q])] += 1
    return c
def tree2(u):
    v = list(u) + [0] * 9
    v[12] = u[0] + u[1]; v[13] = u[0] + u[1]
    v[14] = u[3] + u[7]; v[15] = u[4] + u[6]; v[16] = v[14] + v[15]
    v[17] = u[5] + u[8]; v[18] = u[9] + u[10]; v[19] = v[17] + v[18]
    v[20] = sum(u[3:11])
    return np.array(v)
a = 0.1
W2 = np.array([a, a, 1] + [a * a] * 8 + [1, 1 - a, 1, a * (1 - a), a * (1 - a), 1 - a, a * (1 - a), a * (1 - a), 1 - a, 1])
W1 = np.array([a, a, 1, 1 - a])
def op_dist(u, v, two):
    u = np.array(u, float); v = np.array(v, float); u = u / u.sum(); v = v / v.sum()
    if two:
        return float(np.sum(W2 * np.abs(tree2(u) - tree2(v))))
    return float(np.sum(W1 * np.abs(np.append(u, u[0] + u[1]) - np.append(v, v[0] + v[1]))))
def layer_hist(deg, layer):
    h = np.array([deg[layer == l].sum() for l in range(int(layer.max()) + 1)], float)
    return np.ones(len(h)) / len(h) if h.sum() == 0 else h / h.sum()
def chain(u, v):
    u = list(u); v = list(v); n, m = len(u), len(v); i = j = 0; d = 0.0
    while i < n and j < m:
        if u[i] <= v[j]:
            d += u[i] * abs(i / n - j / m); v[j] -= u[i]; i += 1
            if v[j] <= 1e-10: j += 1
        else:
            d += v[j] * abs(i / n - j / m); u[i] -= v[j]; j += 1
            if u[i] <= 1e-10: i += 1
    return d
feats = []
for c in cells:
    M = np.array(c['adj']); ops = c['ops']
    L = shortest_path(M, method='D')[0]; L[L == np.inf] = -1
    feats.append((one_gram(M, ops), two_gram(M, ops), layer_hist(M.sum(0), L), layer_hist(M.sum(1), L)))
out = []
for x in feats:
    for y in feats:
        out.append([op_dist(x[0], y[0], False), op_dist(x[1], y[1], True), chain(x[2], y[2]), chain(x[3], y[3])])
print(json.dumps(out))
"""#

    @Test func faithfulNB101MatchesReferenceFormulas() throws {
        // Cells whose 1-gram counts are non-zero (the reference divides by the count total).
        let cells = randomCells(80, seed: 21).filter { TWCounting.oneGram($0, vocabulary: TWRepresentation.nb101(twoGram: false).vocabulary).reduce(0, +) > 0 }.prefix(40)
        let payload = cells.map { c -> [String: Any] in
            ["adj": (0..<c.nodeCount).map { i in (0..<c.nodeCount).map { j in c.hasEdge(i, j) ? 1 : 0 } }, "ops": c.labels]
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-twref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("cells.json"), script = dir.appendingPathComponent("ref.py")
        try JSONSerialization.data(withJSONObject: payload).write(to: input)
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        let data = try PythonProcess.run([script.path, input.path])
        let ref = try #require(try JSONSerialization.jsonObject(with: data) as? [[Double]])
        let one = TWRepresentation.nb101(twoGram: false, mode: .faithful)
        let two = TWRepresentation.nb101(twoGram: true, mode: .faithful)
        let f1 = cells.map(one.features), f2 = cells.map(two.features)
        var k = 0, worst = 0.0
        for i in 0..<cells.count {
            for j in 0..<cells.count {
                let a = one.distances(f1[i], f1[j]), b = two.distances(f2[i], f2[j])
                let r = ref[k]; k += 1
                worst = max(worst, abs(a.op - r[0]), abs(b.op - r[1]), abs(a.inDegree - r[2]), abs(a.outDegree - r[3]))
            }
        }
        #expect(k == ref.count)
        #expect(worst < 1e-12, "largest difference from the reference formulas: \(worst)")
    }
}
