"""Oracle for theory.Modes: reduced-rank regression on a small fixed data set, computed with NumPy alone.

W_RRR(r) = argmin over rank-r E of (1/n)||Y - X E||^2. It is found here as the classic closed form for a full-rank
X: project the least-squares fit X W* onto its top-r right singular directions, W_RRR(r) = W* V_r V_rᵀ, with V_r
the top-r right singular vectors of X W* (Izenman 1975). This route shares nothing with dlnlab's
Σ^{-1/2} P_r(Σ^{-1/2} Σ_xy). Run: python3 make_fixture.py > rrr.csv
"""
import numpy as np

X = np.array([[1.0, 0.5, -0.3], [0.2, -1.1, 0.7], [-0.4, 0.3, 1.5], [1.3, 0.9, 0.1],
              [-0.8, 0.6, -0.9], [0.5, -0.2, 0.4]])
Y = np.array([[0.9, -0.2], [0.1, 1.0], [-0.7, 0.4], [1.4, 0.3], [-0.2, -0.8], [0.6, 0.5]])
n = X.shape[0]
w_star = np.linalg.lstsq(X, Y, rcond=None)[0]
_, _, vt = np.linalg.svd(X @ w_star)
print("rank,row,col,value")
for r in range(0, Y.shape[1] + 1):
    vr = vt[:r].T
    w = w_star @ vr @ vr.T
    for i in range(w.shape[0]):
        for j in range(w.shape[1]):
            print(f"{r},{i},{j},{float(w[i, j])!r}")
for r in range(0, Y.shape[1] + 1):
    vr = vt[:r].T
    w = w_star @ vr @ vr.T
    print(f"{r},loss,mse,{float(np.sum((Y - X @ w) ** 2) / n)!r}")
