import Testing
@testable import NASLinalg

@Suite struct BLASTests {
    /// 2x3 * 3x2 against the hand-computed product, with and without transposes.
    @Test func gemmSmall() {
        let a: [Double] = [1, 2, 3, 4, 5, 6]        // 2x3
        let b: [Double] = [7, 8, 9, 10, 11, 12]     // 3x2
        var c = [Double](repeating: 0, count: 4)
        BLAS.gemm(m: 2, n: 2, k: 3, a: a, lda: 3, b: b, ldb: 2, c: &c, ldc: 2)
        #expect(c == [58, 64, 139, 154])
        var ct = [Float](repeating: 0, count: 9)     // A^T (3x2) * A (2x3) = 3x3
        let af = a.map(Float.init)
        BLAS.gemm(transA: true, m: 3, n: 3, k: 2, a: af, lda: 3, b: af, ldb: 3, c: &ct, ldc: 3)
        #expect(ct == [17, 22, 27, 22, 29, 36, 27, 36, 45])
    }
}
