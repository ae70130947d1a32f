import NASCore
import NASLinalg

/// A type-erased strategy over search space `S`, with value semantics (copies are independent:
/// the boxed strategy is cloned on the first mutation of a shared copy).
///
/// The registry hands these out so a runner or study can hold any strategy by name.
///
/// `ask` and `tell` run with OpenBLAS on one thread (`BLAS.withThreadCount(1)`), whatever the
/// process's count: a strategy's GP fits and k-DPP draws are small (n of a few hundred), and its
/// proposals must not depend on the thread count or on BLAS calls other threads of the process
/// make meanwhile. OpenBLAS 0.3.21 (Debian) rounds differently with 1 and 2 threads, and its
/// multi-threaded level-3 and LAPACK paths race when several threads call them at once (upstream
/// OpenBLAS issues #5620, syrk, and #5825, dgemm beside dsyevd): two identical rebuilds of
/// `tw-kdpp` in one test process proposed different architectures while other suites ran.
public struct AnyStrategy<S: SearchSpace>: Strategy {
    public typealias Space = S
    private var box: AnyStrategyBoxBase<S>

    public init<T: Strategy>(_ strategy: T) where T.Space == S {
        box = AnyStrategyBox(strategy)
    }

    public var name: String { box.name }
    public var profile: [String: Double] { box.profile }

    public mutating func ask(_ count: Int) throws -> [S.Architecture] {
        if !isKnownUniquelyReferenced(&box) { box = box.copy() }
        let box = self.box
        return try BLAS.withThreadCount(1) { try box.ask(count) }
    }

    public mutating func tell(_ observations: [Observation<S.Architecture>]) throws {
        if !isKnownUniquelyReferenced(&box) { box = box.copy() }
        let box = self.box
        try BLAS.withThreadCount(1) { try box.tell(observations) }
    }

    /// The wrapped strategy, when it has type `T`.
    public func unwrap<T: Strategy>(as type: T.Type) -> T? where T.Space == S {
        (box as? AnyStrategyBox<T>)?.base
    }
}

class AnyStrategyBoxBase<S: SearchSpace> {
    var name: String { fatalError("abstract") }
    var profile: [String: Double] { fatalError("abstract") }
    func ask(_ count: Int) throws -> [S.Architecture] { fatalError("abstract") }
    func tell(_ observations: [Observation<S.Architecture>]) throws { fatalError("abstract") }
    func copy() -> AnyStrategyBoxBase<S> { fatalError("abstract") }
}

final class AnyStrategyBox<T: Strategy>: AnyStrategyBoxBase<T.Space> {
    var base: T
    init(_ base: T) { self.base = base }
    override var name: String { base.name }
    override var profile: [String: Double] { base.profile }
    override func ask(_ count: Int) throws -> [T.Space.Architecture] { try base.ask(count) }
    override func tell(_ observations: [Observation<T.Space.Architecture>]) throws { try base.tell(observations) }
    override func copy() -> AnyStrategyBoxBase<T.Space> { AnyStrategyBox(base) }
}
