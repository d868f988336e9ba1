"""On tokens, Dense = Conv1D(kernel_size=1) = a 1x1 Conv2D."""

import keras
import numpy as np

# The base Transformer (Vaswani et al., Section 3.3)
TOKENS, D_MODEL, D_FF = 10, 512, 2048

rng = np.random.default_rng(0)
x = rng.normal(size=(2, TOKENS, D_MODEL)).astype("float32")

# --8<-- [start:three]
# The same weights in three layers: a Dense on (tokens, d_model), a Conv1D
# with kernel size 1 on the token axis, and a 1x1 Conv2D on the tokens
# laid out as a 1xN image.
dense = keras.layers.Dense(D_FF)
conv1d = keras.layers.Conv1D(D_FF, kernel_size=1)
conv2d = keras.layers.Conv2D(D_FF, kernel_size=1)
y_dense = dense(x)
conv1d.build(x.shape)
conv2d.build((2, 1, TOKENS, D_MODEL))
kernel, bias = dense.get_weights()  # (512, 2048) and (2048,)
conv1d.set_weights([kernel.reshape(1, D_MODEL, D_FF), bias])
conv2d.set_weights([kernel.reshape(1, 1, D_MODEL, D_FF), bias])

y_conv1d = conv1d(x)
y_conv2d = conv2d(x[:, None])[:, 0]  # a 1xN grid in, the row back out
# --8<-- [end:three]

y_dense, y_conv1d, y_conv2d = (
    keras.ops.convert_to_numpy(y) for y in (y_dense, y_conv1d, y_conv2d)
)
same_1d = np.allclose(y_dense, y_conv1d, atol=1e-5)
same_2d = np.allclose(y_dense, y_conv2d, atol=1e-5)
print("kernels:", kernel.shape, conv1d.kernel.shape, conv2d.kernel.shape)
print("Dense = Conv1D(1):", same_1d, " Dense = 1x1 Conv2D:", same_2d)

# --8<-- [start:ffn]
# FFN(x) = max(0, x W1 + b1) W2 + b2, the same weights for every token.
tokens = keras.Input(shape=(None, D_MODEL))
ffn = keras.Sequential(
    [
        tokens,
        keras.layers.Dense(D_FF, activation="relu"),
        keras.layers.Dense(D_MODEL),
    ]
)
# Q, K and V for all 8 heads, and the output projection W^O (3.2.2).
mha = keras.layers.MultiHeadAttention(num_heads=8, key_dim=D_MODEL // 8)
mha(tokens, tokens)
# --8<-- [end:ffn]

ffn_madds_per_token = D_MODEL * D_FF + D_FF * D_MODEL
kernels = {
    w.path.split("/")[-2]: tuple(w.shape)
    for w in mha.weights
    if "kernel" in w.path
}
projection_weights = sum(int(np.prod(shape)) for shape in kernels.values())
print("FFN parameters:", ffn.count_params())
print("FFN multiply-adds per token:", ffn_madds_per_token)
for name, shape in kernels.items():
    print(f"attention kernel {name}: {shape}")
print("attention parameters:", mha.count_params())
print("  without biases:", projection_weights)
