import Foundation
import NASCore
import NASTensor
import Testing
@testable import NASCENA

/// CENA model files whose (checksummed, well-formed) header declares widths the weights cannot
/// have: building the DeepSet asked for terabytes before (found by fuzzing, Fuzz/FuzzCENAModel);
/// `ModelFile.checkSizes` now refuses them with a `dataCorrupt` error naming the sizes.
@Suite struct ContrastiveModelHostileHeaderTests {
    /// An untrained model of input 4, hidden 4, embedding and projection 2, as file bytes.
    func tiny() throws -> (header: ContrastiveModel.Header, state: [String: Tensor<Float>]) {
        var config = ContrastiveConfig()
        config.hidden = 4; config.embedding = 2; config.projection = 2
        var rng = SeededGenerator(seed: 0)
        let net = ContrastiveNetwork<Float>(input: 4, hidden: 4, embedding: 2, projection: 2, rng: &rng)
        let header = ContrastiveModel.Header(config: config, input: 4, setSize: 2, inits: 2, spaces: ["nb201"], trainingCells: 0,
                                             heldOutCells: 0, dataChecksum: "", history: [])
        return (header, net.stateDict())
    }

    func refusal(_ edit: (inout ContrastiveModel.Header) -> Void) throws -> String? {
        let (original, state) = try tiny()
        var header = original
        #expect(throws: Never.self) { try ContrastiveModel.parse(ContrastiveModel.file.encode(header: header, arrays: state), source: "m") }
        edit(&header)
        do { _ = try ContrastiveModel.parse(try ContrastiveModel.file.encode(header: header, arrays: state), source: "/x/c.model"); return nil }
        catch let e as NaswiftError {
            #expect(e.kind == .dataCorrupt && e.message.contains("/x/c.model"))
            return e.message
        }
    }

    @Test func widthsBeyondTheFilesWeightsAreRefused() throws {
        let input = try refusal { $0.input = 1 << 40 }
        #expect(input?.contains("declares sizes (input 1099511627776, hidden 4, embedding 2, projection 2) whose weights need at least") == true,
                "\(input ?? "nil")")
        #expect(try refusal { $0.config.hidden = 1 << 40 }?.contains("whose weights need at least") == true)
        #expect(try refusal { $0.config.projection = Int.max }?.contains("more than \(Int.max)") == true)
    }
}
