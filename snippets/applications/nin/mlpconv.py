"""An mlpconv block: a 5x5 convolution, then two 1x1 convolutions, i.e. a small MLP per pixel."""

import keras
import numpy as np

block = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 3)),
        keras.layers.Conv2D(64, kernel_size=5, padding="same", activation="relu", name="conv5x5"),
        keras.layers.Conv2D(48, kernel_size=1, activation="relu", name="mlp_1x1_a"),
        keras.layers.Conv2D(48, kernel_size=1, activation="relu", name="mlp_1x1_b"),
    ],
    name="mlpconv",
)
block.summary()

# The two 1x1 layers are a two-layer MLP applied to every pixel's 64 channels: give the MLP
# the 32 * 32 pixels as a batch of 64-long vectors and it computes the same numbers.
mlp = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(48, activation="relu"),
        keras.layers.Dense(48, activation="relu"),
    ]
)
for dense, conv in zip(mlp.layers, block.layers[1:], strict=True):
    kernel, bias = conv.get_weights()
    dense.set_weights([kernel[0, 0], bias])  # a (1, 1, C_in, C_out) kernel is a C_in x C_out matrix

image = np.random.default_rng(0).normal(size=(1, 32, 32, 3)).astype("float32")
features = np.asarray(block.layers[0](image))  # (1, 32, 32, 64), after the 5x5 layer
pixels = features.reshape(-1, 64)  # (1024, 64): one row per pixel
by_block = np.asarray(block(image))
by_mlp = np.asarray(mlp(pixels)).reshape(by_block.shape)
print("pixels as vectors:", pixels.shape)
print("1x1 layers = the same MLP at every pixel:", np.allclose(by_block, by_mlp, atol=1e-5))
