"""Is arch2vec's op-reconstruction plateau on NAS-Bench-Graph ours or the method's? (DESIGN.md
"arch2vec".) Trains PyTorch's GIN-VAE of scripts/bench/arch2vec_torch.py (the model naswift
ports) the way `naswift embed arch2vec train --space nbgraph` does (batch 32, Adam 1e-3, clip 5,
90/10 split) on 26,206 random NAS-Bench-Graph DAGs (a link pattern of the nine, four ops of the
nine, drawn uniformly; not canonicalised: enough for the question) and prints per epoch the loss of
the last batch, held-out op accuracy (row argmax over all 6 rows) and adjacency accuracy (logit > 0
on the 15 upper entries), eval mode.

Usage: python arch2vec_nbgraph_torch.py [EPOCHS]   (torch from PyPI; 1 thread; ~10 s per epoch)"""
import os, random, sys
import numpy as np
import torch
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from arch2vec_torch import GINVAE  # noqa: E402

torch.manual_seed(0)
random.seed(0)
torch.set_num_threads(1)
PATTERNS = [[0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 1], [0, 0, 1, 2], [0, 0, 1, 3],
            [0, 1, 1, 1], [0, 1, 1, 2], [0, 1, 2, 2], [0, 1, 2, 3]]
N, n, F = 26206, 6, 11
ops = np.zeros((N, n, F), np.float32)
adj = np.zeros((N, n, n), np.float32)
for g in range(N):
    links, o = random.choice(PATTERNS), [random.randrange(9) for _ in range(4)]
    ops[g, 0, 0] = ops[g, 5, 10] = 1
    for i in range(4):
        ops[g, i + 1, o[i] + 1] = 1
        adj[g, links[i], i + 1] = 1
    for i in range(1, 5):
        if i not in links:
            adj[g, i, 5] = 1
triu = torch.triu(torch.ones(n, n), 1)
ops_t, sym_t, upper = torch.tensor(ops), torch.tensor(adj + adj.transpose(0, 2, 1)), torch.tensor(adj)
model = GINVAE(F)
opt = torch.optim.Adam(model.parameters(), 1e-3)
train = int(0.9 * N)
print("epoch loss op_acc adj_acc")
for epoch in range(int(sys.argv[1]) if len(sys.argv) > 1 else 10):
    model.train()
    perm = torch.randperm(train)
    for s in range(0, train, 32):
        idx = perm[s:s + 32]
        loss = model(ops_t[idx].reshape(len(idx) * n, F), sym_t[idx], triu)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5)
        opt.step()
    model.eval()
    with torch.no_grad():
        idx = torch.arange(train, N)
        b = len(idx)
        h = ops_t[idx].reshape(b * n, F)
        for gin in model.gins:
            h = gin(h, sym_t[idx])
        mu = model.mu(h)
        op_acc = (model.dec(mu).argmax(1) == ops_t[idx].reshape(b * n, F).argmax(1)).float().mean().item()
        z3 = mu.view(b, n, -1)
        decoded = (torch.bmm(z3, z3.transpose(1, 2)) > 0).float() * triu
        adj_acc = (((decoded == upper[idx] * triu).float() * triu).sum() / (b * 15)).item()
    print(epoch + 1, round(loss.item(), 4), round(op_acc, 4), round(adj_acc, 4), flush=True)
