"""ViT-B's patch embedding: a convolution as large as a patch, striding one
patch at a time."""

import keras
import numpy as np

# ViT-B/16: 16x16 patches, hidden size D = 768 (Dosovitskiy et al., Table 1)
PATCH, WIDTH = 16, 768
PAPER_VIT_B_PARAMS = 86e6  # Table 1: ViT-Base's parameters

rng = np.random.default_rng(0)
image = rng.normal(size=(1, 224, 224, 3)).astype("float32")

# --8<-- [start:embed]
# As a convolution: each patch, seen once, becomes a WIDTH-vector.
embed = keras.layers.Conv2D(WIDTH, kernel_size=PATCH, strides=PATCH)
grid = embed(image)  # one token per patch

# As the paper writes it (Eq. 1): flatten each patch, apply one matrix E.
n = 224 // PATCH  # patches per side
patches = image.reshape(1, n, PATCH, n, PATCH, 3).transpose(0, 1, 3, 2, 4, 5)
flat = patches.reshape(1, n * n, PATCH * PATCH * 3)  # a row per patch
dense = keras.layers.Dense(WIDTH)
dense.build(flat.shape)
kernel, bias = embed.get_weights()  # the numbers of E
dense.set_weights([kernel.reshape(-1, WIDTH), bias])
tokens = dense(flat)
# --8<-- [end:embed]

grid = keras.ops.convert_to_numpy(grid)
tokens = keras.ops.convert_to_numpy(tokens)
same = np.allclose(np.reshape(grid, (1, -1, WIDTH)), tokens, atol=1e-4)
print("grid:", grid.shape, "-> tokens:", tokens.shape)
print("kernel:", kernel.shape, "parameters:", embed.count_params())
print("convolution = Dense on flattened patches:", same)
inputs_per_output = PATCH * PATCH * 3  # a 1x1 kernel would see 3
print("inputs per output value:", inputs_per_output)

# One encoder block of ViT-B (Eqs. 2-3; 12 heads, MLP size 3072). Its
# weighted layers act on one token at a time, like 1x1 convolutions; only
# the attention map, which has no weights, mixes tokens.
TOKENS, LAYERS, MLP = 197, 12, 3072  # the patches and the class token
z = keras.Input(shape=(TOKENS, WIDTH))
attention = keras.layers.MultiHeadAttention(num_heads=12, key_dim=64)
mlp = [keras.layers.Dense(MLP, activation="gelu"), keras.layers.Dense(WIDTH)]
norms = [keras.layers.LayerNormalization() for _ in range(2)]
x = norms[0](z)
z1 = attention(x, x) + z
z2 = mlp[1](mlp[0](norms[1](z1))) + z1
block = keras.Model(z, z2)
tokenwise = attention.count_params() + sum(x.count_params() for x in mlp)

# ViT-B without its classification head: patch embedding, class token,
# position embeddings (a WIDTH-vector per token), LAYERS blocks, a final norm.
vit_params = embed.count_params() + (1 + TOKENS) * WIDTH
vit_params += LAYERS * block.count_params() + 2 * WIDTH
CLASSES = 1000  # ImageNet's
head_1000 = WIDTH * CLASSES + CLASSES  # a Dense classifier
print(f"encoder block: {block.count_params():,}")
print(f"  token-wise layers: {tokenwise:,}")
print(f"ViT-B/16 without head: {vit_params:,}")
print(f"  a 1000-class head would add {head_1000:,}")
print(f"  token-wise (1x1) layers: {LAYERS * tokenwise / vit_params:.1%}")
print(f"  patch embedding: {embed.count_params() / vit_params:.1%}")
