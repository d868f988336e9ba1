"""padding="same" keeps the worked example's size, but border outputs are
computed partly from padded zeros.
"""

import keras
import numpy as np


def stack(**conv_options):
    """The worked example's layer twice, with 'same' padding."""
    return keras.Sequential(
        [keras.Input(shape=(6, 6, 3))]
        + [
            keras.layers.Conv2D(
                filters=2, kernel_size=(3, 3), padding="same", **conv_options
            )
            for _ in range(2)
        ]
    )


model = stack(activation="relu")

# A probe with the same layout: all weights one, no bias, no activation, fed an
# image of ones. An output then equals its layer's largest value only if its
# window never touched a padded zero, directly or through the layer below.
probe = stack(kernel_initializer="ones", use_bias=False)
x = np.ones((1, 6, 6, 3), dtype="float32")

positions = 6 * 6
read_padding = []
for layer, probe_layer in zip(model.layers, probe.layers, strict=True):
    x = probe_layer(x)
    values = keras.ops.convert_to_numpy(x)[0, :, :, 0]
    read_padding.append(int(np.sum(values < values.max())))
    print(
        f"{layer.name:<10}{layer.output.shape!s:<18}"
        f"positions that read padding: {read_padding[-1]} of {positions}"
    )
