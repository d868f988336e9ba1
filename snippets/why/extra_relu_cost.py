"""What one more ReLU costs: a 1x1 convolution versus another 3x3 convolution, 192 -> 192."""

import keras

inputs = keras.Input(shape=(28, 28, 192))
pointwise = keras.layers.Conv2D(192, kernel_size=1, activation="relu")
spatial = keras.layers.Conv2D(192, kernel_size=3, padding="same", activation="relu")
pointwise(inputs)
spatial(inputs)


def multiply_adds(layer):
    """H_out * W_out * k_h * k_w * C_in * C_out; bias and ReLU are not counted."""
    k_h, k_w, c_in, c_out = layer.kernel.shape
    _, h_out, w_out, _ = layer.output.shape
    return h_out * w_out * k_h * k_w * c_in * c_out


cost_1x1 = multiply_adds(pointwise)
cost_3x3 = multiply_adds(spatial)
pixels = 28 * 28
per_pixel_1x1 = cost_1x1 // pixels
per_pixel_3x3 = cost_3x3 // pixels
print(
    f"1x1 + ReLU: {per_pixel_1x1:>7,} per pixel, {cost_1x1:>11,} in all, "
    f"{pointwise.count_params():>7,} params"
)
print(
    f"3x3 + ReLU: {per_pixel_3x3:>7,} per pixel, {cost_3x3:>11,} in all, "
    f"{spatial.count_params():>7,} params"
)
print(f"the 3x3 layer costs {cost_3x3 // cost_1x1}x as much")
