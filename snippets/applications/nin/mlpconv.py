"""An mlpconv block: a spatial convolution, then two 1x1 convolutions, i.e. a
small MLP per pixel.
"""

import keras

block = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 3)),
        keras.layers.Conv2D(
            64,
            kernel_size=5,
            padding="same",
            activation="relu",
            name="conv5x5",
        ),
        keras.layers.Conv2D(
            48, kernel_size=1, activation="relu", name="mlp_1x1_a"
        ),
        keras.layers.Conv2D(
            48, kernel_size=1, activation="relu", name="mlp_1x1_b"
        ),
    ],
    name="mlpconv",
)
block.summary()

# The MLP: every layer after the first reads one pixel's channels, and ends in
# a ReLU.
mlp = block.layers[1:]
mlp_params = sum(layer.count_params() for layer in mlp)
print(
    f"MLP layers: {[layer.kernel_size for layer in mlp]}, {mlp_params:,} "
    "parameters"
)
