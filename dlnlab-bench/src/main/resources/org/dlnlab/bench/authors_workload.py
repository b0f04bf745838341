"""The paper's workload on the authors' code, for `dlnlab bench --peer DIR`.

DIR is a checkout of Marion & Chizat's implicit-reg-sharpness (its utils.py and mlp.py, which need JAX). This driver
calls their public functions the way their run_experiment.py does for the linear MLP: n = 50, d = 5, L = 10 data from
their generate_data, init scale 0.35, GD at step size 0.02 with their `update`, and their 20-step
`largest_eigenvalue` every 5 steps. It times runs of two lengths after a run that compiles everything and prints one
line, `peer-workload SECONDS_PER_STEP SHORT LONG JAX_VERSION PLATFORM`: the marginal cost per step (medians of
three runs of each length), so start-up and compilation cancel as in dlnlab's own figure.

Usage: python3 authors_workload.py DIR SHORT_STEPS LONG_STEPS
"""
import statistics
import sys
import time


def main():
    peer, short_steps, long_steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    sys.path.insert(0, peer)
    import jax
    import jax.flatten_util
    from jax import random
    from mlp import init_mlp, loss_fn_linear_mlp
    from utils import generate_data, largest_eigenvalue, update

    n, d, depth, scale, step_size, every, power_iters = 50, 5, 10, 0.35, 0.02, 5, 20
    key, data_key = random.split(random.PRNGKey(0))
    x, y, x_test, y_test, _ = generate_data(n, d, 1.0, data_key)
    args = (x, y, x_test, y_test)
    params0 = init_mlp(d, depth, scale, random.PRNGKey(1))
    flat, unravel = jax.flatten_util.ravel_pytree(params0)
    dim = flat.shape[0]

    def run(steps):
        keys = random.split(random.PRNGKey(2), steps)
        params = params0
        eig = None
        start = time.perf_counter()
        for step in range(steps):
            params, loss, _, _ = update(params, args, step_size, loss_fn_linear_mlp)
            if step % every == 0:
                eig, _ = largest_eigenvalue(args, params, dim, keys[step], power_iters, unravel, loss_fn_linear_mlp)
        float(eig)  # waits for JAX's asynchronous dispatch to finish
        return time.perf_counter() - start

    run(2 * every)
    shorts = [run(short_steps) for _ in range(3)]
    longs = [run(long_steps) for _ in range(3)]
    per_step = (statistics.median(longs) - statistics.median(shorts)) / (long_steps - short_steps)
    print("peer-workload", repr(per_step), short_steps, long_steps, jax.__version__, jax.devices()[0].platform)


if __name__ == "__main__":
    main()
