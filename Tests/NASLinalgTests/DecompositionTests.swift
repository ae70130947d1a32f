import Foundation
import Testing
import NASCore
import NASTestSupport
@testable import NASLinalg

/// Cholesky, solves, log-determinant, eigh and SVD against numpy/scipy on random and
/// ill-conditioned matrices. Tolerances scale with the condition number (forward error bound
/// ~ cond * eps) with a factor 100 of slack.
@Suite struct DecompositionTests {
    static let eps = Double.ulpOfOne

    /// (name, matrix, condition number estimate used for the tolerance)
    static func spdCases() throws -> [(String, Matrix)] {
        [("random8", TestMatrices.randomSPD(8, seed: 1)),
         ("random40", TestMatrices.randomSPD(40, seed: 2)),
         ("hilbert8", TestMatrices.hilbert(8)),
         ("nearSingular6", try TestMatrices.nearSingularSPD(6, seed: 3))]
    }

    @Test func choleskySolveLogdetMatchNumpy() throws {
        let cases = try Self.spdCases()
        var input: [[String: Any]] = []
        var rhs: [Matrix] = []
        for (i, (_, a)) in cases.enumerated() {
            let b = TestMatrices.random(a.rows, 3, seed: 100 + UInt64(i))
            rhs.append(b)
            input.append(["a": a.rowArrays, "b": b.rowArrays, "ours": try Cholesky(a).lower.rowArrays])
        }
        let script = """
        import scipy.linalg as sl
        out = []
        for c in inp:
            a = np.array(c["a"]); b = np.array(c["b"])
            L = np.linalg.cholesky(a)
            ours = np.array(c["ours"])
            out.append({"L": L.tolist(), "x": sl.cho_solve((L, True), b).tolist(),
                        "y": sl.solve_triangular(ours, b, lower=True).tolist(),
                        "logdet": float(np.linalg.slogdet(a)[1]), "cond": float(np.linalg.cond(a))})
        print(json.dumps(out))
        """
        let ref = try #require(try PythonReference.run(script, input: input) as? [[String: Any]])
        for (i, (name, a)) in cases.enumerated() {
            let r = ref[i]
            let cond = try r.double("cond")
            let tol = 100 * cond * Self.eps
            let chol = try Cholesky(a)
            #expect(chol.jitter == 0, "\(name): no jitter needed")
            // The factor is backward stable; its forward error is bounded by sqrt(cond) * eps.
            let errL = TestMatrices.relativeError(chol.lower.storage, try r.doubles("L"))
            #expect(errL < 100 * cond.squareRoot() * Self.eps, "\(name): L rel err \(errL)")
            let x = try chol.solve(rhs[i])
            let errX = TestMatrices.relativeError(x.storage, try r.doubles("x"))
            #expect(errX < tol, "\(name): solve rel err \(errX), cond \(cond)")
            let y = try chol.solveLower(rhs[i])
            let errY = TestMatrices.relativeError(y.storage, try r.doubles("y"))
            // Same triangle in both: the triangular solve alone (cond(L) = sqrt(cond(A))).
            #expect(errY < 100 * cond.squareRoot() * Self.eps, "\(name): triangular solve rel err \(errY)")
            // |d logdet| <= n * cond * eps for a backward error of eps * ||A||.
            let ld = try r.double("logdet")
            #expect(abs(chol.logDeterminant - ld) < 10 * Double(a.rows) * cond * Self.eps,
                    "\(name): logdet \(chol.logDeterminant) vs \(ld)")
            // Residual check independent of numpy: ||A x - b|| / (||A|| ||x||) ~ eps.
            let res = try a.multiplied(by: x) - rhs[i]
            #expect(res.maxAbs / (a.maxAbs * x.maxAbs) < 1e-13, "\(name): residual")
            let inv = try chol.inverse()
            let eye = try a.multiplied(by: inv)
            #expect(TestMatrices.relativeError(eye.storage, Matrix.identity(a.rows).storage) < tol,
                    "\(name): A * inverse(A) = I")
        }
    }

    @Test func jitterRescuesSingularMatricesAndIsReported() throws {
        let a = TestMatrices.singularPSD(8, rank: 5, seed: 7)
        let e = #expect(throws: NaswiftError.self) { try Cholesky(a) }
        #expect(e?.kind == .numerical)
        #expect(e?.message.contains("not positive definite") == true)
        #expect(e?.hint?.contains("jitter") == true)
        let chol = try Cholesky(a, jitter: .standard)
        let meanDiag = a.diagonal.reduce(0, +) / 8
        #expect(chol.jitter > 0 && chol.jitter <= 1e-4 * meanDiag * (1 + 1e-12))
        // The reported jitter is exactly what was added: L L^T = A + jitter I.
        let llt = try chol.lower.multiplied(by: chol.lower, transposeOther: true)
        let target = try a.addingToDiagonal(chol.jitter)
        #expect(TestMatrices.relativeError(llt.storage, target.storage) < 1e-14)
        let ref = try PythonReference.dictionary("""
            a = np.array(inp["a"]) + inp["j"] * np.eye(8)
            print(json.dumps({"L": np.linalg.cholesky(a).tolist()}))
            """, input: ["a": a.rowArrays, "j": chol.jitter])
        let errL = TestMatrices.relativeError(chol.lower.storage, try ref.doubles("L"))
        #expect(errL < 1e-6, "L vs numpy on the jittered matrix: \(errL)")
        // Far from SPD: even the largest jitter fails, with a clear message.
        var neg = Matrix.identity(4)
        neg[3, 3] = -1
        let e2 = #expect(throws: NaswiftError.self) { try Cholesky(neg, jitter: .standard) }
        #expect(e2?.message.contains("even with jitter") == true)
        // Asymmetric input is not silently symmetrised.
        var asym = Matrix.identity(3)
        asym[0, 1] = 0.5
        #expect(throws: NaswiftError.self) { try Cholesky(asym) }
    }

    @Test func eighMatchesNumpyUpToSign() throws {
        let cases: [(String, Matrix)] = try Self.spdCases() + [
            ("indefinite7", { let r = TestMatrices.random(7, 7, seed: 11); return try 0.5 * (r + r.transposed) }()),
            ("singular8", TestMatrices.singularPSD(8, rank: 3, seed: 12)),
        ]
        let ref = try #require(try PythonReference.run("""
            out = []
            for a in inp:
                w, v = np.linalg.eigh(np.array(a))
                out.append({"w": w.tolist(), "v": v.tolist()})
            print(json.dumps(out))
            """, input: cases.map { $0.1.rowArrays }) as? [[String: Any]])
        for (i, (name, a)) in cases.enumerated() {
            let eig = try SymmetricEigen(a)
            let w = try ref[i].doubles("w"), v = try ref[i].doubles("v")
            let n = a.rows, scale = a.maxAbs
            for j in 0..<n {
                #expect(abs(eig.values[j] - w[j]) < 1e3 * Self.eps * scale * Double(n), "\(name): eigenvalue \(j)")
                if j > 0 { #expect(eig.values[j] >= eig.values[j - 1], "\(name): ascending") }
            }
            // Eigenvectors agree up to sign where the eigenvalue is separated from its neighbours.
            for j in 0..<n {
                let gap = min(j > 0 ? eig.values[j] - eig.values[j - 1] : .infinity,
                              j < n - 1 ? eig.values[j + 1] - eig.values[j] : .infinity)
                guard gap > 1e-6 * scale else { continue }
                let ours = eig.vectors.column(j)
                let theirs = (0..<n).map { v[$0 * n + j] }
                let dot = zip(ours, theirs).reduce(0) { $0 + $1.0 * $1.1 }
                let sign: Double = dot < 0 ? -1 : 1
                let err = zip(ours, theirs).reduce(0) { max($0, abs($1.0 - sign * $1.1)) }
                #expect(err < 1e3 * Self.eps * scale / gap, "\(name): eigenvector \(j) err \(err) gap \(gap)")
            }
            // Reconstruction A = V diag(w) V^T.
            let vd = try eig.vectors.multiplied(by: .diagonal(eig.values))
            let rec = try vd.multiplied(by: eig.vectors, transposeOther: true)
            #expect(TestMatrices.relativeError(rec.storage, a.storage) < 1e-13, "\(name): reconstruction")
        }
    }

    @Test func thinSVDMatchesNumpyUpToSign() throws {
        let cases: [(String, Matrix)] = [
            ("tall9x4", TestMatrices.random(9, 4, seed: 21)),
            ("wide4x9", TestMatrices.random(4, 9, seed: 22)),
            ("square hilbert8", TestMatrices.hilbert(8)),
            ("tall 30x12", TestMatrices.random(30, 12, seed: 23)),
        ]
        let ref = try #require(try PythonReference.run("""
            out = []
            for a in inp:
                u, s, vh = np.linalg.svd(np.array(a), full_matrices=False)
                out.append({"u": u.tolist(), "s": s.tolist(), "vh": vh.tolist()})
            print(json.dumps(out))
            """, input: cases.map { $0.1.rowArrays }) as? [[String: Any]])
        for (i, (name, a)) in cases.enumerated() {
            let svd = try SVD(a)
            let k = min(a.rows, a.cols)
            #expect(svd.u.rows == a.rows && svd.u.cols == k && svd.vt.rows == k && svd.vt.cols == a.cols, "\(name): shapes")
            let s = try ref[i].doubles("s"), u = try ref[i].doubles("u"), vh = try ref[i].doubles("vh")
            for j in 0..<k { #expect(abs(svd.singularValues[j] - s[j]) < 1e-13 * s[0], "\(name): sigma \(j)") }
            for j in 0..<k {
                let gap = min(j > 0 ? s[j - 1] - s[j] : .infinity, j < k - 1 ? s[j] - s[j + 1] : .infinity)
                guard gap > 1e-6 * s[0] else { continue }
                let ou = svd.u.column(j), tu = (0..<a.rows).map { u[$0 * k + j] }
                let ov = svd.vt.row(j), tv = Array(vh[(j * a.cols)..<((j + 1) * a.cols)])
                let sign: Double = zip(ou, tu).reduce(0) { $0 + $1.0 * $1.1 } < 0 ? -1 : 1
                let tol = 1e3 * Self.eps * s[0] / gap
                #expect(zip(ou, tu).allSatisfy { abs($0 - sign * $1) < tol }, "\(name): u column \(j)")
                #expect(zip(ov, tv).allSatisfy { abs($0 - sign * $1) < tol }, "\(name): v row \(j) (same sign as u)")
            }
            let us = try svd.u.multiplied(by: .diagonal(svd.singularValues))
            let rec = try us.multiplied(by: svd.vt)
            #expect(TestMatrices.relativeError(rec.storage, a.storage) < 1e-13, "\(name): reconstruction")
        }
    }
}
