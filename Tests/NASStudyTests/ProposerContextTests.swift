import NASCore
import Testing
@testable import NASStudy

/// A study created with `--benchmark B --task T` hands its strategy that task as context (so
/// `auto` runs the task's validated pick, as in `naswift search`); a study over the whole space
/// hands none.
@Suite struct ProposerContextTests {
    @Test func studiesOnABenchmarkTaskCarryItAsContext() {
        let onTask = StudySpec(name: "t", space: "nb201", strategy: "auto", metric: "acc", direction: .maximize,
                               benchmark: "nb201", task: "cifar100", dataDirectory: "/d")
        #expect(RegistryProposer.context(of: onTask) == SearchContext(benchmark: "nb201", task: "cifar100"))
        let whole = StudySpec(name: "w", space: "nb201", strategy: "auto", metric: "acc", direction: .maximize)
        #expect(RegistryProposer.context(of: whole) == nil)
    }
}
