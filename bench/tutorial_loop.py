"""The tutorial's training loop, written the way the tutorial writes it.

This is the baseline that ``bench/bench_engine.py`` measures reglab against: dicts keyed
``"W" + str(l)``, one layer at a time, global ``np.random`` seeding, examples in columns.
It is reglab's own rewrite of the tutorial's "optimization" and "utils" files (seed, section 5),
with the two defects that matter fixed: ``np.int`` is replaced by ``int`` and the two asserts
that tested nothing now test the shapes. It also adds the plain mini-batch GD branch the
printed code leaves out. Nothing in ``reglab`` imports this file.
"""

import math

import numpy as np
import sklearn.datasets


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def load_dataset():
    np.random.seed(3)
    train_X, train_Y = sklearn.datasets.make_moons(n_samples=300, noise=0.2)
    return train_X.T, train_Y.reshape((1, train_Y.shape[0]))


def initialize_parameters(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(
            2 / layer_dims[l - 1]
        )
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
        assert parameters["W" + str(l)].shape == (layer_dims[l], layer_dims[l - 1])
        assert parameters["b" + str(l)].shape == (layer_dims[l], 1)
    return parameters


def forward_propagation(X, parameters):
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    z1 = np.dot(W1, X) + b1
    a1 = relu(z1)
    z2 = np.dot(W2, a1) + b2
    a2 = relu(z2)
    z3 = np.dot(W3, a2) + b3
    a3 = sigmoid(z3)
    return a3, (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)


def compute_cost(a3, Y):
    m = Y.shape[1]
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return 1.0 / m * np.sum(logprobs)


def backward_propagation(X, Y, cache):
    m = X.shape[1]
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) = cache
    dz3 = 1.0 / m * (a3 - Y)
    dW3 = np.dot(dz3, a2.T)
    db3 = np.sum(dz3, axis=1, keepdims=True)
    da2 = np.dot(W3.T, dz3)
    dz2 = np.multiply(da2, np.int64(a2 > 0))
    dW2 = np.dot(dz2, a1.T)
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = np.dot(W2.T, dz2)
    dz1 = np.multiply(da1, np.int64(a1 > 0))
    dW1 = np.dot(dz1, X.T)
    db1 = np.sum(dz1, axis=1, keepdims=True)
    return {"dW3": dW3, "db3": db3, "dW2": dW2, "db2": db2, "dW1": dW1, "db1": db1}


def predict(X, y, parameters):
    a3, _ = forward_propagation(X, parameters)
    p = (a3 > 0.5).astype(int)
    return p, float(np.mean(p[0, :] == y[0, :]))


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    np.random.seed(seed)
    m = X.shape[1]
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))
    mini_batches = []
    num_complete_minibatches = math.floor(m / mini_batch_size)
    for k in range(num_complete_minibatches):
        sl = slice(k * mini_batch_size, (k + 1) * mini_batch_size)
        mini_batches.append((shuffled_X[:, sl], shuffled_Y[:, sl]))
    if m % mini_batch_size != 0:
        sl = slice(num_complete_minibatches * mini_batch_size, m)
        mini_batches.append((shuffled_X[:, sl], shuffled_Y[:, sl]))
    return mini_batches


def update_parameters_with_gd(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l + 1)] -= learning_rate * grads["dW" + str(l + 1)]
        parameters["b" + str(l + 1)] -= learning_rate * grads["db" + str(l + 1)]
    return parameters


def initialize_velocity(parameters):
    v = {}
    for l in range(len(parameters) // 2):
        v["dW" + str(l + 1)] = np.zeros(parameters["W" + str(l + 1)].shape)
        v["db" + str(l + 1)] = np.zeros(parameters["b" + str(l + 1)].shape)
    return v


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    for l in range(len(parameters) // 2):
        for p in ("W", "b"):
            key = p + str(l + 1)
            v["d" + key] = beta * v["d" + key] + (1 - beta) * grads["d" + key]
            parameters[key] = parameters[key] - learning_rate * v["d" + key]
    return parameters, v


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon):
    for l in range(len(parameters) // 2):
        for p in ("W", "b"):
            key = p + str(l + 1)
            v["d" + key] = beta1 * v["d" + key] + (1 - beta1) * grads["d" + key]
            v_corrected = v["d" + key] / (1 - np.power(beta1, t))
            s["d" + key] = beta2 * s["d" + key] + (1 - beta2) * np.power(grads["d" + key], 2)
            s_corrected = s["d" + key] / (1 - np.power(beta2, t))
            # epsilon inside the square root, as the tutorial prints it
            parameters[key] = parameters[key] - learning_rate * v_corrected / np.sqrt(
                s_corrected + epsilon
            )
    return parameters, v, s


def model(
    X,
    Y,
    optimizer,
    learning_rate=0.0007,
    mini_batch_size=64,
    beta=0.9,
    beta1=0.9,
    beta2=0.999,
    epsilon=1e-8,
    num_epochs=10000,
    print_every=1000,
):
    """Train the tutorial's [2, 5, 2, 1] network; return parameters and the printed costs."""
    layers_dims = [X.shape[0], 5, 2, 1]
    printed = []
    t = 0
    seed = 10
    parameters = initialize_parameters(layers_dims)
    v = initialize_velocity(parameters)
    s = initialize_velocity(parameters)
    for i in range(num_epochs):
        seed = seed + 1
        for minibatch_X, minibatch_Y in random_mini_batches(X, Y, mini_batch_size, seed):
            a3, caches = forward_propagation(minibatch_X, parameters)
            cost = compute_cost(a3, minibatch_Y)
            grads = backward_propagation(minibatch_X, minibatch_Y, caches)
            if optimizer == "gd":
                parameters = update_parameters_with_gd(parameters, grads, learning_rate)
            elif optimizer == "momentum":
                parameters, v = update_parameters_with_momentum(
                    parameters, grads, v, beta, learning_rate
                )
            elif optimizer == "adam":
                t = t + 1
                parameters, v, s = update_parameters_with_adam(
                    parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon
                )
        if print_every and i % print_every == 0:
            printed.append(cost)
    return parameters, printed


if __name__ == "__main__":
    import sys
    import time

    train_X, train_Y = load_dataset()
    for name in sys.argv[1:] or ["gd", "momentum", "adam"]:
        start = time.perf_counter()
        params, printed = model(train_X, train_Y, optimizer=name)
        _, acc = predict(train_X, train_Y, params)
        print(name, ["%.9f" % c for c in printed], acc, "%.2fs" % (time.perf_counter() - start))
