import NASCore

/// A dense, row-major, contiguous n-dimensional array of `Float` or `Double`.
///
/// `shape` lists the extent of each axis (outermost first); `scalars` holds
/// `shape.reduce(1, *)` elements in row-major order. A rank-0 tensor (shape `[]`) is a scalar.
/// Value type with copy-on-write storage (`[T]`), so passing tensors around is cheap.
///
/// Constructors and checks that see user data (`init(shape:scalars:)`, `reshaped`,
/// `requireShape`, `requireFinite`) throw `NaswiftError`; the arithmetic used inside model code
/// checks shapes with `precondition`s whose messages name the operation and both shapes.
public struct Tensor<T: TensorScalar>: Sendable, Equatable, CustomStringConvertible {
    public private(set) var shape: [Int]
    public var scalars: [T]

    /// A tensor from explicit elements; throws when `scalars.count` does not match `shape`.
    public init(shape: [Int], scalars: [T]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw NaswiftError.invalidArgument("tensor shape \(shape) has a negative extent",
                                               hint: "every axis extent must be >= 0")
        }
        let n = shape.reduce(1, *)
        guard n == scalars.count else {
            throw NaswiftError.invalidArgument(
                "tensor shape \(shape) needs \(n) elements but \(scalars.count) were given",
                hint: "pass exactly product(shape) elements in row-major order")
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// Internal constructor for kernels whose shapes are already consistent.
    @usableFromInline
    init(unchecked shape: [Int], _ scalars: [T]) {
        assert(shape.reduce(1, *) == scalars.count, "tensor shape \(shape) vs \(scalars.count) elements")
        self.shape = shape
        self.scalars = scalars
    }

    /// All elements equal to `value`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public init(repeating value: T, shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor(repeating:shape:): negative extent in \(shape)")
        self.init(unchecked: shape, [T](repeating: value, count: shape.reduce(1, *)))
    }

    /// All zeros.
    public init(zeros shape: [Int]) { self.init(repeating: 0, shape: shape) }

    /// A rank-0 tensor holding one scalar.
    public init(_ value: T) { self.init(unchecked: [], [value]) }

    /// A rank-1 tensor.
    public init(_ values: [T]) { self.init(unchecked: [values.count], values) }

