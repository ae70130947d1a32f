import Foundation
import NASCore
import NASTensor

/// Images from a CIFAR-10 binary file (the format of `data_batch_1.bin` / `test_batch.bin`): per
/// record one label byte (0..9) then 3,072 pixel bytes, the R, G and B planes of 32 x 32.
///
/// Pixels are scaled as CENA's input pipeline does (`ToTensor` then normalise with mean 0.5 and
/// std 0.5 per channel): `x = (byte / 255 - 0.5) / 0.5`, in [-1, 1].
public struct CIFARImages: Sendable {
    /// Bytes per record: one label byte and 3 x 32 x 32 pixel bytes.
    public static let recordSize = 3073

    /// The chosen images, `[count, 3, 32, 32]`, normalised.
    public let images: Tensor<Float>
    /// Their labels (0..9).
    public let labels: [UInt8]
    /// Their record numbers in the file (0-based).
    public let records: [Int]
    /// Number of records in the file.
    public let fileRecords: Int
    /// SHA-256 of the whole file (hex).
    public let fileChecksum: String

    /// Reads records `records` of the CIFAR-10 binary file at `url` (all of them when nil).
    /// Throws a clear error for an unreadable file, a size that is not a whole number of records,
    /// a label byte above 9, or a record number outside the file.
    public init(contentsOf url: URL, records: [Int]? = nil) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw NaswiftError(.dataMissing, "cannot read the image file '\(url.path)': \(error.localizedDescription)",
                               hint: "pass a CIFAR-10 binary file (e.g. data_batch_1.bin of cifar-10-binary.tar.gz)")
        }
        let bytes = [UInt8](data)
        guard !bytes.isEmpty, bytes.count % CIFARImages.recordSize == 0 else {
            let hint = bytes.count % 3074 == 0 && !bytes.isEmpty
                ? "its size fits CIFAR-100's 3,074-byte records; CENA's networks take CIFAR-10 files (1 label byte per record)"
                : "pass a CIFAR-10 binary file: 1 label byte + 3,072 pixel bytes per image"
            throw NaswiftError(.dataCorrupt, "'\(url.path)' is not a CIFAR-10 binary file: \(bytes.count) bytes is not a positive multiple of 3,073",
                               hint: hint)
        }
        let n = bytes.count / CIFARImages.recordSize
        for r in 0..<n where bytes[r * CIFARImages.recordSize] > 9 {
            throw NaswiftError(.dataCorrupt, "'\(url.path)' is not a CIFAR-10 binary file: record \(r) has label byte \(bytes[r * CIFARImages.recordSize]) (labels are 0..9)",
                               hint: "pass a CIFAR-10 binary file: 1 label byte + 3,072 pixel bytes per image")
        }
        let chosen = records ?? Array(0..<n)
        if let bad = chosen.first(where: { $0 < 0 || $0 >= n }) {
            throw NaswiftError.invalidArgument("image \(bad) requested but '\(url.path)' holds \(n) images",
                                               hint: "ask for at most \(n) images")
        }
        var scalars = [Float](repeating: 0, count: chosen.count * 3072)
        for (i, r) in chosen.enumerated() {
            let base = r * CIFARImages.recordSize + 1
            for j in 0..<3072 { scalars[i * 3072 + j] = (Float(bytes[base + j]) / 255 - 0.5) / 0.5 }
        }
        images = try Tensor(shape: [chosen.count, 3, 32, 32], scalars: scalars)
        labels = chosen.map { bytes[$0 * CIFARImages.recordSize] }
        self.records = chosen
        fileRecords = n
        fileChecksum = SHA256.hex(of: bytes)
    }

    /// `count` distinct records drawn uniformly (seeded) from a file of `fileRecords` records,
    /// ascending (CENA draws one random batch and reuses it for every network).
    public static func sample(_ count: Int, of fileRecords: Int, seed: UInt64) throws -> [Int] {
        guard count >= 2, count <= fileRecords else {
            throw NaswiftError.invalidArgument("a batch of \(count) images from a file of \(fileRecords)",
                                               hint: "the batch must have at least 2 images (training-mode batch norm) and at most \(fileRecords)")
        }
        var rng = SeededGenerator(seed: seed, stream: 0xC1FA)
        var all = Array(0..<fileRecords)
        for i in 0..<count {
            let j = i + Int(rng.next() % UInt64(fileRecords - i))
            all.swapAt(i, j)
        }
        return all.prefix(count).sorted()
    }
}
