import FuzzSupport
import NASCore
import NASCENA
import NASSpaces

/// libFuzzer entry: the bytes (UTF-8) as an architecture string of every space; what parses is
/// formatted and parsed again, which must give the same architecture.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: Sealing.bytes(data, size), as: UTF8.self)
    roundTrip(NB201Space(), text)
    roundTrip(NB101Space(), text)
    roundTrip(NATSSizeSpace(), text)
    roundTrip(NBGraphSpace(), text)
    for space in CENASpace.allCases { _ = try? space.parse(text) }
    return 0
}

/// Parses `text`; a parsed architecture's string form must parse back to it.
func roundTrip<S: SearchSpace>(_ space: S, _ text: String) {
    guard let a = try? space.parse(text) else { return }
    guard let again = try? space.parse(space.format(a)), again == a else {
        fatalError("\(space.name): '\(text)' parses, but its string form '\(space.format(a))' does not parse back to it")
    }
}
