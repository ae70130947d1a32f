"""PyTorch restatement of CENA's networks and EPDJMs (METHODS.md section 1.2), for naswift's
cross-checks (Tests/NASCENATests) and its speed comparison (`naswift bench cena`).

The modules mirror the attribute names of the NB201 reference networks, so a state_dict saved by
naswift (`.npz`, names like `cells.3.layers.1.op.1.weight`) loads with `load_state_dict`.

  python cena_torch.py grad SPACE ARCH IN.npz OUT.npz [--c 16 --n 5 --classes 10]
      IN.npz: `x` [N,3,H,W] and the weights `w/<name>`; writes `logits` and `dx` (dtype of x),
      and for float32 input also `logits64`, `dx64`: the same weights and images in float64.
  python cena_torch.py bench SPACE ARCH... --images FILE [--batch 256 --inits 4 --proj 128 --threads 2]
      prints one line per arch: `arch seconds_per_epdjm`.
"""
import argparse
import sys
import time

import numpy as np
import torch
import torch.nn as nn

OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
NATS_CELL = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"


def parse_cell(s):
    """[(op, from, to)] in string order."""
    edges = []
    for to, group in enumerate(s.split("+"), start=1):
        for item in filter(None, group.split("|")):
            op, src = item.split("~")
            edges.append((op, int(src), to))
    return edges


