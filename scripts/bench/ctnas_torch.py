"""PyTorch CPU reference timing for BENCHMARKS.md "CTNAS (issue 16)".

Trains the CTNAS neural architecture comparator as the reference does (embedding 128, 4 pygcn
layers `relu(bmm(A^T + I, x W) + x + b)`, mean over node rows, concat, Linear(256, 1), sigmoid;
BCE on (batch, random permutation of the batch) pairs, target 1[acc_a > acc_b]; Adam lr 2e-4,
betas (0.5, 0.999), weight decay 5e-4; batch 256, shuffled every epoch) on the labelled cells
written by `naswift bench ctnas` (an .npz with `ids [N, n]`, `adj [N, n, n]` (transposed
adjacency), `values [N]`), and reports the wall seconds of the training steps.

--form reference: the GCN runs on the batch and again on its permuted copy (the reference code);
--form shared: features once, the partner side gathered (what naswift does; same values).

Usage: python ctnas_torch.py DATA.npz [--epochs E] [--threads T] [--form reference|shared] [--json FILE]
"""
import argparse, json, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class GCNLayer(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(d, d).uniform_(-d ** -0.5, d ** -0.5))
        self.bias = nn.Parameter(torch.empty(d).uniform_(-d ** -0.5, d ** -0.5))

    def forward(self, x, a):
        return F.relu(torch.bmm(a, x @ self.weight) + x + self.bias)


class NAC(nn.Module):
    def __init__(self, n_ids, d=128, layers=4):
        super().__init__()
        self.embedding = nn.Embedding(n_ids, d)
        self.gcn = nn.ModuleList([GCNLayer(d) for _ in range(layers)])
        self.fc = nn.Linear(2 * d, 1)

    def features(self, a, ids):
        x = self.embedding(ids)
        a = a + torch.eye(a.shape[-1])
        for l in self.gcn:
            x = l(x, a)
        return x.mean(dim=1)

    def forward(self, a0, i0, a1, i1):
        return torch.sigmoid(self.fc(torch.cat([self.features(a0, i0), self.features(a1, i1)], 1)).view(-1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--epochs", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--form", default="reference", choices=["reference", "shared"])
    ap.add_argument("--json")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    z = np.load(a.data)
    ids = torch.from_numpy(z["ids"]).long()
    adj = torch.from_numpy(z["adj"]).float()
    acc = torch.from_numpy(z["values"]).float()
    n_ids = int(z["n_ids"])
    nac = NAC(n_ids)
    opt = torch.optim.Adam(nac.parameters(), lr=2e-4, betas=(0.5, 0.999), weight_decay=5e-4)
    crit = nn.BCELoss()
    N = ids.shape[0]
    steps = 0
    t0 = time.perf_counter()
    for _ in range(a.epochs):
        order = torch.randperm(N)
        for s in range(0, N, a.batch):
            b = order[s:s + a.batch]
            perm = torch.randperm(len(b))
            a0, i0, v0 = adj[b], ids[b], acc[b]
            target = (v0 > v0[perm]).float()
            opt.zero_grad()
            if a.form == "reference":
                p = nac(a0, i0, a0[perm], i0[perm])
            else:
                f = nac.features(a0, i0)
                p = torch.sigmoid(nac.fc(torch.cat([f, f[perm]], 1)).view(-1))
            loss = crit(p, target)
            loss.backward()
            opt.step()
            steps += 1
    secs = time.perf_counter() - t0
    out = {"seconds": secs, "steps": steps, "step_ms": 1000 * secs / steps, "form": a.form, "threads": a.threads,
           "torch": torch.__version__, "final_loss": loss.item()}
    print(json.dumps(out))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f)


if __name__ == "__main__":
    main()
