import NASCore
import NASLinalg
import NASTensor

/// Extended projected data Jacobian matrices (METHODS.md section 1.2): for each of `inits`
/// independently initialised networks of one cell, the input gradient of the sum of the logits
/// over a fixed image batch, `J [batch, 3072]`, projected onto its top `proj` right singular
/// directions: `P = J V_proj = U[:, :proj] diag(s[:proj])`, `[batch, proj]`.
///
/// Sign convention (a deviation: the reference keeps whatever sign the SVD routine returns): each
/// column of `U` is flipped so that its entry of largest magnitude is positive (the first such
/// entry on ties), so the projection is a function of `J` alone.
public enum EPDJM {
    /// `P [rows, proj]` (row-major Float) of `J [rows, cols]` (row-major Float), through the
    /// Double thin SVD of NASLinalg. Requires `proj <= min(rows, cols)`; throws for a non-finite `J`.
    public static func project(_ jacobian: [Float], rows: Int, cols: Int, proj: Int) throws -> [Float] {
        precondition(jacobian.count == rows * cols, "EPDJM.project: \(jacobian.count) values for \(rows) x \(cols)")
        precondition(proj >= 1 && proj <= min(rows, cols), "EPDJM.project: proj \(proj) for a \(rows) x \(cols) matrix")
        let svd = try SVD(try Matrix(rows: rows, cols: cols, storage: jacobian.map(Double.init)))
        let k = svd.u.cols
        var out = [Float](repeating: 0, count: rows * proj)
        for j in 0..<proj {
            var top = 0
            for i in 0..<rows where abs(svd.u.storage[i * k + j]) > abs(svd.u.storage[top * k + j]) { top = i }
            let scale = svd.singularValues[j] * (svd.u.storage[top * k + j] < 0 ? -1 : 1)
            for i in 0..<rows { out[i * proj + j] = Float(svd.u.storage[i * k + j] * scale) }
        }
        return out
    }

    /// The generator of init `init` of cell `code` in a run seeded `seed`: independent of the
    /// order in which cells are computed (so a resumed or sharded run draws the same weights).
    public static func generator(seed: UInt64, space: CENASpace, code: Int, init index: Int) -> SeededGenerator {
        let spaceTag: UInt64 = space == .nb201 ? 0x201 : 0x5A5
        return SeededGenerator(seed: seed, stream: (spaceTag << 48) | (UInt64(code) << 8) | UInt64(index))
    }

    /// The EPDJM of cell `code`: `[inits, batch, proj]` flattened (Float), for images
    /// `[batch, 3, 32, 32]`. Throws when a Jacobian is not finite (the SVD refuses it).
    public static func compute(space: CENASpace, code: Int, images: Tensor<Float>, inits: Int, proj: Int,
                               seed: UInt64) throws -> [Float] {
        let batch = images.shape[0], cols = images.count / max(batch, 1)
        var out: [Float] = []
        out.reserveCapacity(inits * batch * proj)
        for i in 0..<inits {
            var rng = generator(seed: seed, space: space, code: code, init: i)
            let net: CellNetwork<Float> = space.network(code, rng: &rng)
            let j = net.inputGradient(images)
            out += try project(j.scalars, rows: batch, cols: cols, proj: proj)
        }
        return out
    }
}
