/// The NATS size space as 5 categorical parameters `stage1`...`stage5`, each one of the 8 widths
/// 8, 16, ..., 64 (value = width / 8 - 1); every vector is an architecture.
extension NATSSizeSpace: CategoricalSpace {
    public var categoricalParameters: [CategoricalParameter] {
        (1...NATSSizeArch.stageCount).map { CategoricalParameter("stage\($0)", choices: NATSSizeArch.widthChoices.map(String.init)) }
    }

    public func architecture(categorical values: [Int]) -> NATSSizeArch? {
        guard values.count == NATSSizeArch.stageCount, values.allSatisfy({ (0..<8).contains($0) }) else { return nil }
        return NATSSizeArch(code: values.reduce(0) { $0 * 8 + $1 })
    }

    public func categoricalValues(_ arch: NATSSizeArch) -> [Int?] { (0..<NATSSizeArch.stageCount).map(arch.level) }
}
