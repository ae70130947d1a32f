import NASCore
import NASLinalg

/// What a `GaussianProcess` is trained on: feature vectors or precomputed distance matrices.
public enum GPInputs: Sendable {
    /// `n` feature vectors of equal dimension `d` (`.rbf` / `.matern52` kernels). With `ard` one
    /// lengthscale per dimension (d components `(x_i - x'_i)^2`), otherwise one shared lengthscale
    /// (one component, the squared Euclidean distance).
    case vectors([[Double]], ard: Bool = false)
    /// `c` symmetric `n x n` distance matrices with zero diagonal (`.exponential` kernel), one
    /// lengthscale each, e.g. `[d_op, d_in, d_out]` of TW-NAS.
    case distances([Matrix])

    /// Number of training points `n`.
    public var count: Int {
        switch self {
        case let .vectors(x, _): return x.count
        case let .distances(d): return d.first?.rows ?? 0
        }
    }

    /// Number of lengthscales (kernel components).
    public var componentCount: Int {
        switch self {
        case let .vectors(x, ard): return ard ? (x.first?.count ?? 0) : 1
        case let .distances(d): return d.count
        }
    }
}

/// Where a `GaussianProcess` predicts: `m` candidates, in the same form as the training inputs.
public enum GPCandidates: Sendable {
    /// `m` feature vectors (dimension as in training).
    case vectors([[Double]])
    /// Per component: `cross[c]` is `n x m` (training rows, candidate columns); `among[c]` is the
    /// `m x m` candidate-candidate distance matrix, needed for the full covariance (pass nil to get
    /// only the marginal variances, which use `d(x, x) = 0`).
    case distances(cross: [Matrix], among: [Matrix]?)
}

/// Component matrices (see `GPKernel`) built from inputs, with validation.
enum GPComponents {
    /// Squared-difference components between row sets `a` (`p` rows) and `b` (`q` rows): `p x q` each.
    static func squared(_ a: [[Double]], _ b: [[Double]], ard: Bool) throws -> [Matrix] {
        let d = a.first?.count ?? b.first?.count ?? 0
        if ard {
            return (0..<d).map { dim in
                var m = Matrix(rows: a.count, cols: b.count)
                for i in a.indices { for j in b.indices { let t = a[i][dim] - b[j][dim]; m[i, j] = t * t } }
                return m
            }
        }
        // ||a||^2 + ||b||^2 - 2 a.b through the one gemm, clamped at 0.
        let am = try Matrix(a), bm = try Matrix(b)
        var m = try am.multiplied(by: bm, transposeOther: true)
        let na = a.map { $0.reduce(0) { $0 + $1 * $1 } }, nb = b.map { $0.reduce(0) { $0 + $1 * $1 } }
        for i in a.indices { for j in b.indices { m[i, j] = max(0, na[i] + nb[j] - 2 * m[i, j]) } }
        return [m]
    }

    static func validateVectors(_ x: [[Double]], dimension: Int?, what: String) throws {
        let d = dimension ?? x.first?.count ?? 0
        guard d > 0 else {
            throw NaswiftError.invalidArgument("\(what): feature vectors are empty", hint: "pass vectors with at least one feature")
        }
        for (i, row) in x.enumerated() {
            guard row.count == d else {
                throw NaswiftError.invalidArgument("\(what): vector \(i) has \(row.count) features, expected \(d)",
                                                   hint: "all vectors (training and candidates) need the same dimension")
            }
            if let j = row.firstIndex(where: { !$0.isFinite }) {
                throw NaswiftError(.numerical, "\(what): vector \(i) has \(row[j]) at feature \(j)", hint: "remove NaN/Inf features")
            }
        }
    }

    static func validateDistances(_ d: [Matrix], rows: Int, cols: Int, square: Bool, what: String) throws {
        guard !d.isEmpty else {
            throw NaswiftError.invalidArgument("\(what): no distance matrices", hint: "pass at least one distance matrix")
        }
        for (c, m) in d.enumerated() {
            guard m.rows == rows, m.cols == cols else {
                throw NaswiftError.invalidArgument("\(what): distance matrix \(c) is \(m.shapeDescription), expected \(rows)x\(cols)",
                                                   hint: "training distances are n x n, cross distances n x m, candidate distances m x m")
            }
            try m.requireFinite("\(what): distance matrix \(c)")
            if let i = m.storage.firstIndex(where: { $0 < 0 }) {
                throw NaswiftError.invalidArgument("\(what): distance matrix \(c) has a negative entry \(m.storage[i])",
                                                   hint: "distances must be non-negative")
            }
            if square { try m.requireSymmetric("\(what): distance matrix \(c)") }
        }
    }
}
