import Foundation
import NASCore
import NASTensor
import Testing

/// Hostile `.npz` / `.npy` bytes found by fuzzing (Fuzz/FuzzNPZ, RELIABILITY.md): each trapped
/// before; each is now a `dataCorrupt` error saying what is wrong.
@Suite struct NPZHostileInputTests {
    /// An `.npy` file: magic, `major` version, the header dict (its length field sized by version).
    func npy(_ header: String, major: UInt8 = 1) -> [UInt8] {
        let h = Array(header.utf8)
        let length: [UInt8] = major == 1 ? [UInt8(h.count & 0xFF), UInt8(h.count >> 8)]
                                         : [UInt8(h.count & 0xFF), UInt8(h.count >> 8), 0, 0]
        return [0x93] + Array("NUMPY".utf8) + [major, 0] + length + h
    }

    func npyMessage(_ bytes: [UInt8]) -> String? {
        do { let _: Tensor<Float> = try NPZ.parseNpy(bytes, name: "w", source: "m.npz"); return nil } catch let e as NaswiftError {
            #expect(e.kind == .dataCorrupt)
            return e.message
        } catch { return "\(error)" }
    }

    @Test func npyOfAnotherVersionShorterThanItsLengthField() {
        // 10 bytes, version 9: the 4-byte header length of versions 2 and 3 was read past the end.
        let m = npyMessage([0x93] + Array("NUMPY".utf8) + [9, 0, 0, 1])
        #expect(m?.contains(".npy format version 9 is not supported") == true, "\(m ?? "nil")")
        #expect(npyMessage([0x93] + Array("NUMPY".utf8) + [2, 0, 0, 1])?.contains("truncated header") == true)
    }

    @Test func shapeWhoseSizeOverflows() {
        let m = npyMessage(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"))
        #expect(m?.contains("holds more elements than any file") == true, "\(m ?? "nil")")
    }

    @Test func shapeWithAClosingParenthesisBeforeItsOpening() {
        // `)` before `(` made the range of the extents run backwards; the shape is now read from the
        // first `(` to the next `)`.
        let m = npyMessage(npy("{'descr': '<f4', 'fortran_order': False, 'shape': ) (2,), }"))
        #expect(m?.contains("expected 8 data bytes for shape [2], found 0") == true, "\(m ?? "nil")")
        #expect(npyMessage(npy("{'descr': '<f4', 'fortran_order': False, 'shape': ) 2, }"))?.contains("bad shape") == true)
    }

    @Test func zip64LocatorPointingBeyondTheFile() {
        // A zip64 end-of-central-directory locator whose record offset is 2^64 - 16.
        func le(_ v: UInt64, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }
        let locator = le(0x0706_4B50, 4) + le(0, 4) + le(0xFFFF_FFFF_FFFF_FFF0, 8) + le(1, 4)
        let eocd = le(0x0605_4B50, 4) + le(0, 4) + le(0xFFFF, 2) + le(0xFFFF, 2) + le(0, 4) + le(0xFFFF_FFFF, 4) + le(0, 2)
        do { let _: [String: Tensor<Float>] = try NPZ.unarchive(locator + eocd, source: "m.npz"); Issue.record("accepted") } catch let e as NaswiftError {
            #expect(e.kind == .dataCorrupt)
            #expect(e.message.contains("zip64 end-of-central-directory offset 18446744073709551600 is beyond the file's 42 bytes"), "\(e.message)")
        } catch { Issue.record("\(error)") }
    }
}
