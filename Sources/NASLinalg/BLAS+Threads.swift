import CBLAS

extension BLAS {
    /// OpenBLAS's worker-thread count (process-wide; `OPENBLAS_NUM_THREADS` sets the initial value).
    ///
    /// Small problems (GP fits at n <= a few hundred, k-DPP eigendecompositions) run several times
    /// faster on one thread when the cores are busy (e.g. a multi-seed runner with one seed per
    /// core): see BENCHMARKS.md "Numerical core: linear algebra". Values below 1 are treated as 1.
    /// Set it once, before concurrent work starts: OpenBLAS does not support changing it while
    /// other threads are inside BLAS calls.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }
}
