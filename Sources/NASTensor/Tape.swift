/// An explicit reverse-mode autodiff tape (Wengert list) over whole-tensor operations.
///
/// Usage: make a `Tape`, wrap inputs (`input`, `constant`) and parameters (`parameter`), compose
/// `Variable` operations (each records one node holding a pullback closure), then call
/// `backward(loss)`. Gradients of inputs are read with `gradient(of:)`; gradients of parameters
/// are *accumulated* into `Parameter.grad` (like PyTorch; `Adam.step()` clears them).
/// Nodes are appended in execution order, so a reverse sweep is a valid topological order.
/// A tape is for one forward/backward pass; it is not thread-safe. (DESIGN.md "Numerics" records
/// why this beats Swift's `_Differentiation` here.)
///
/// A non-recording tape (`Tape(recording: false)`, e.g. for sampling a controller without a
/// gradient) runs the same operations with the same values but records no nodes and keeps no
/// pullbacks: every variable on it has `requiresGrad == false`, and `backward` traps.
public final class Tape<T: TensorScalar> {
    /// Pullback: receives the gradient of the node's output and accumulates into its inputs.
    public typealias Pullback = (_ grad: Tensor<T>, _ tape: Tape<T>) -> Void

    struct Node {
        var grad: Tensor<T>?
        var pullback: Pullback?
        let requiresGrad: Bool
        let shape: [Int]
        let keepGrad: Bool
    }

    var nodes: [Node] = []
    /// False for a forward-only tape (no nodes, no gradients).
    public let isRecording: Bool

    public init(recording: Bool = true) {
        _ = MemoryTuning.applied
        isRecording = recording
    }

    /// The id of variables on a non-recording tape (they have no node).
    static var unrecorded: Int { -1 }

    /// `value` as a variable of a non-recording tape (no node, no gradient). Hot operations
    /// return this before building their pullback, so a forward-only pass allocates no closures.
    func unrecorded(_ value: Tensor<T>) -> Variable<T> {
        Variable(tape: self, id: Self.unrecorded, value: value, requiresGrad: false)
    }

    /// Number of recorded nodes.
    public var count: Int { nodes.count }

    /// A value that is not differentiated (data, masks, targets).
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func constant(_ value: Tensor<T>) -> Variable<T> {
        guard isRecording else { return unrecorded(value) }
        nodes.append(Node(grad: nil, pullback: nil, requiresGrad: false, shape: value.shape, keepGrad: false))
        return Variable(tape: self, id: nodes.count - 1, value: value, requiresGrad: false)
    }

    /// An input whose gradient is wanted (read it with `gradient(of:)` after `backward`).
    public func input(_ value: Tensor<T>) -> Variable<T> {
        guard isRecording else { return unrecorded(value) }
        nodes.append(Node(grad: nil, pullback: nil, requiresGrad: true, shape: value.shape, keepGrad: true))
        return Variable(tape: self, id: nodes.count - 1, value: value, requiresGrad: true)
    }

    /// A trainable parameter: `backward` adds its gradient to `parameter.grad`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func parameter(_ parameter: Parameter<T>) -> Variable<T> {
        guard isRecording else { return unrecorded(parameter.value) }
        let pb: Pullback? = parameter.trainable ? { g, _ in parameter.accumulateGrad(g) } : nil
        nodes.append(Node(grad: nil, pullback: pb, requiresGrad: parameter.trainable,
                          shape: parameter.value.shape, keepGrad: false))
        return Variable(tape: self, id: nodes.count - 1, value: parameter.value, requiresGrad: parameter.trainable)
    }

    /// Records an operation's output. `pullback` runs only when some input requires a gradient
    /// (on a non-recording tape it is dropped).
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func record(_ value: Tensor<T>, inputs: [Variable<T>], pullback: @escaping Pullback) -> Variable<T> {
        for v in inputs { precondition(v.tape === self, "Variable from another tape used in an operation") }
        guard isRecording else { return unrecorded(value) }
        let needs = inputs.contains { $0.requiresGrad }
        nodes.append(Node(grad: nil, pullback: needs ? pullback : nil, requiresGrad: needs,
                          shape: value.shape, keepGrad: false))
        return Variable(tape: self, id: nodes.count - 1, value: value, requiresGrad: needs)
    }

    /// Adds `grad` to the gradient of `v` (no-op when `v` does not require one).
    public func accumulate(_ v: Variable<T>.Saved, _ grad: Tensor<T>) { accumulate(id: v.id, grad) }

    @_specialize(where T == Float) @_specialize(where T == Double)
    func accumulate(id: Int, _ grad: Tensor<T>) {
        guard nodes[id].requiresGrad else { return }
        precondition(grad.shape == nodes[id].shape,
                     "internal autodiff error: gradient shape \(grad.shape) for a value of shape \(nodes[id].shape)")
        if nodes[id].grad == nil { nodes[id].grad = grad } else { nodes[id].grad!.addInPlace(grad) }
    }

    /// Reverse sweep from `output`. The seed defaults to 1 for a one-element output; pass `seed`
    /// (same shape as the output) for vector-Jacobian products.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func backward(_ output: Variable<T>, seed: Tensor<T>? = nil) {
        precondition(output.tape === self, "backward: the output belongs to another tape")
        precondition(isRecording, "backward on a non-recording tape (Tape(recording: false) keeps no gradients)")
        let s = seed ?? {
            precondition(output.value.count == 1,
                         "backward: output has shape \(output.value.shape); pass a seed or reduce it to a scalar")
            return Tensor(repeating: 1, shape: output.value.shape)
        }()
        precondition(s.shape == output.value.shape, "backward: seed shape \(s.shape) vs output \(output.value.shape)")
        accumulate(id: output.id, s)
        for i in stride(from: output.id, through: 0, by: -1) {
            guard let g = nodes[i].grad, let pb = nodes[i].pullback else { continue }
            if !nodes[i].keepGrad { nodes[i].grad = nil }
            pb(g, self)
        }
    }

    /// The gradient of an `input` variable after `backward` (zeros when it did not influence the output).
    public func gradient(of v: Variable<T>) -> Tensor<T> {
        precondition(isRecording, "gradient(of:) on a non-recording tape (Tape(recording: false) keeps no gradients)")
        return nodes[v.id].grad ?? Tensor(zeros: v.value.shape)
    }
}

/// A value on a `Tape`: the tensor plus the node that produced it.
public struct Variable<T: TensorScalar> {
    public let tape: Tape<T>
    public let id: Int
    /// The forward value.
    public let value: Tensor<T>
    /// Whether a gradient flows to this value.
    public let requiresGrad: Bool

    public var shape: [Int] { value.shape }

    /// What a pullback captures: id, value and flag, without the tape (capturing a `Variable`
    /// would make a reference cycle tape -> node -> closure -> tape).
    public struct Saved {
        public let id: Int
        public let value: Tensor<T>
        public let requiresGrad: Bool
    }

    public var saved: Saved { Saved(id: id, value: value, requiresGrad: requiresGrad) }
    public var scalar: T { value.scalar }
}
