import FuzzSupport
import NASCTNAS
import NASSpaces

/// libFuzzer entry: the bytes, with lengths and checksum re-sealed, as a saved NAC comparator.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? NACComparator.parse(Sealing.modelFile(Sealing.bytes(data, size)), source: "fuzz.model")
    return 0
}

/// Writes the seed (`SeedWriter`): an NB201 comparator of one layer of width 4, fitted for one
/// epoch on two real cells.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    SeedWriter.writeIfAsked {
        var settings = NACSettings()
        settings.dimension = 4; settings.layers = 1; settings.epochs = 1; settings.batchSize = 2
        let vocabulary = try NACVocabulary.named("nb201")
        var nac = try NACComparator(vocabulary: vocabulary, settings: settings, seed: 0)
        let space = NB201Space()
        for (arch, value) in [("|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|", 85.86),
                              ("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|", 93.66)] {
            try nac.append(vocabulary.graph(space.graph(try space.parse(arch))), value: value)
        }
        try nac.fit()
        return try nac.serialized(source: "nb201_200ep.csv rows 0-1, cifar10_test_acc")
    }
    return 0
}
