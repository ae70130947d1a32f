import NASCore
import NASTensor

/// CENA's DeepSet (METHODS.md section 1.3): a permutation-invariant map from a set of vectors to
/// one vector. Encoder `phi` = Linear(input -> h), ReLU, Linear(h -> h), ReLU, Linear(h -> h),
/// ReLU, Linear(h -> h) applied to every element; mean over the elements of each set; decoder
/// `rho` = Linear(h -> h), ReLU, Linear(h -> h), ReLU, Linear(h -> h), ReLU, Linear(h -> output).
/// No dropout, no normalisation layers; PyTorch-default initialisation.
///
/// Parameter names: `enc.layers.K.weight|bias`, `dec.layers.K.weight|bias` (K = 0..3).
public final class DeepSet<T: TensorScalar>: Module {
    public let encoder: MLP<T>
    public let decoder: MLP<T>
    public let input: Int, hidden: Int, output: Int

    /// Weights drawn from `rng` (encoder first, then decoder, each layer's weight then bias).
    public init(input: Int, hidden: Int, output: Int, rng: inout SeededGenerator) {
        precondition(input > 0 && hidden > 0 && output > 0, "DeepSet: sizes must be positive, got \(input), \(hidden), \(output)")
        self.input = input
        self.hidden = hidden
        self.output = output
        encoder = MLP([input, hidden, hidden, hidden, hidden], activation: .relu, rng: &rng)
        decoder = MLP([hidden, hidden, hidden, hidden, output], activation: .relu, rng: &rng)
    }

    public var namedParameters: [(String, Parameter<T>)] {
        prefixed("enc", encoder.namedParameters) + prefixed("dec", decoder.namedParameters)
    }

    /// `elements [sets * setSize, input]` (the elements of set 0, then of set 1, ...) ->
    /// `[sets, output]`.
    public func callAsFunction(_ elements: Variable<T>, setSize: Int) -> Variable<T> {
        precondition(elements.value.rank == 2 && elements.value.shape[1] == input && setSize >= 1
                     && elements.value.shape[0] % setSize == 0,
                     "DeepSet: elements \(elements.value.shape) are not [sets * \(setSize), \(input)]")
        let sets = elements.value.shape[0] / setSize
        let h = encoder(elements)
        let pooled = h.reshaped([sets, setSize, hidden]).mean(alongAxes: [1])
        return decoder(pooled)
    }
}
