import Foundation
import Testing
import NASCore
import NASSpaces
@testable import NASRepresentations

/// The tree-Wasserstein representations of NAS-Bench-Graph and the NATS size space (ours; the
/// reference covered NB101 and NB201 only): hand-computed distances, properties of the stage
/// chains, and a positive semi-definite kernel on real architectures of both spaces.
@Suite struct TWOtherSpacesTests {
    let nats = NATSSizeSpace(), graph = NBGraphSpace()

    @Test func natsStageChainsHandComputed() throws {
        let rep = TWRepresentation.natsss(widths: NATSSizeArch.widthChoices, stages: NATSSizeArch.stageCount)
        #expect(rep.tree.edges.count == 5 * 7)
        let a = rep.features(nats.graph(try nats.parse("8:8:8:8:8")))
        let b = rep.features(nats.graph(try nats.parse("64:8:8:8:16")))
        let c = rep.features(nats.graph(try nats.parse("8:8:8:8:64")))
        // stage 1 moves 7 levels, stage 5 one level: (7 + 1) / 7 / 5
        #expect(abs(rep.distances(a, b).op - 8.0 / 35) < 1e-12)
        // position matters: the same multiset of widths at other stages is not at distance 0
        #expect(abs(rep.distances(b, c).op - (7.0 + 6.0) / 35) < 1e-12)
        // the chain graph is the same for every architecture: no degree term
        #expect(rep.distances(a, b).inDegree == 0 && rep.distances(a, b).outDegree == 0)
        // the farthest pair is at distance 1
        let top = rep.features(nats.graph(try nats.parse("64:64:64:64:64")))
        #expect(abs(rep.distances(a, top).op - 1) < 1e-12)
    }

    /// On one-hot stages, d_op is the mean absolute level difference / 7 for every pair.
    @Test func natsDistanceIsScaledL1OnLevels() {
        let rep = TWRepresentation.natsss(widths: NATSSizeArch.widthChoices, stages: NATSSizeArch.stageCount)
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<300 {
            let x = nats.sample(using: &rng), y = nats.sample(using: &rng)
            let l1 = zip(x.widths, y.widths).map { abs(Double($0 - $1)) / 8 }.reduce(0, +)
            let d = rep.distances(rep.features(nats.graph(x)), rep.features(nats.graph(y))).op
            #expect(abs(d - l1 / 35) < 1e-12, "\(x) \(y)")
        }
    }

    /// A NAS-Bench-Graph DAG as `NBGraphSpace.graph` builds it: node i (1...4) reads `links[i - 1]`,
    /// the nodes no other node reads feed the output (node 5).
    func nbgraphDAG(links: [Int], ops: [String]) -> LabelledDAG {
        var edges = (0..<4).map { (links[$0], $0 + 1) }
        for i in 1...4 where !links.contains(i) { edges.append((i, 5)) }
        return LabelledDAG(nodeCount: 6, edges: edges, labels: ["input"] + ops + ["output"])
    }

    @Test func nbgraphHandComputed() throws {
        let rep = TWRepresentation.nbgraph()
        let star = [0, 0, 0, 0]
        // masses: gcn 1/2, fc 1/4, skip 1/4; message-passing node 1/2
        let a = rep.features(nbgraphDAG(links: star, ops: ["gcn", "gcn", "fc", "skip"]))
        // gat 1/4 and gcn 1/4 instead of gcn 1/2: 0.1 * 0.25 + 0.1 * 0.25
        let b = rep.features(nbgraphDAG(links: star, ops: ["gat", "gcn", "fc", "skip"]))
        #expect(abs(rep.distances(a, b).op - 0.05) < 1e-12)
        // gcn 0.25 less (0.1), fc 0.25 more (1), message passing 0.25 less (0.9)
        let c = rep.features(nbgraphDAG(links: star, ops: ["gcn", "fc", "fc", "skip"]))
        #expect(abs(rep.distances(a, c).op - (0.025 + 0.25 + 0.225)) < 1e-12)
        // the same ops on another link pattern differ in the degree terms only
        let d = rep.features(nbgraphDAG(links: [0, 1, 2, 3], ops: ["gcn", "gcn", "fc", "skip"]))
        #expect(rep.distances(a, d).op == 0)
        #expect(rep.distances(a, d).inDegree > 0 && rep.distances(a, d).outDegree > 0)
        // the space builds the same DAG for its architectures
        for arch in NBGraphSpace.all.prefix(50) {
            let g = graph.graph(arch)
            #expect(g == nbgraphDAG(links: arch.links, ops: arch.ops.map { NBGraphSpace.operations[$0] }))
        }
    }

