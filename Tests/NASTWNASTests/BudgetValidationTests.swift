import NASCore
import NASRunner
import NASSpaces
import NASStrategies
import NASStudy
import Testing
import NASTWNAS

/// Budgets below a strategy's initial design and zero batch sizes are refused before a run or a
/// study starts, with a message saying what is wrong.
@Suite struct BudgetValidationTests {
    init() { TWNASPlugin.register() }

    static let table = try! NB201TwelveEpoch.table(guide: "cifar10_test_acc", report: "cifar10_test_acc")

    func runnerError(_ strategy: String, budget: Int, options: [String: String] = [:]) -> NaswiftError? {
        do {
            _ = try Runner.run(RunSpec(strategy: strategy, options: StrategyOptions(options), budget: budget, seeds: 1),
                               on: Self.table, space: NB201Space())
            return nil
        } catch let e as NaswiftError { return e } catch { return nil }
    }

    @Test(arguments: [("tw-gp", 10, 20), ("tw-gp", 19, 20), ("tw-kdpp", 49, 50), ("bananas", 19, 20)])
    func budgetBelowTheInitialDesignIsRefused(strategy: String, budget: Int, initial: Int) throws {
        let e = try #require(runnerError(strategy, budget: budget))
        #expect(e.kind == .invalidArgument)
        #expect(e.message.contains("budget of \(budget) queries is below the initial design of \(initial)"))
        #expect(e.hint?.contains("--option initial=N") == true)
    }

    @Test func smallerInitialDesignsAndUnrelatedStrategiesPass() throws {
        #expect(runnerError("tw-gp", budget: 12, options: ["initial": "10"]) == nil)
        #expect(runnerError("random", budget: 5) == nil)
        try StrategyRegistry.factory("tw-kdpp").validate(budget: 50, options: StrategyOptions())
        try StrategyRegistry.factory("bananas").validate(budget: nil, options: StrategyOptions())
        // bad options are reported by validate too
        #expect(throws: NaswiftError.self) { try StrategyRegistry.factory("bananas").validate(budget: 100, options: StrategyOptions(["batch": "0"])) }
    }

    @Test func batchSizeZeroIsRefused() {
        #expect(throws: NaswiftError.self) { _ = try RunSpec(strategy: "tw-kdpp", budget: 300, seeds: 1, batchSize: 0) }
        #expect(throws: NaswiftError.self) {
            try StudySpec(name: "s", space: "nb201", strategy: "tw-kdpp", metric: "acc", direction: .maximize, budget: 100, batchSize: 0).validate()
        }
    }

    @Test func studyCreationChecksTheBudget() throws {
        let spec = StudySpec(name: "s", space: "nb201", strategy: "tw-gp", metric: "acc", direction: .maximize, budget: 10)
        #expect(throws: NaswiftError.self) { try RegistryProposer().validate(spec) }
        try RegistryProposer().validate(StudySpec(name: "s", space: "nb201", strategy: "tw-gp", metric: "acc", direction: .maximize, budget: 30))
    }
}
