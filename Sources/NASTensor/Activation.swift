/// The element-wise non-linearities used between layers.
public enum Activation: String, Sendable, CaseIterable {
    case relu, tanh, sigmoid, identity

    public func callAsFunction<T>(_ x: Variable<T>) -> Variable<T> {
        switch self {
        case .relu: return x.relu()
        case .tanh: return x.tanh()
        case .sigmoid: return x.sigmoid()
        case .identity: return x
        }
    }
}
