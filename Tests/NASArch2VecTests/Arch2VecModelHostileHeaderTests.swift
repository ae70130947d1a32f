import Foundation
import NASCore
import Testing
@testable import NASArch2Vec

/// Model files whose (checksummed, well-formed) header declares sizes the weights cannot have:
/// building the GIN-VAE of such a header trapped (a size below 1) or asked for terabytes (a huge
/// size) before (found by fuzzing, Fuzz/FuzzArch2VecModel); `ModelFile.checkSizes` now refuses
/// them with a `dataCorrupt` error naming the size.
@Suite struct Arch2VecModelHostileHeaderTests {
    /// The message of parsing the tiny model's file with its header changed by `edit`.
    func refusal(_ edit: (inout Arch2VecModel.Header) -> Void) throws -> String? {
        let m = Fixtures.tinyNB201
        var header = m.header
        edit(&header)
        let bytes = try Arch2VecModel.file.encode(header: header, arrays: m.state)
        do { _ = try Arch2VecModel.parse(bytes, source: "/x/a.model"); return nil } catch let e as NaswiftError {
            #expect(e.kind == .dataCorrupt && e.message.contains("/x/a.model"))
            return e.message
        }
    }

    @Test func sizesBelowOneAreRefused() throws {
        #expect(try refusal { $0.config.layers = 0 }?.contains("declares layers 0; it must be at least 1") == true)
        #expect(try refusal { $0.config.hidden = -3 }?.contains("declares hidden -3; it must be at least 1") == true)
        #expect(try refusal { $0.config.latent = 0 }?.contains("declares latent 0; it must be at least 1") == true)
    }

    @Test func sizesBeyondTheFilesWeightsAreRefused() throws {
        let m = try refusal { $0.config.hidden = 1 << 40 }
        #expect(m?.contains("declares sizes (hidden 1099511627776, latent 16, layers 4) whose weights need at least") == true, "\(m ?? "nil")")
        #expect(try refusal { $0.config.layers = Int.max }?.contains("more than \(Int.max)") == true)
    }
}
