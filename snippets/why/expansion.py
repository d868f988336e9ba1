"""Going up in channels: a 1x1 convolution from 64 to 256 channels on a 56x56 map."""

import keras

inputs = keras.Input(shape=(56, 56, 64))
expand_1x1 = keras.layers.Conv2D(256, kernel_size=1)
expand_3x3 = keras.layers.Conv2D(256, kernel_size=3, padding="same")
expand_1x1(inputs)
expand_3x3(inputs)


def multiply_adds(layer):
    """H_out * W_out * k_h * k_w * C_in * C_out; bias is not counted."""
    k_h, k_w, c_in, c_out = layer.kernel.shape
    _, h_out, w_out, _ = layer.output.shape
    return h_out * w_out * k_h * k_w * c_in * c_out


for name, layer in [("1x1", expand_1x1), ("3x3", expand_3x3)]:
    print(
        f"{name}: {layer.output.shape}, {layer.count_params():>7,} params, "
        f"{multiply_adds(layer):>11,} multiply-adds"
    )
