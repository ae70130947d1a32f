import NASCore

/// A named tensor owned by a layer: a trainable weight, or a non-trainable buffer such as a
/// batch-norm running mean.
///
/// Reference type so that a layer, an optimiser and a tape all see the same weights (PyTorch
/// semantics). A model belongs to one task at a time; `Parameter` is not synchronised, which is
/// why its `Sendable` conformance is unchecked. Use `Module.copyState(from:)` to copy weights.
public final class Parameter<T: TensorScalar>: @unchecked Sendable {
    public var value: Tensor<T>
    /// Accumulated gradient (same shape as `value`), `nil` when none was accumulated.
    public var grad: Tensor<T>?
    /// `false` for buffers (running statistics): saved and loaded, never optimised.
    public let trainable: Bool

    public init(_ value: Tensor<T>, trainable: Bool = true) {
        self.value = value
        self.trainable = trainable
    }

    public func accumulateGrad(_ g: Tensor<T>) {
        if grad == nil { grad = g } else { grad!.addInPlace(g) }
    }

    public func zeroGrad() { grad = nil }
}

/// Anything that owns parameters: layers and models built from them.
public protocol Module: AnyObject {
    associatedtype Scalar: TensorScalar
    /// All state tensors (weights and buffers) with stable dotted names, e.g. `"layers.0.weight"`.
    var namedParameters: [(String, Parameter<Scalar>)] { get }
}

extension Module {
    /// The trainable parameters, in `namedParameters` order.
    public var parameters: [Parameter<Scalar>] { namedParameters.map(\.1).filter(\.trainable) }

    /// Number of trainable scalars.
    public var parameterCount: Int { parameters.map(\.value.count).reduce(0, +) }

    /// Clears all accumulated gradients.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// The state as a name -> tensor dictionary (for `NPZ.write`).
    public func stateDict() -> [String: Tensor<Scalar>] {
        Dictionary(uniqueKeysWithValues: namedParameters.map { ($0.0, $0.1.value) })
    }

    /// Loads every state tensor from `state`; throws when a name is missing or a shape differs.
    public func loadStateDict(_ state: [String: Tensor<Scalar>]) throws {
        for (name, p) in namedParameters {
            guard let t = state[name] else {
                throw NaswiftError(.dataCorrupt, "parameter '\(name)' missing from the loaded state",
                                   hint: "the file was saved from a different model; present names: \(state.keys.sorted().prefix(8).joined(separator: ", "))")
            }
            try t.requireShape(p.value.shape, "parameter '\(name)'")
        }
        for (name, p) in namedParameters { p.value = state[name]! }
    }
}

/// Prefixes child parameter names: `prefixed("mlp", child.namedParameters)`.
public func prefixed<T>(_ prefix: String, _ params: [(String, Parameter<T>)]) -> [(String, Parameter<T>)] {
    params.map { ("\(prefix).\($0.0)", $0.1) }
}
