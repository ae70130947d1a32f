import Foundation
import NASBenchmarks
import NASCore
import NASSpaces
import Testing

@Suite("NBGraphSpace")
struct NBGraphSpaceTests {
    let space = NBGraphSpace()

    /// Our canonical form equals the package's `valid_hash` for every link vector (24) and op
    /// choice (9^4, all-skip excluded), and our members are exactly its canonical architectures.
    @Test func canonicalFormMatchesThePackage() throws {
        let installed = try PyPIDataPackage.nbgraph.install(in: BenchmarkTestSupport.pypiCache)
        let code = """
        import sys, itertools
        sys.path.insert(0, sys.argv[1])
        from nas_bench_graph.architecture import Arch, gnn_list
        out = []
        for l1 in range(2):
            for l2 in range(3):
                for l3 in range(4):
                    for ops in itertools.product(range(9), repeat=4):
                        if all(o == 8 for o in ops):
                            continue
                        a = Arch([0, l1, l2, l3], [gnn_list[o] for o in ops])
                        out.append(str(a.valid_hash()))
        print(' '.join(out))
        canon = []
        for lk in [[0,0,0,0],[0,0,0,1],[0,0,1,1],[0,0,1,2],[0,0,1,3],[0,1,1,1],[0,1,1,2],[0,1,2,2],[0,1,2,3]]:
            for ops in itertools.product(range(9), repeat=4):
                if all(o == 8 for o in ops):
                    continue
                a = Arch(list(lk), [gnn_list[o] for o in ops])
                if a.check_isomorph():
                    canon.append(a.hash_arch())
        print(' '.join(map(str, sorted(canon))))
        """
        let lines = try BenchmarkTestSupport.python(code, [installed.path]).split(separator: "\n")
        let theirs = lines[0].split(separator: " ").map { Int($0)! }
        var ours: [Int] = []
        let memberSet = Set(NBGraphSpace.all)
        for l1 in 0..<2 { for l2 in 0..<3 { for l3 in 0..<4 {
            for code in 0..<6561 {
                var ops = [Int](repeating: 0, count: 4)
                var c = code
                for i in stride(from: 3, through: 0, by: -1) { ops[i] = c % 9; c /= 9 }
                if ops.allSatisfy({ $0 == 8 }) { continue }
                let canonical = try space.canonical(links: [0, l1, l2, l3], ops: ops)
                ours.append(canonical.hash)
                if !memberSet.contains(canonical) { Issue.record("canonical form \(canonical.hash) is not a member") }
            }
        } } }
        #expect(ours.count == theirs.count)
        #expect(ours == theirs)
        let members = lines[1].split(separator: " ").map { Int($0)! }
        #expect(members.count == 26_206)
        #expect(NBGraphSpace.all.map(\.hash) == members)
    }

    @Test func stringFormRoundTripsAndRejectsBadInput() throws {
        for a in NBGraphSpace.all {
            let s = space.format(a)
            #expect(try space.parse(s) == a)
            #expect(try space.architecture(forKey: space.key(a)) == a)
        }
        let a = try space.parse("gat~0|gcn~0|sage~1|gin~2")
        #expect(a.links == [0, 0, 1, 2])
        #expect(space.key(a) == "30142")
        // The package's valid_hash of links 0012, ops gcn gat skip sage is 68014.
        #expect(try space.canonical(links: [0, 0, 1, 2], ops: [1, 0, 8, 4]).hash == 68_014)
        for bad in ["", "gcn~0|gat~0|skip~1", "gcn~0|gat~0|skip~1|sage~4", "gcn~0|gat~0|conv~1|sage~2",
                    "gcn0|gat~0|skip~1|sage~2", "skip~0|skip~0|skip~0|skip~0"] {
            #expect(throws: NaswiftError.self) { try space.parse(bad) }
        }
        // Non-canonical: the message names the canonical string.
        do {
            _ = try space.parse("gcn~0|gat~0|gcn~0|gcn~0")
            Issue.record("a non-canonical string must be rejected")
        } catch let e as NaswiftError {
            #expect(e.message.contains("gat~0|gcn~0|gcn~0|gcn~0"))
        }
        #expect(throws: NaswiftError.self) { try space.architecture(forKey: "10") }
        #expect(throws: NaswiftError.self) { try space.architecture(forKey: "x") }
    }

    @Test func samplingMutationAndNeighboursStayInTheSpace() {
        let members = Set(NBGraphSpace.all)
        var rng = SeededGenerator(seed: 42)
        var seen = Set<NBGraphArchitecture>()
        for _ in 0..<2000 {
            let a = space.sample(using: &rng)
            seen.insert(a)
            #expect(members.contains(a))
            let m = space.mutate(a, using: &rng)
            #expect(m != a && members.contains(m))
            let n = space.neighbours(of: a)
            #expect(!n.isEmpty && !n.contains(a) && Set(n).count == n.count && n.allSatisfy(members.contains))
            #expect(n.contains(m))
        }
        #expect(seen.count > 1900)
        var r1 = SeededGenerator(seed: 3), r2 = SeededGenerator(seed: 3)
        #expect((0..<50).map { _ in space.sample(using: &r1) } == (0..<50).map { _ in space.sample(using: &r2) })
        let g = space.graph(NBGraphSpace.all[0])
        #expect(g.nodeCount == 6 && g.labels.first == "input" && g.labels.last == "output")
    }
}
