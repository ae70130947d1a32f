import Foundation
import NASArch2Vec
import NASCore
import NASLinalg

/// The model the arch2vec strategies use when no `model=FILE` is given: the space's default model
/// file (`Arch2VecModelStore.defaultURL`, `$NASWIFT_DATA/models/arch2vec-<space>.model`, else
/// `~/.cache/naswift/models/...`), the same file `naswift embed arch2vec train --space S` writes.
///
/// When that file is missing on nb201 or nbgraph it is trained once, on first use, with the
/// reference configuration (`Arch2VecConfig.reference`, the CLI's 10,000 diagnostic decodings, one
/// BLAS thread: byte for byte the file `naswift embed arch2vec train --space S` writes on the same
/// CPU), saved atomically and reused by every later run. That took 25 s on nb201 (15,625 cells)
/// and 36 s on nbgraph (26,206 cells) on an idle AMD EPYC Zen 4 (debug build, numeric libraries
/// `-O`), minutes on a loaded machine; a line on standard error says so while it runs. nb101's
/// 423,624 cells take tens of minutes, so there the file must be trained explicitly.
public enum Arch2VecDefaultModel {
    /// Spaces whose default model is trained on first use.
    public static let trainedOnFirstUse: [Arch2VecSpace] = [.nb201, .nbgraph]

    /// One training per (directory, space) and process; concurrent seeds wait for it.
    private static let builds = BuildOnceCache()

    /// The default model file of `space` in `directory`, trained with `config` (default: the
    /// reference configuration) when missing. `note` receives the line announcing a training.
    /// Throws `dataMissing` for a missing nb101 model (with the command that trains it), and the
    /// trainer's or file system's errors.
    public static func url(space: Arch2VecSpace, directory: URL = Arch2VecModelStore.directory,
                           config: Arch2VecConfig? = nil,
                           note: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) throws -> URL {
        let url = Arch2VecModelStore.defaultURL(space: space.rawValue, directory: directory)
        if FileManager.default.fileExists(atPath: url.path) { return url }
        guard trainedOnFirstUse.contains(space) else {
            throw NaswiftError(.dataMissing, "no arch2vec model was given and the default \(space.rawValue) model \(url.path) does not exist",
                               hint: "train it once with `naswift embed arch2vec train --space \(space.rawValue)` (tens of minutes on nb101), "
                                   + "or pass --model FILE")
        }
        return try builds.value("\(url.path)") {
            if FileManager.default.fileExists(atPath: url.path) { return url }  // another process finished it
            let c = config ?? Arch2VecConfig.reference(for: space)
            note("arch2vec: no model given; training the default \(space.rawValue) model once (\(c.epochs) epochs, seed \(c.seed), "
                 + "under a minute) into \(url.path)")
            let model = try BLAS.withThreadCount(1) {
                try Arch2VecTrainer(space: space, config: c).train(graphs: space.wholeSpace().graphs)
            }
            try model.save(to: url)
            return url
        }
    }
}