class ReLUConvBN(nn.Module):
    def __init__(self, cin, cout, k, stride, pad):
        super().__init__()
        self.op = nn.Sequential(nn.ReLU(), nn.Conv2d(cin, cout, k, stride, pad, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        return self.op(x)


class Projection(nn.Module):  # stride-1 channel change of skip_connect: 1x1 conv + BN, no ReLU
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 1, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        return self.bn(self.conv(x))


class AvgPool(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.preprocess = ReLUConvBN(cin, cout, 1, 1, 0) if cin != cout else None
        self.op = nn.AvgPool2d(3, 1, 1, count_include_pad=False)

    def forward(self, x):
        return self.op(self.preprocess(x) if self.preprocess is not None else x)


class Zero(nn.Module):
    def __init__(self, cout):
        super().__init__()
        self.cout = cout

    def forward(self, x):
        shape = list(x.shape)
        shape[1] = self.cout
        return x.new_zeros(shape) if shape[1] != x.shape[1] else x * 0.0


def make_op(name, cin, cout):
    if name == "none":
        return Zero(cout)
    if name == "skip_connect":
        return nn.Identity() if cin == cout else Projection(cin, cout)
    if name == "nor_conv_1x1":
        return ReLUConvBN(cin, cout, 1, 1, 0)
    if name == "nor_conv_3x3":
        return ReLUConvBN(cin, cout, 3, 1, 1)
    if name == "avg_pool_3x3":
        return AvgPool(cin, cout)
    raise ValueError(name)


class Cell(nn.Module):
    def __init__(self, edges, cin, cout):
        super().__init__()
        self.edges = [(src, to) for _, src, to in edges]
        self.layers = nn.ModuleList(make_op(op, cin if src == 0 else cout, cout) for op, src, _ in edges)

    def forward(self, x):
        nodes = [x]
        for node in (1, 2, 3):
            nodes.append(sum(layer(nodes[src]) for layer, (src, to) in zip(self.layers, self.edges) if to == node))
        return nodes[3]


class Reduction(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv_a = ReLUConvBN(cin, cout, 3, 2, 1)
        self.conv_b = ReLUConvBN(cout, cout, 3, 1, 1)
        self.downsample = nn.Sequential(nn.AvgPool2d(2, 2), nn.Conv2d(cin, cout, 1, bias=False))

    def forward(self, x):
        return self.downsample(x) + self.conv_b(self.conv_a(x))


class Network(nn.Module):
    def __init__(self, cell, channels, reduction, classes):
        super().__init__()
        edges = parse_cell(cell)
        self.stem = nn.Sequential(nn.Conv2d(3, channels[0], 3, 1, 1, bias=False), nn.BatchNorm2d(channels[0]))
        prev, cells = channels[0], []
        for c, r in zip(channels, reduction):
            cells.append(Reduction(prev, c) if r else Cell(edges, prev, c))
            prev = c
        self.cells = nn.ModuleList(cells)
        self.lastact = nn.Sequential(nn.BatchNorm2d(prev), nn.ReLU())
        self.classifier = nn.Linear(prev, classes)

    def forward(self, x):
        h = self.stem(x)
        for cell in self.cells:
            h = cell(h)
        return self.classifier(self.lastact(h).mean(dim=(2, 3)))


def build(space, arch, c=16, n=5, classes=10):
    if space == "nb201":
        channels = [c] * n + [2 * c] + [2 * c] * n + [4 * c] + [4 * c] * n
        reduction = [False] * n + [True] + [False] * n + [True] + [False] * n
        return Network(arch, channels, reduction, classes)
    if space == "natsss":
        return Network(NATS_CELL, [int(v) for v in arch.split(":")], [False, True, False, True, False], classes)
    raise ValueError(space)


def input_gradient(net, x):
    x = x.clone().requires_grad_(True)
    logits = net(x)
    logits.sum().backward()
    return logits.detach(), x.grad


def epdjm(space, arch, images, inits, proj):
    """[inits, batch, proj]: each init's Jacobian projected on its top `proj` directions (U S)."""
    jacobians = []
    for _ in range(inits):
        net = build(space, arch)
        net.train()
        jacobians.append(input_gradient(net, images)[1].reshape(images.shape[0], -1))
    u, s, _ = torch.linalg.svd(torch.stack(jacobians), full_matrices=False)
    return u[:, :, :proj] * s[:, None, :proj]


def cifar_images(path, count):
    raw = np.fromfile(path, dtype=np.uint8).reshape(-1, 3073)[:count, 1:]
    return torch.from_numpy(((raw.astype(np.float32) / 255 - 0.5) / 0.5).reshape(-1, 3, 32, 32))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["grad", "bench"])
    p.add_argument("space", choices=["nb201", "natsss"])
    p.add_argument("args", nargs="+")
    p.add_argument("--c", type=int, default=16)
    p.add_argument("--n", type=int, default=5)
    p.add_argument("--classes", type=int, default=10)
    p.add_argument("--images")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--inits", type=int, default=4)
    p.add_argument("--proj", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=1)
    a = p.parse_args()
    if a.mode == "grad":
        arch, src, dst = a.args
        z = np.load(src)
        dtype = torch.float64 if z["x"].dtype == np.float64 else torch.float32
        net = build(a.space, arch, a.c, a.n, a.classes).to(dtype)
        state = {k[2:]: torch.from_numpy(z[k]) for k in z.files if k.startswith("w/")}
        missing, unexpected = net.load_state_dict(state, strict=False)
        missing = [m for m in missing if not m.endswith("num_batches_tracked")]
        if missing or unexpected:
            sys.exit(f"state mismatch: missing {missing[:5]}, unexpected {unexpected[:5]}")
        net.train()
        logits, dx = input_gradient(net, torch.from_numpy(z["x"]))
        out = dict(logits=logits.numpy(), dx=dx.numpy())
        if dtype == torch.float32:
            logits64, dx64 = input_gradient(net.double(), torch.from_numpy(z["x"]).double())
            out.update(logits64=logits64.numpy(), dx64=dx64.numpy())
        np.savez(dst, **out)
        print(len(state))
    else:
        torch.set_num_threads(a.threads)
        images = cifar_images(a.images, a.batch)
        torch.manual_seed(0)
        for arch in a.args:
            best = float("inf")
            for _ in range(a.rounds):
                t = time.perf_counter()
                epdjm(a.space, arch, images, a.inits, a.proj)
                best = min(best, time.perf_counter() - t)
            print(arch, f"{best:.3f}", flush=True)


if __name__ == "__main__":
    main()
