import NASCore

/// A dense, row-major matrix of `Double`s (a value type).
///
/// Element `(i, j)` lives at `storage[i * cols + j]`. Every operation checks shapes and throws
/// `NaswiftError` on a mismatch; products go through the one gemm, `BLAS.gemm`.
public struct Matrix: Sendable, Equatable, CustomStringConvertible {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let cols: Int
    /// The `rows * cols` elements, row-major.
    public var storage: [Double]

    /// A `rows x cols` matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        self.rows = max(rows, 0)
        self.cols = max(cols, 0)
        self.storage = [Double](repeating: value, count: self.rows * self.cols)
    }

    /// A `rows x cols` matrix over row-major `storage` (throws unless `storage.count == rows * cols`).
    public init(rows: Int, cols: Int, storage: [Double]) throws {
        guard rows >= 0, cols >= 0 else {
            throw NaswiftError.invalidArgument("matrix shape \(rows)x\(cols) has a negative dimension",
                                               hint: "use non-negative row and column counts")
        }
        guard storage.count == rows * cols else {
            throw NaswiftError.invalidArgument(
                "matrix shape \(rows)x\(cols) needs \(rows * cols) elements, got \(storage.count)",
                hint: "pass exactly rows * cols values in row-major order")
        }
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    /// A matrix from an array of equally long rows (an empty array gives a 0x0 matrix).
    public init(_ rowArrays: [[Double]]) throws {
        let c = rowArrays.first?.count ?? 0
        for (i, r) in rowArrays.enumerated() where r.count != c {
            throw NaswiftError.invalidArgument("ragged rows: row 0 has \(c) entries but row \(i) has \(r.count)",
                                               hint: "every row of a matrix must have the same length")
        }
        self.rows = rowArrays.count
        self.cols = c
        self.storage = rowArrays.flatMap { $0 }
    }

    /// The `n x n` identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m.storage[i * n + i] = 1 }
        return m
    }

    /// The square matrix with `d` on its diagonal.
    public static func diagonal(_ d: [Double]) -> Matrix {
        var m = Matrix(rows: d.count, cols: d.count)
        for i in d.indices { m.storage[i * d.count + i] = d[i] }
        return m
    }

    /// Element `(i, j)` (unchecked beyond the array's own bounds check).
    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { storage[i * cols + j] }
        set { storage[i * cols + j] = newValue }
    }

    public var isSquare: Bool { rows == cols }
    /// "rows x cols", for messages.
    public var shapeDescription: String { "\(rows)x\(cols)" }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { Array(storage[(i * cols)..<((i + 1) * cols)]) }
    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] { (0..<rows).map { storage[$0 * cols + j] } }
    /// The rows as nested arrays.
    public var rowArrays: [[Double]] { (0..<rows).map(row) }
    /// The main diagonal (length `min(rows, cols)`).
    public var diagonal: [Double] { (0..<min(rows, cols)).map { storage[$0 * cols + $0] } }

    /// The transpose (`cols x rows`).
    public var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        storage.withUnsafeBufferPointer { src in
            t.storage.withUnsafeMutableBufferPointer { dst in
                for i in 0..<rows { for j in 0..<cols { dst[j * rows + i] = src[i * cols + j] } }
            }
        }
        return t
    }

    public var description: String {
        "Matrix(\(shapeDescription)) " + rowArrays.map { "\($0)" }.joined(separator: "\n")
    }
}
