"""PyTorch CPU reference timing for BENCHMARKS.md "arch2vec pretraining (issue 5)".

Trains the same arch2vec GIN-VAE as `naswift embed arch2vec train` (4 GIN layers with learnable
eps, hidden 128, latent 16 per node, decoder dropout 0.3, sigmoid ops head, inner-product
adjacency, BCE + BCE + KL, Adam 1e-3, gradient clipping 5, batch 32) on the graphs written by
`naswift bench arch2vec` (an .npz with `ops [N, n, F]` one-hot and `adj [N, n, n]` symmetrised),
90/10 split, and reports seconds per epoch of training steps (forward, backward, clip, Adam).

Usage: python arch2vec_torch.py DATA.npz [--epochs E] [--max-steps S] [--threads T] [--json FILE]
With --max-steps the epoch is cut after S steps and the full-epoch time is extrapolated linearly
(reported as such: `steps_timed`).
"""
import json, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


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
    def __init__(self, features, hidden=128, latent=16, layers=4, dropout=0.3):
        super().__init__()
        self.gins = nn.ModuleList([GIN(features if l == 0 else hidden, hidden) for l in range(layers)])
        self.mu, self.logstd, self.dec = nn.Linear(hidden, latent), nn.Linear(hidden, latent), nn.Linear(latent, features)
        self.dropout = dropout

    def forward(self, ops, adj, triu):
        h = ops
        for g in self.gins:
            h = g(h, adj)
        mu, logstd = self.mu(h), self.logstd(h)
        z = F.dropout(mu + torch.randn_like(logstd) * torch.exp(logstd), self.dropout, True)
        ops_recon = torch.sigmoid(self.dec(z))
        B, n = adj.shape[:2]
        z3 = z.view(B, n, -1)
        adj_recon = torch.sigmoid(torch.bmm(z3, z3.transpose(1, 2)))
        kl = -0.5 / (B * n) * torch.mean(torch.sum(1 + 2 * logstd - mu ** 2 - torch.exp(logstd) ** 2, dim=-1))
        return (F.binary_cross_entropy(ops_recon, ops) + F.binary_cross_entropy(adj_recon * triu, adj * triu) + kl)


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        sys.exit(2)

    def opt(name, default, cast):
        return cast(args[args.index(name) + 1]) if name in args else default

    epochs, max_steps, threads = opt("--epochs", 1, int), opt("--max-steps", 0, int), opt("--threads", 1, int)
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    z = np.load(args[0])
    ops_all = torch.from_numpy(z["ops"].astype(np.float32))
    adj_all = torch.from_numpy(z["adj"].astype(np.float32))
    N, n, f = ops_all.shape
    n_train = int(N * 0.9)
    perm = torch.randperm(N)
    train = perm[:n_train]
    model = GINVAE(f)
    opt_ = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    bs = 32
    triu_full = torch.triu(torch.ones(n, n), 1)
    batches = (n_train + bs - 1) // bs
    per_epoch, losses, steps_timed = [], [], 0
    model.train()
    for _ in range(epochs):
        order = train[torch.randperm(n_train)]
        steps = batches if max_steps <= 0 else min(batches, max_steps)
        total = 0.0
        t0 = time.perf_counter()
        for k in range(steps):
            idx = order[k * bs:(k + 1) * bs]
            ops = ops_all[idx].reshape(-1, f)
            adj = adj_all[idx]
            opt_.zero_grad()
            loss = model(ops, adj, triu_full)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5)
            opt_.step()
            total += loss.item()
        dt = time.perf_counter() - t0
        steps_timed = steps
        per_epoch.append(dt * batches / steps)
        losses.append(total / steps)
    out = {"torch_version": torch.__version__, "torch_threads": torch.get_num_threads(), "graphs": N, "nodes": n,
           "features": f, "batches_per_epoch": batches, "steps_timed_per_epoch": steps_timed,
           "seconds_per_epoch": per_epoch, "mean_loss": losses}
    text = json.dumps(out, indent=2)
    print(text)
    if "--json" in args:
        with open(args[args.index("--json") + 1], "w") as fh:
            fh.write(text + "\n")


if __name__ == "__main__":
    main()
