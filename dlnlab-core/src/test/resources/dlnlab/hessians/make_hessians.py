"""Dense Hessians of small networks with activations, by PyTorch's autograd: the oracle of DenseHessianFixtureTest.

Written apart from dlnlab (it shares no code with org.dlnlab.objective.SampleObjective): the network is
torch.nn.functional.linear layers with the activation between them, GELU exact (approximate='none'), the risk
c * mean over samples of ||y_i - f(x_i)||^2 (c = 1 for mse, 1/2 for half-mse), and torch.autograd.functional.hessian
differentiates it twice in float64. Eigenvalues by torch.linalg.eigvalsh.

Run with the Debian python3-torch (1.13):  /usr/bin/python3 make_hessians.py  (writes hessians.json here).
"""
import json
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

ACTIVATIONS = {
    "gelu": lambda z: F.gelu(z, approximate="none"),
    "tanh": torch.tanh,
    "leaky-relu:0.2": lambda z: F.leaky_relu(z, 0.2),
    "linear": lambda z: z,
}


def case(seed, activation, widths, projection, loss, n):
    g = torch.Generator().manual_seed(seed)
    d, dl = widths[0], widths[-1]
    x = torch.randn(n, d, generator=g)
    p = 1 if projection else dl
    y = torch.randn(n, p, generator=g)
    shapes = [(widths[k + 1], widths[k]) for k in range(len(widths) - 1)]
    count = sum(a * b for a, b in shapes)
    w = 0.8 * torch.randn(count, generator=g)
    proj = None
    if projection:
        proj = torch.randn(1, dl, generator=g)
        proj = proj / proj.norm()
    sigma = ACTIVATIONS[activation]
    c = 1.0 if loss == "mse" else 0.5

    def risk(flat):
        h = x
        off = 0
        for k, (rows, cols) in enumerate(shapes):
            wk = flat[off:off + rows * cols].reshape(rows, cols)
            off += rows * cols
            h = F.linear(h, wk)
            if k < len(shapes) - 1:
                h = sigma(h)
        out = h if proj is None else F.linear(h, proj)
        return c * ((out - y) ** 2).sum() / n

    hess = torch.autograd.functional.hessian(risk, w)
    hess = 0.5 * (hess + hess.T)
    eig = torch.linalg.eigvalsh(hess)
    return {
        "seed": seed, "activation": activation, "widths": widths, "loss": loss,
        "x": x.flatten().tolist(), "y": y.flatten().tolist(), "w": w.tolist(),
        "projection": None if proj is None else proj.flatten().tolist(),
        "risk": risk(w).item(),
        "hessian": hess.flatten().tolist(),
        "eigenvalues": eig.tolist(),
    }


def main():
    cases = []
    specs = [
        ("gelu", [3, 4, 4, 1], False, "mse", 9),
        ("gelu", [2, 5, 3, 2], False, "half-mse", 7),
        ("gelu", [4, 4, 4, 4, 4], True, "mse", 11),
        ("gelu", [5, 5, 5, 5, 5, 5, 1], False, "mse", 12),
        ("tanh", [3, 4, 4, 1], False, "mse", 9),
        ("tanh", [2, 6, 2], False, "half-mse", 8),
        ("tanh", [3, 3, 3, 3], True, "half-mse", 10),
        ("tanh", [4, 3, 5, 3, 2], False, "mse", 6),
        ("leaky-relu:0.2", [3, 4, 4, 1], False, "mse", 9),
        ("linear", [3, 4, 4, 1], False, "mse", 9),
    ]
    for i, (activation, widths, projection, loss, n) in enumerate(specs):
        cases.append(case(100 + i, activation, widths, projection, loss, n))
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "hessians.json"), "w") as f:
        json.dump({"generator": "make_hessians.py, torch " + torch.__version__, "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
