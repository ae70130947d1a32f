/// Our Python converter of the PyPI benchmark packages to CSV (standard library only; run by
/// `PyPIDataPackage.convert`). Kept as a string so the `naswift` binary needs no resource files.
enum PyPIConverterScript {
    static let source = #"""
    """naswift's converter of PyPI benchmark packages to CSV (standard library only).

    usage: convert.py analognas|nbgraph INSTALL_DIR OUT.csv

    The pickles are read with a restricted unpickler that maps the packages' classes to plain
    objects and decodes numpy float scalars itself, so neither the packages nor numpy/pandas are
    imported, and no other global can be loaded.
    """
    import csv
    import math
    import os
    import pickle
    import struct
    import sys


    class Plain:
        """Stands in for AnalogNAS's Architecture and DriftMeasurement: keeps the attribute dict."""


    class Dtype:
        """Stands in for numpy.dtype while unpickling: remembers the type code and byte order."""

        def __init__(self, code, *args):
            self.code = code
            self.order = "<"

        def __setstate__(self, state):
            if isinstance(state, tuple) and len(state) > 1 and state[1] in "<>|=":
                self.order = "<" if state[1] in "|=" else state[1]


    FORMATS = {"f8": "d", "f4": "f", "i8": "q", "i4": "i", "u8": "Q", "u4": "I", "b1": "?"}


    def numpy_scalar(dtype, data=None):
        fmt = FORMATS.get(dtype.code)
        if fmt is None or data is None:
            raise pickle.UnpicklingError("unsupported numpy scalar type %r" % (dtype.code,))
        if isinstance(data, str):
            data = data.encode("latin-1")
        return struct.unpack(dtype.order + fmt, data)[0]


    ALLOWED = {
        ("analognasbench.data", "Architecture"): Plain,
        ("analognasbench.data", "DriftMeasurement"): Plain,
        ("numpy.core.multiarray", "scalar"): numpy_scalar,
        ("numpy._core.multiarray", "scalar"): numpy_scalar,
        ("numpy", "dtype"): Dtype,
    }


    class Unpickler(pickle.Unpickler):
        def find_class(self, module, name):
            try:
                return ALLOWED[(module, name)]
            except KeyError:
                raise pickle.UnpicklingError("refusing to load %s.%s" % (module, name))


    def load(path):
        with open(path, "rb") as f:
            return Unpickler(f).load()


    def number(x):
        if x is None:
            return ""
        v = float(x)
        return "" if math.isnan(v) else repr(v)


    # NAS-Bench-201 operations by AnalogNAS op code, and the NB201 string edge order: AnalogNAS tuples
    # list edges as (e1, e2, e4, e3, e5, e6) where e1=0->1, e2=0->2, e3=1->2, e4=0->3, e5=1->3, e6=2->3.
    ANALOG_OPS = ["skip_connect", "none", "nor_conv_3x3", "nor_conv_1x1", "avg_pool_3x3"]
    ANALOG_POSITION_OF_EDGE = [0, 1, 3, 2, 4, 5]  # tuple position of e1..e6
    ANALOG_SCALARS = ["baseline_accuracy", "ptq_accuracy", "qat_accuracy", "noisy_accuracy", "analog_accuracy"]
    ANALOG_DRIFTS = ["%s_drift_%d" % (kind, t) for kind in ("baseline", "analog") for t in (60, 3600, 86400, 2592000)]


    def nb201_string(codes):
        e = [ANALOG_OPS[codes[ANALOG_POSITION_OF_EDGE[i]]] for i in range(6)]
        return "|%s~0|+|%s~0|%s~1|+|%s~0|%s~1|%s~2|" % tuple(e)


    def convert_analognas(install, out):
        data = load(os.path.join(install, "analognasbench", "data.anb"))
        header = ["arch"] + ANALOG_SCALARS
        for d in ANALOG_DRIFTS:
            header += [d, d + "_std"]
        with open(out, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            for codes in sorted(data):
                a = data[codes].__dict__
                if tuple(a["architecture"]) != tuple(codes):
                    raise SystemExit("analognas: record %r holds architecture %r" % (codes, a["architecture"]))
                row = [nb201_string(codes)] + [number(a[m]) for m in ANALOG_SCALARS]
                for d in ANALOG_DRIFTS:
                    m = a[d].__dict__
                    row += [number(m["value"]), number(m["uncertainty"])]
                w.writerow(row)


    NBGRAPH_DATASETS = ["cora", "citeseer", "pubmed", "cs", "physics", "photo", "computers", "arxiv", "proteins"]
    NBGRAPH_FIELDS = [("valid_perf", "valid_perf"), ("perf", "test_perf"), ("latency", "latency"), ("para", "params")]


    def convert_nbgraph(install, out):
        benches = {}
        for ds in NBGRAPH_DATASETS:
            benches[ds] = load(os.path.join(install, "nas_bench_graph", "light", ds + ".bench"))
        keys = sorted(set().union(*[set(b) for b in benches.values()]))
        header = ["hash"] + ["%s_%s" % (ds, name) for ds in NBGRAPH_DATASETS for _, name in NBGRAPH_FIELDS]
        with open(out, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            for k in keys:
                row = [str(int(k))]
                for ds in NBGRAPH_DATASETS:
                    rec = benches[ds].get(k)
                    row += [number(rec[src]) if rec is not None else "" for src, _ in NBGRAPH_FIELDS]
                w.writerow(row)


    def main():
        if len(sys.argv) != 4 or sys.argv[1] not in ("analognas", "nbgraph"):
            raise SystemExit("usage: convert.py analognas|nbgraph INSTALL_DIR OUT.csv")
        {"analognas": convert_analognas, "nbgraph": convert_nbgraph}[sys.argv[1]](sys.argv[2], sys.argv[3])


    if __name__ == "__main__":
        main()
    """#
}
