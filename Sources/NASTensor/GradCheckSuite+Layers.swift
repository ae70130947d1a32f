import NASCore

extension GradCheckSuite {
    /// Cases for the graph, recurrent and convolutional layers.
    static func layerCases() -> [Case] {
        []
    }
}
