import Foundation
import NASCore
import Testing
@testable import NASCTNAS

/// Saved comparators whose (checksummed, well-formed) header declares a width or depth the weights
/// cannot have: building the network asked for terabytes before (found by fuzzing,
/// Fuzz/FuzzNACModel); `ModelFile.checkSizes` now refuses them with a `dataCorrupt` error.
@Suite struct NACFileHostileHeaderTests {
    /// The message of parsing `good` (a valid comparator file) with its header changed by `edit`.
    func refusal(_ good: [UInt8], _ edit: (inout NACFileHeader) -> Void) throws -> String? {
        let decoded = try NACComparator.file.decode(good, source: "m", header: NACFileHeader.self)
        var header = decoded.header
        edit(&header)
        do { _ = try NACComparator.parse(try NACComparator.file.encode(header: header, arrays: decoded.arrays), source: "/x/n.model"); return nil }
        catch let e as NaswiftError {
            #expect(e.kind == .dataCorrupt && e.message.contains("/x/n.model"))
            return e.message
        }
    }

    @Test func widthOrDepthBeyondTheFilesWeightsIsRefused() throws {
        let good = try NACFileTests.trained().serialized()
        let wide = try refusal(good) { $0.settings.dimension = 1 << 40 }
        #expect(wide?.contains("declares sizes (dimension 1099511627776, layers 4) whose weights need at least") == true, "\(wide ?? "nil")")
        #expect(try refusal(good) { $0.settings.layers = 1 << 40 }?.contains("whose weights need at least") == true)
        #expect(try refusal(good) { $0.settings.dimension = 0 }?.contains("declares dimension 0; it must be at least 1") == true)
    }
}