    /// A rank-2 tensor from rows; throws when the rows have different lengths.
    public init(rows: [[T]]) throws {
        let cols = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == cols }) else {
            throw NaswiftError.invalidArgument("ragged rows: lengths \(Set(rows.map(\.count)).sorted())",
                                               hint: "every row of a matrix must have the same length")
        }
        self.init(unchecked: [rows.count, cols], rows.flatMap { $0 })
    }

    /// Number of elements.
    @inlinable public var count: Int { scalars.count }
    /// Number of axes.
    @inlinable public var rank: Int { shape.count }

    /// The single element of a one-element tensor.
    public var scalar: T {
        precondition(count == 1, "Tensor.scalar: tensor of shape \(shape) has \(count) elements, not 1")
        return scalars[0]
    }

    /// Element access by full index (slow path, for tests and small code).
    public subscript(_ index: Int...) -> T {
        get { scalars[flatIndex(index)] }
        set { scalars[flatIndex(index)] = newValue }
    }

    func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "Tensor subscript: \(index.count) indices for shape \(shape)")
        var flat = 0
        for (i, (ix, n)) in zip(index, shape).enumerated() {
            precondition(ix >= 0 && ix < n, "Tensor subscript: index \(ix) out of range 0..<\(n) on axis \(i)")
            flat = flat * n + ix
        }
        return flat
    }

    /// The same elements under another shape; throws when the element counts differ.
    /// One extent may be `-1` (inferred).
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        let resolved = try Tensor.resolve(newShape, count: count)
        return Tensor(unchecked: resolved, scalars)
    }

    /// `reshaped` for model code: traps with a clear message on mismatch.
    public func reshapedUnchecked(_ newShape: [Int]) -> Tensor {
        do { return try reshaped(newShape) } catch { preconditionFailure("\(error)") }
    }

    static func resolve(_ newShape: [Int], count: Int) throws -> [Int] {
        var shape = newShape
        let unknown = shape.indices.filter { shape[$0] == -1 }
        guard unknown.count <= 1, shape.allSatisfy({ $0 >= -1 }) else {
            throw NaswiftError.invalidArgument("invalid target shape \(newShape)",
                                               hint: "extents must be >= 0, with at most one -1")
        }
        if let u = unknown.first {
            let known = shape.enumerated().filter { $0.offset != u }.map(\.element).reduce(1, *)
            guard known > 0, count % known == 0 else {
                throw NaswiftError.invalidArgument("cannot reshape \(count) elements to \(newShape)",
                                                   hint: "the product of the known extents must divide \(count)")
            }
            shape[u] = count / known
        }
        guard shape.reduce(1, *) == count else {
            throw NaswiftError.invalidArgument("cannot reshape \(count) elements to \(newShape)",
                                               hint: "the product of the new shape must equal the element count")
        }
        return shape
    }

    /// Throws unless the shape equals `expected` (`-1` matches any extent). `name` says which input.
    public func requireShape(_ expected: [Int], _ name: String) throws {
        let ok = expected.count == shape.count && zip(expected, shape).allSatisfy { $0 == -1 || $0 == $1 }
        guard ok else {
            let pretty = expected.map { $0 == -1 ? "*" : String($0) }.joined(separator: ", ")
            throw NaswiftError.invalidArgument("\(name) has shape \(shape), expected [\(pretty)]",
                                               hint: "reshape or transpose \(name) to the expected layout")
        }
    }

    /// Throws `NaswiftError(.numerical)` naming the first NaN or infinite element.
    public func requireFinite(_ name: String) throws {
        if let i = scalars.firstIndex(where: { !$0.isFinite }) {
            throw NaswiftError(.numerical, "\(name) contains a non-finite value (\(scalars[i])) at flat index \(i)",
                               hint: "remove or impute NaN/inf entries before passing \(name)")
        }
    }

    /// A copy converted to another scalar type.
    public func converted<U: TensorScalar>(to: U.Type = U.self) -> Tensor<U> {
        Tensor<U>(unchecked: shape, scalars.map { U($0) })
    }

    public var description: String {
        let head = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor<\(T.self)>\(shape)[\(head)\(count > 8 ? ", ..." : "")]"
    }
}

extension Tensor {
    /// Elements drawn uniformly from `[low, high)` with a seeded generator.
    public static func uniform(_ shape: [Int], low: T, high: T, rng: inout SeededGenerator) -> Tensor {
        let n = shape.reduce(1, *)
        var s = [T](repeating: 0, count: n)
        for i in 0..<n { s[i] = low + (high - low) * T(rng.uniform()) }
        return Tensor(unchecked: shape, s)
    }

    /// Standard-normal elements scaled by `std` (seeded).
    public static func normal(_ shape: [Int], mean: T = 0, std: T = 1, rng: inout SeededGenerator) -> Tensor {
        let n = shape.reduce(1, *)
        var s = [T](repeating: 0, count: n)
        for i in 0..<n { s[i] = mean + std * T(rng.normal()) }
        return Tensor(unchecked: shape, s)
    }

    /// The `n x n` identity matrix.
    public static func eye(_ n: Int) -> Tensor {
        var t = Tensor(zeros: [n, n])
        for i in 0..<n { t.scalars[i * n + i] = 1 }
        return t
    }
}

extension Array where Element: TensorScalar {
    /// An array of `count` elements left uninitialised, for outputs a kernel fully overwrites
    /// (skips the zero-fill pass over multi-megabyte activations).
    @inline(__always)
    static func uninitialised(_ count: Int) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { _, initialised in initialised = count }
    }
}
