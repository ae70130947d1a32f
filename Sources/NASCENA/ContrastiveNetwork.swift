import NASCore
import NASTensor

/// CENA's contrastive network (METHODS.md section 1.3): the embedding `e = DeepSet(set)`
/// (`embedding` wide, the representation used downstream) and the projection head
/// `p = Linear(embedding -> projection)(ReLU(e))` that the NT-Xent loss sees.
///
/// Parameter names: `deepset.enc...`, `deepset.dec...` (see `DeepSet`), `head.weight`, `head.bias`.
public final class ContrastiveNetwork<T: TensorScalar>: Module {
    public let deepSet: DeepSet<T>
    public let head: Linear<T>

    /// Weights drawn from `rng`: the DeepSet, then the head.
    public init(input: Int, hidden: Int, embedding: Int, projection: Int, rng: inout SeededGenerator) {
        deepSet = DeepSet(input: input, hidden: hidden, output: embedding, rng: &rng)
        head = Linear(embedding, projection, rng: &rng)
    }

    public var namedParameters: [(String, Parameter<T>)] {
        prefixed("deepset", deepSet.namedParameters) + prefixed("head", head.namedParameters)
    }

    /// Embeddings `[sets, embedding]` of `elements [sets * setSize, input]`.
    public func embed(_ elements: Variable<T>, setSize: Int) -> Variable<T> {
        deepSet(elements, setSize: setSize)
    }

    /// Projections `[sets, projection]` of embeddings `[sets, embedding]`.
    public func project(_ embeddings: Variable<T>) -> Variable<T> {
        head(embeddings.relu())
    }

    /// Projections `[sets, projection]` of `elements [sets * setSize, input]`.
    public func callAsFunction(_ elements: Variable<T>, setSize: Int) -> Variable<T> {
        project(embed(elements, setSize: setSize))
    }
}