    /// `ops=positions`: the op at each of the four operation nodes, compared position by position.
    @Test func nbgraphPositionalHandComputed() throws {
        let rep = TWRepresentation.nbgraph(positional: true), counts = TWRepresentation.nbgraph()
        #expect(rep.tree.edges.count == 4 * 10 && rep.vocabulary.count == 36)
        let star = [0, 0, 0, 0]
        let a = nbgraphDAG(links: star, ops: ["gcn", "gat", "fc", "skip"])
        let swapped = nbgraphDAG(links: star, ops: ["gat", "gcn", "fc", "skip"])
        // the same op histogram: the counts see no difference, positions see two convolutions swapped
        #expect(counts.distances(counts.features(a), counts.features(swapped)).op == 0)
        #expect(abs(rep.distances(rep.features(a), rep.features(swapped)).op - 2 * 0.2 / 4) < 1e-12)
        // one position from a graph convolution to fc: 0.1 + 0.9 + 1 = 2, over 4 positions
        let b = nbgraphDAG(links: star, ops: ["gcn", "fc", "fc", "skip"])
        #expect(abs(rep.distances(rep.features(a), rep.features(b)).op - 2.0 / 4) < 1e-12)
        // every position different and far: distance 2
        let c = nbgraphDAG(links: star, ops: ["fc", "skip", "skip", "fc"])
        #expect(abs(rep.distances(rep.features(a), rep.features(c)).op - 2) < 1e-12)
        // the degree terms are those of the counts representation
        let d = nbgraphDAG(links: [0, 1, 2, 3], ops: ["gcn", "gat", "fc", "skip"])
        let (pd, cd) = (rep.distances(rep.features(a), rep.features(d)), counts.distances(counts.features(a), counts.features(d)))
        #expect(pd.op == 0 && pd.inDegree == cd.inDegree && pd.outDegree == cd.outDegree && pd.inDegree > 0)
        // defined on nbgraph only
        #expect(throws: NaswiftError.self) { try TWEncoding(space: NB201Space(), twoGram: false, mode: .fixed, strategy: "tw-gp", positionalOps: true) }
        #expect(throws: Never.self) { try TWEncoding(space: graph, twoGram: false, mode: .fixed, strategy: "tw-gp", positionalOps: true) }
    }

    /// exp(-d_op/l1 - d_in/l2 - d_out/l3) over 400 real architectures of each space is positive
    /// semi-definite (numpy's smallest eigenvalue >= -1e-9 of the largest).
    @Test func kernelsArePositiveSemiDefinite() throws {
        var rng = SeededGenerator(seed: 9)
        let graphs = (0..<400).map { _ in NBGraphSpace.all[Int(rng.next() % UInt64(NBGraphSpace.all.count))] }.map(graph.graph)
        let chains = (0..<400).map { _ in nats.sample(using: &rng) }.map(nats.graph)
        let cases = [(TWRepresentation.nbgraph(), graphs), (TWRepresentation.nbgraph(positional: true), graphs),
                     (TWRepresentation.natsss(widths: NATSSizeArch.widthChoices, stages: NATSSizeArch.stageCount), chains)]
        for (rep, gs) in cases {
            let fs = gs.map(rep.features)
            let d = rep.distanceMatrices(fs, fs)
            var k = [Double](repeating: 0, count: d.op.count)
            for t in k.indices {
                let s: Double = d.op[t] / 0.05 + d.inDegree[t] / 0.1 + d.outDegree[t] / 0.1
                k[t] = exp(-s)
            }
            let (minEig, maxEig) = try numpyExtremeEigenvalues(k, n: fs.count)
            #expect(minEig >= -1e-9 * maxEig, "min eigenvalue \(minEig), max \(maxEig)")
        }
    }
}
