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

    /// The policy of overlapping `BLAS.withThreadCount` scopes, closed out of order.
    @Test func overlappingScopesKeepTheSmallestCountAndRestoreTheOuterOne() {
        var s = BLASThreadScopes()
        #expect(s.open(2, current: 4) == 2)      // first scope: 4 was set before
        #expect(s.open(1, current: 2) == 1)      // a one-thread scope narrows it
        #expect(s.open(3, current: 1) == 1)      // a wider request does not widen it
        #expect(s.close(1) == 2)                 // the one-thread scope ends first: smallest left is 2
        #expect(s.open(2, current: 2) == 2)      // two scopes with the same count
        #expect(s.close(2) == 2)
        #expect(s.close(2) == 3)
        #expect(s.close(3) == 4)                 // the last one restores the count from before
        #expect(s.requests.isEmpty)
        #expect(s.open(1, current: 2) == 1)      // a new first scope records the count anew
        #expect(s.close(1) == 2)
    }

    /// A scope sets the count for its body; nested in another scope of 1 (so that concurrent
    /// tests, whose scopes also ask for 1, cannot change it meanwhile).
    @Test func scopeSetsTheCountForItsBody() {
        BLAS.withThreadCount(1) {
            #expect(BLAS.threadCount == 1)
            BLAS.withThreadCount(2) { #expect(BLAS.threadCount == 1) }
            BLAS.withThreadCount(0) { #expect(BLAS.threadCount == 1) }
        }
    }
}
