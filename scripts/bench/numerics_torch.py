"""Reference timings for BENCHMARKS.md "Numerical core: tensors and autodiff".

Measures, on this machine and with the same workloads as `naswift bench numerics`:
  numpy_gemm_gflops        numpy.matmul of two 1024x1024 float32 matrices
  torch_conv_images_per_s  3x3 conv (16->16, pad 1, no bias) + BatchNorm2d + ReLU on a
                           64x16x32x32 float32 batch, forward + backward (weights, BN, input)
  torch_gin_step_ms        arch2vec GIN-VAE (4 GIN layers, hidden 128, latent 16) on 32 graphs of
                           8 nodes: forward loss + backward + Adam (clip 5)
Each figure is the fastest of several timing blocks, like the Swift command.
Usage: python scripts/bench/numerics_torch.py [--json FILE]   (PyTorch CPU needed for the torch figures)
"""
import json, sys, time
import numpy as np


def fastest(blocks, reps, fn):
    fn()
    best = float("inf")
    for _ in range(blocks):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        best = min(best, (time.perf_counter() - t0) / reps)
    return best


def main():
    out = {}
    n = 1024
    rng = np.random.default_rng(1)
    a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    out["numpy_gemm_gflops"] = 2 * n ** 3 / fastest(5, 5, lambda: a @ b) / 1e9
    try:
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
    except ImportError:
        print("PyTorch not installed: only the numpy figure is measured", file=sys.stderr)
        torch = None
    if torch is not None:
        torch.manual_seed(0)
        out["torch_version"] = torch.__version__
        out["torch_threads"] = torch.get_num_threads()
        conv = nn.Conv2d(16, 16, 3, padding=1, bias=False)
        bn = nn.BatchNorm2d(16)
        x = torch.randn(64, 16, 32, 32, requires_grad=True)

        def conv_step():
            y = F.relu(bn(conv(x)))
            y.sum().backward()
            conv.zero_grad(); bn.zero_grad(); x.grad = None

        out["torch_conv_images_per_s"] = 64 / fastest(5, 3, conv_step)

        class GIN(nn.Module):
            def __init__(self, i, h):
                super().__init__()
                self.eps = nn.Parameter(torch.zeros(1))
                self.l0, self.b0, self.l1, self.norm = nn.Linear(i, h), nn.BatchNorm1d(h), nn.Linear(h, h), nn.BatchNorm1d(h)

            def forward(self, x, adj):
                B, n = adj.shape[:2]
                agg = torch.bmm(adj, x.view(B, n, -1)).view(B * n, -1)
                t = (1 + self.eps) * x + agg
                return F.relu(self.norm(self.l1(F.relu(self.b0(self.l0(t))))))

        class GINVAE(nn.Module):
            def __init__(self):
                super().__init__()
                self.gins = nn.ModuleList([GIN(7 if l == 0 else 128, 128) for l in range(4)])
                self.mu, self.logstd, self.dec = nn.Linear(128, 16), nn.Linear(128, 16), nn.Linear(16, 7)

            def forward(self, ops, adj):
                h = ops
                for g in self.gins:
                    h = g(h, adj)
                mu, logstd = self.mu(h), self.logstd(h)
                z = F.dropout(mu + torch.randn_like(logstd) * torch.exp(logstd), 0.3, True)
                ops_recon = torch.sigmoid(self.dec(z))
                z3 = z.view(adj.shape[0], adj.shape[1], -1)
                adj_recon = torch.sigmoid(torch.bmm(z3, z3.transpose(1, 2)))
                B, n = adj.shape[:2]
                kl = -0.5 / (B * n) * torch.mean(torch.sum(1 + 2 * logstd - mu ** 2 - torch.exp(logstd) ** 2, dim=-1))
                return F.binary_cross_entropy(ops_recon, ops) + F.binary_cross_entropy(torch.triu(adj_recon, 1), torch.triu(adj, 1)) + kl

        edges = [(0, 1), (0, 2), (0, 4), (1, 3), (1, 5), (2, 6), (3, 6), (4, 7), (5, 7), (6, 7)]
        adj = torch.zeros(32, 8, 8)
        for i, j in edges:
            adj[:, i, j] = 1; adj[:, j, i] = 1
        ops = torch.zeros(32 * 8, 7)
        for g in range(32):
            ops[g * 8, 0] = 1; ops[g * 8 + 7, 6] = 1
            for node in range(1, 7):
                ops[g * 8 + node, 1 + int(torch.randint(0, 5, (1,)))] = 1
        model = GINVAE()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)

        def gin_step():
            opt.zero_grad()
            loss = model(ops, adj)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5)
            opt.step()

        out["torch_gin_step_ms"] = 1000 * fastest(5, 20, gin_step)
    text = json.dumps(out, indent=2)
    print(text)
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
