"""A transformer's feed-forward network and attention projections, counted:
1x1 layers on tokens."""

import keras
import numpy as np

# The base Transformer (Vaswani et al., Section 3.3)
D_MODEL, D_FF = 512, 2048

# --8<-- [start:ffn]
# FFN(x) = relu(x W1 + b1) W2 + b2, the same weights for every token.
tokens = keras.Input(shape=(None, D_MODEL))
ffn = keras.Sequential(
    [
        tokens,
        keras.layers.Dense(D_FF, activation="relu"),
        keras.layers.Dense(D_MODEL),
    ]
)
# Q, K and V for all 8 heads, and the output projection W^O (Section 3.2.2).
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
