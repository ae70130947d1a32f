/// One NATS-Bench size-space architecture: the channel widths of its 5 stages, each in
/// {8, 16, ..., 64}.
///
/// Stored as `code` in 0..32767: the five width levels (width / 8 - 1, in 0..7) read as a base-8
/// number with stage 1 the most significant digit. This is the row order of the NATS size-space
/// tables (`8:8:8:8:8` is 0, `8:8:8:8:16` is 1, ...).
public struct NATSSizeArch: Hashable, Sendable, Comparable, CustomStringConvertible {
    public static let stageCount = 5
    /// The allowed widths, in increasing order.
    public static let widthChoices = [8, 16, 24, 32, 40, 48, 56, 64]
    /// Number of architectures (8^5).
    public static let archCount = 32_768

    /// Base-8 code of the width levels, stage 1 most significant; 0..32767.
    public let code: UInt16

    /// The architecture with code `code`; nil outside 0..32767.
    public init?(code: Int) {
        guard code >= 0, code < NATSSizeArch.archCount else { return nil }
        self.code = UInt16(code)
    }

    /// The architecture with these 5 widths; nil when a width is not one of `widthChoices`.
    public init?(widths: [Int]) {
        guard widths.count == NATSSizeArch.stageCount else { return nil }
        var c = 0
        for w in widths {
            guard w % 8 == 0, w >= 8, w <= 64 else { return nil }
            c = c * 8 + (w / 8 - 1)
        }
        self.code = UInt16(c)
    }

    @usableFromInline
    init(uncheckedCode: Int) { self.code = UInt16(uncheckedCode) }

    /// Width level (0..7) of stage `stage` (0-based).
    @inlinable
    public func level(_ stage: Int) -> Int { (Int(code) >> (3 * (NATSSizeArch.stageCount - 1 - stage))) & 7 }

    /// The five channel widths.
    public var widths: [Int] { (0..<NATSSizeArch.stageCount).map { 8 * (level($0) + 1) } }

    /// The architecture with stage `stage` set to width level `level` (0..7).
    public func replacing(stage: Int, level: Int) -> NATSSizeArch {
        let shift = 3 * (NATSSizeArch.stageCount - 1 - stage)
        let c = (Int(code) & ~(7 << shift)) | (level << shift)
        return NATSSizeArch(uncheckedCode: c)
    }

    public static func < (a: NATSSizeArch, b: NATSSizeArch) -> Bool { a.code < b.code }

    /// The channel string `c1:c2:c3:c4:c5`.
    public var description: String { widths.map(String.init).joined(separator: ":") }
}
