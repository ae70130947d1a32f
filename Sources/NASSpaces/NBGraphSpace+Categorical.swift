/// NAS-Bench-Graph as 7 categorical parameters, as the package's `architecture.py` writes a cell:
/// `in2`, `in3`, `in4` (the node read by nodes 2-4: 0 = the cell input, up to the node before;
/// node 1 always reads the input, so it has no parameter) and `op1`...`op4` (one of
/// `NBGraphSpace.operations`). A vector maps to the canonical architecture the benchmark stores
/// for it; four skips are no architecture.
extension NBGraphSpace: CategoricalSpace {
    public var categoricalParameters: [CategoricalParameter] {
        (2...4).map { i in CategoricalParameter("in\(i)", choices: (0..<i).map(String.init)) }
            + (1...4).map { CategoricalParameter("op\($0)", choices: NBGraphSpace.operations) }
    }

    public func architecture(categorical values: [Int]) -> NBGraphArchitecture? {
        guard values.count == 7 else { return nil }
        let links = [0] + Array(values[0..<3]), ops = Array(values[3..<7])
        return try? canonical(links: links, ops: ops)
    }

    public func categoricalValues(_ arch: NBGraphArchitecture) -> [Int?] {
        Array(arch.links.dropFirst()) + arch.ops
    }
}
