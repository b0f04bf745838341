#!/usr/bin/env python3
"""Independent oracle for dlnlab's central flow (reference scheme euler:4), written apart from the Java code.

It shares nothing with dlnlab's chains: the risk is evaluated sample by sample (per-sample backpropagation), the
Hessian is assembled densely from forward-mode jets over all N unit directions at once and diagonalized by
numpy.linalg.eigh, and grad S = grad(u^T H u) (u fixed) is twice the s^2 coefficient of grad R(w + s u), computed
with degree-2 jets. Loss: mse without 1/2, R = mean((f(x) - y)^2).

Scheme (Cohen, Damian et al., ICLR 2025, reference code): 4 Euler substeps per GD step, h = eta/4; the top
eigenpair at every substep; active when lambda_max >= 1.95/eta; then
sigma^2 = max(0, 2<-g, dS>/|dS|^2 + 2(S - 2/eta)/(h |dS|^2)) and w <- w - h (g + sigma^2/2 dS); else w <- w - h g.

Writes init.npz (W1..WL, float64, out x in; drawn here with numpy's generator) and trajectory.csv with one row per
GD step: step, sharpness, sigma2, active, beta_0..beta_{d-1} (the end-to-end map W_L ... W_1).

usage: central_flow.py DATA.csv OUTDIR [--scale 0.35] [--eta 0.1] [--steps 450] [--depth 10] [--seed 0]
"""
import argparse
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # a 230 x 230 eigh is slower threaded on a loaded machine
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np


def jet_matmul(a, b):
    """Product of truncated Taylor series in s: a[m], b[m] are coefficient arrays (leading axis = degree)."""
    deg = a.shape[0]
    out = np.zeros((deg,) + np.broadcast_shapes(a.shape[1:-2], b.shape[1:-2]) + (a.shape[-2], b.shape[-1]))
    for i in range(deg):
        for j in range(deg - i):
            out[i + j] += a[i] @ b[j]
    return out


def gradient_jet(layers, directions, x, y, degree):
    """Taylor coefficients (up to `degree`) in s of grad R(W + s V) for every direction in the batch.

    layers: list of W_k (d_k x d_{k-1}); directions: list of V_k with a leading batch axis (B, d_k, d_{k-1}).
    x: (d, n) inputs as columns, y: (n,) targets. Returns a list of (degree+1, B, d_k, d_{k-1}).
    """
    deg = degree + 1
    batch = directions[0].shape[0]
    n = x.shape[1]
    ws = []
    for w, v in zip(layers, directions):
        jw = np.zeros((deg, batch) + w.shape)
        jw[0] = w
        if deg > 1:
            jw[1] = v
        ws.append(jw)
    h = [np.zeros((deg, batch) + x.shape)]
    h[0][0] = x
    for jw in ws:
        h.append(jet_matmul(jw, h[-1]))
    out = h[-1]  # (deg, B, 1, n)
    delta = 2.0 / n * out
    delta[0] -= 2.0 / n * y
    grads = [None] * len(ws)
    for k in range(len(ws) - 1, -1, -1):
        grads[k] = jet_matmul(delta, np.swapaxes(h[k], -1, -2))
        delta = jet_matmul(np.swapaxes(ws[k], -1, -2), delta)
    return grads


def flat(parts):
    return np.concatenate([p.reshape(p.shape[0], -1) for p in parts], axis=1)


def unflat(vec, shapes):
    out, at = [], 0
    for s in shapes:
        size = s[0] * s[1]
        out.append(vec[..., at:at + size].reshape(vec.shape[:-1] + s))
        at += size
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("outdir")
    ap.add_argument("--scale", type=float, default=0.35)
    ap.add_argument("--eta", type=float, default=0.1)
    ap.add_argument("--steps", type=int, default=450)
    ap.add_argument("--depth", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    table = np.loadtxt(args.data, delimiter=",", skiprows=1)
    x = table[:, :-1].T.copy()
    y = table[:, -1].copy()
    d = x.shape[0]
    widths = [d] * args.depth + [1]
    shapes = [(widths[k + 1], widths[k]) for k in range(args.depth)]
    rng = np.random.default_rng(args.seed)
    layers = [args.scale * rng.standard_normal(s) for s in shapes]
    os.makedirs(args.outdir, exist_ok=True)
    np.savez(os.path.join(args.outdir, "init.npz"), **{f"W{k + 1}": w for k, w in enumerate(layers)})

    n_params = sum(a * b for a, b in shapes)
    eye = unflat(np.eye(n_params), shapes)
    eta = args.eta
    h = eta / 4
    w = np.concatenate([l.ravel() for l in layers])
    rows = []
    for t in range(args.steps + 1):
        for sub in range(4):
            ls = unflat(w, shapes)
            jets = gradient_jet(ls, eye, x, y, 1)
            g = flat([j[0][:1] for j in jets])[0]
            hess = flat([j[1] for j in jets])
            hess = 0.5 * (hess + hess.T)
            vals, vecs = np.linalg.eigh(hess)
            s, u = vals[-1], vecs[:, -1]
            active = s >= 1.95 / eta
            sigma2 = 0.0
            step = g
            if active:
                third = gradient_jet(ls, [v[None] for v in unflat(u, shapes)], x, y, 2)
                ds = 2.0 * flat([j[2] for j in third])[0]
                nrm = ds @ ds
                sigma2 = max(0.0, 2 * (-g @ ds) / nrm + 2 * (s - 2 / eta) / (h * nrm))
                step = g + 0.5 * sigma2 * ds
            if sub == 0:
                beta = ls[0].T
                for l in ls[1:]:
                    beta = beta @ l.T
                rows.append([t, s, sigma2, int(active)] + list(beta.ravel()))
                if t == args.steps:
                    break
            w = w - h * step
    with open(os.path.join(args.outdir, "trajectory.csv"), "w") as f:
        f.write("step,sharpness,sigma2,active," + ",".join(f"beta_{i}" for i in range(d)) + "\n")
        for r in rows:
            f.write(",".join([str(r[0])] + [repr(float(v)) for v in r[1:3]] + [str(r[3])]
                             + [repr(float(v)) for v in r[4:]]) + "\n")


if __name__ == "__main__":
    main()
