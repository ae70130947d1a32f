/// NB201 as 6 categorical parameters `e1`...`e6` (edge order of the official string: 0->1, 0->2,
/// 1->2, 0->3, 1->3, 2->3), each one of the 5 ops of `NB201Space.opNames`; every vector is a cell.
extension NB201Space: CategoricalSpace {
    public var categoricalParameters: [CategoricalParameter] {
        (1...NB201Cell.edgeCount).map { CategoricalParameter("e\($0)", choices: NB201Space.opNames) }
    }

    public func architecture(categorical values: [Int]) -> NB201Cell? { NB201Cell(ops: values) }

    public func categoricalValues(_ arch: NB201Cell) -> [Int?] { arch.ops }
}
