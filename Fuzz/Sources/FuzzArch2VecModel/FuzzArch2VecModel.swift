import FuzzSupport
import NASArch2Vec
import NASCore

/// libFuzzer entry: the bytes, with lengths and checksum re-sealed, as an arch2vec model file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? Arch2VecModel.parse(Sealing.modelFile(Sealing.bytes(data, size)), source: "fuzz.model")
    return 0
}

/// Writes the seed (`SeedWriter`): an untrained NB201 GIN-VAE of one layer, hidden 4, latent 2.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    SeedWriter.writeIfAsked {
        let space = Arch2VecSpace.nb201
        var config = Arch2VecConfig(epochs: 1, seed: 0)
        config.hidden = 4; config.latent = 2; config.layers = 1
        var rng = SeededGenerator(seed: 0)
        let net = GINVAE<Float>(inputDim: space.features, hidden: config.hidden, latent: config.latent,
                                layers: config.layers, dropout: config.dropout, rng: &rng)
        let header = try SeedWriter.decode(Arch2VecModel.Header.self, [
            "space": space.rawValue, "nodes": space.nodes, "features": space.features, "config": try SeedWriter.json(config),
            "trainingGraphs": 0, "heldOutGraphs": 0, "dataChecksum": "", "diagnostics": [Any](),
            "latentMean": [0, 0], "latentStd": [1, 1],
        ])
        return try Arch2VecModel(header: header, model: net).serialized()
    }
    return 0
}
