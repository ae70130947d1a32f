"""PyTorch restatement of one epoch of CENA's contrastive training (METHODS.md section 1.3), for
`naswift bench cena-train`: the same DeepSet (phi: input -> h -> h -> h -> h, ReLU between; mean
over each set; rho: h -> h -> h -> h -> embedding), projection head Linear(embedding ->
projection) on ReLU(embedding), NT-Xent at temperature tau, Adam, on the same EPDJM rows, split
into the same training / held-out counts, batches of up to --batch-size cells, two different inits
per cell as the two views, and the held-out validation loss at the end of every epoch.

  python cena_train_torch.py --rows ROWS.txt --npy A/epdjm.npy [--npy B/epdjm.npy ...]
      [--held-out 60] [--batch-size 1024] [--epochs 2] [--threads 2] [--seed 0]

ROWS.txt holds one `store row` pair per line (store = index into the --npy list). Prints one line
per epoch: `epoch SECONDS` (training steps plus the validation loss; data already in memory).
"""
import argparse
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class DeepSetHead(nn.Module):
    def __init__(self, d, h, e, p):
        super().__init__()
        self.phi = nn.Sequential(nn.Linear(d, h), nn.ReLU(), nn.Linear(h, h), nn.ReLU(), nn.Linear(h, h), nn.ReLU(), nn.Linear(h, h))
        self.rho = nn.Sequential(nn.Linear(h, h), nn.ReLU(), nn.Linear(h, h), nn.ReLU(), nn.Linear(h, h), nn.ReLU(), nn.Linear(h, e))
        self.head = nn.Linear(e, p)

    def forward(self, x):  # x [sets, set size, d]
        return self.head(F.relu(self.rho(self.phi(x).mean(dim=1))))


def nt_xent(z, tau):
    """z [2N, p] = [view 1 of N; view 2 of N]; mean over the 2N rows."""
    n2 = z.shape[0]
    n = n2 // 2
    z = F.normalize(z, dim=1)
    sim = z @ z.t() / tau
    sim = sim.masked_fill(torch.eye(n2, dtype=torch.bool), float("-inf"))
    target = torch.cat([torch.arange(n, n2), torch.arange(0, n)])
    return F.cross_entropy(sim, target)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--npy", action="append", required=True)
    ap.add_argument("--rows", required=True)
    ap.add_argument("--held-out", type=int, default=0)
    ap.add_argument("--batch-size", type=int, default=1024)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--embedding", type=int, default=256)
    ap.add_argument("--projection", type=int, default=256)
    ap.add_argument("--tau", type=float, default=0.1)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--decay", type=float, default=0.95)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    stores = [np.load(p, mmap_mode="r") for p in a.npy]
    pairs = [tuple(map(int, line.split())) for line in open(a.rows) if line.strip()]
    inits = min(s.shape[1] for s in stores)
    data = torch.from_numpy(np.stack([np.asarray(stores[k][r, :inits], dtype=np.float32) for k, r in pairs]))
    cells, _, set_size, d = data.shape
    held = a.held_out
    order = rng.permutation(cells)
    train, val = order[: cells - held], order[cells - held:]

    def views(n):
        va = rng.integers(0, inits, n)
        vb = (va + 1 + rng.integers(0, inits - 1, n)) % inits
        return torch.from_numpy(va), torch.from_numpy(vb)

    def batch(items, va, vb):
        it = torch.from_numpy(items)
        return torch.cat([data[it, va], data[it, vb]])

    net = DeepSetHead(d, a.hidden, a.embedding, a.projection)
    opt = torch.optim.Adam(net.parameters(), lr=a.lr)
    val_views = views(len(val))
    for epoch in range(1, a.epochs + 1):
        for g in opt.param_groups:
            g["lr"] = a.lr * a.decay ** (epoch - 1)
        t0 = time.perf_counter()
        rng.shuffle(train)
        for b in range(0, len(train), a.batch_size):
            items = train[b:b + a.batch_size]
            va, vb = views(len(items))
            opt.zero_grad()
            loss = nt_xent(net(batch(items, va, vb)), a.tau)
            loss.backward()
            opt.step()
        with torch.no_grad():
            for b in range(0, len(val), a.batch_size):
                sl = slice(b, b + a.batch_size)
                nt_xent(net(batch(val[sl], val_views[0][sl], val_views[1][sl])), a.tau).item()
        print(f"{epoch} {time.perf_counter() - t0:.6f}", flush=True)


if __name__ == "__main__":
    main()
