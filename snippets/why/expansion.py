"""Going up in channels: a 1x1 convolution that widens a map's channels."""

import keras

inputs = keras.Input(shape=(56, 56, 64))
expand_1x1 = keras.layers.Conv2D(256, kernel_size=1)
outputs = expand_1x1(inputs)


def multiply_adds(layer):
    """H_out * W_out * k_h * k_w * C_in * C_out; bias is not counted."""
    k_h, k_w, c_in, c_out = layer.kernel.shape
    _, h_out, w_out, _ = layer.output.shape
    return h_out * w_out * k_h * k_w * c_in * c_out


print(f"{inputs.shape} -> {outputs.shape}")
print(
    f"{expand_1x1.count_params():,} params, {multiply_adds(expand_1x1):,} "
    "multiply-adds"
)
