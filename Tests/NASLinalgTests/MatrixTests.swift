import Testing
import NASCore
@testable import NASLinalg

@Suite struct MatrixTests {
    @Test func multiplyTransposeAndShapes() throws {
        let a = try Matrix([[1, 2, 3], [4, 5, 6]])
        let b = try Matrix([[7, 8], [9, 10], [11, 12]])
        #expect(try (a * b).storage == [58, 64, 139, 154])
        #expect(try a.multiplied(by: a, transposeSelf: true).storage == [17, 22, 27, 22, 29, 36, 27, 36, 45])
        #expect(a.transposed.rowArrays == [[1, 4], [2, 5], [3, 6]])
        #expect(try a.multiplied(by: [1, 1, 1]) == [6, 15])
        #expect(try a.multiplied(by: [1, 1], transposeSelf: true) == [5, 7, 9])
        #expect(Matrix.identity(3).diagonal == [1, 1, 1])
    }

    @Test func shapeMismatchesThrowClearErrors() throws {
        let a = try Matrix([[1, 2, 3], [4, 5, 6]])
        let e = #expect(throws: NaswiftError.self) { try a * a }
        #expect(e?.message.contains("2x3") == true && e?.message.contains("inner dimensions 3 and 2") == true)
        #expect(throws: NaswiftError.self) { try a + a.transposed }
        #expect(throws: NaswiftError.self) { try Matrix([[1, 2], [3]]) }
        #expect(throws: NaswiftError.self) { try Matrix(rows: 2, cols: 2, storage: [1, 2, 3]) }
        #expect(throws: NaswiftError.self) { try a.addingToDiagonal(1) }
    }

    @Test func nonFiniteInputsAreRejected() throws {
        var a = Matrix.identity(3)
        a[1, 2] = .nan
        a[2, 1] = .nan
        for op in [{ _ = try Cholesky(a) }, { _ = try SymmetricEigen(a) }, { _ = try SVD(a) },
                   { _ = try Triangular.solve(a, Matrix.identity(3), lower: true) }] as [() throws -> Void] {
            let e = #expect(throws: NaswiftError.self) { try op() }
            #expect(e?.kind == .numerical)
            #expect(e?.message.contains("nan") == true)
        }
        #expect(throws: NaswiftError.self) { try Cholesky.init(Matrix.identity(2)).solve([1, .infinity]) }
    }
}

@Suite struct BLASThreadTests {
    /// Only reads: changing the count while other tests run BLAS concurrently is not safe in OpenBLAS.
    @Test func threadCountIsPositive() {
        #expect(BLAS.threadCount >= 1)
    }
}
