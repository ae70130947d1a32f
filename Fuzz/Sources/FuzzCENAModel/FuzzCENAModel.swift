import FuzzSupport
import NASCENA
import NASCore

/// libFuzzer entry: the bytes, with lengths and checksum re-sealed, as a CENA model file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? ContrastiveModel.parse(Sealing.modelFile(Sealing.bytes(data, size)), source: "fuzz.model")
    return 0
}

/// Writes the seed (`SeedWriter`): an untrained DeepSet of input 4, hidden 4, embedding and projection 2.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    SeedWriter.writeIfAsked {
        var config = ContrastiveConfig()
        config.hidden = 4; config.embedding = 2; config.projection = 2
        var rng = SeededGenerator(seed: 0)
        let net = ContrastiveNetwork<Float>(input: 4, hidden: 4, embedding: 2, projection: 2, rng: &rng)
        let header = try SeedWriter.decode(ContrastiveModel.Header.self, [
            "config": try SeedWriter.json(config), "input": 4, "setSize": 2, "inits": 2, "spaces": ["nb201"],
            "trainingCells": 0, "heldOutCells": 0, "dataChecksum": "", "history": [Any](),
        ])
        return try ContrastiveModel(header: header, network: net).serialized()
    }
    return 0
}
