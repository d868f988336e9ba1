"""What one more ReLU costs: behind another 3x3 convolution, or behind a 1x1 convolution."""

import keras


def conv_multiply_adds(layer):
    """H_out * W_out * k_h * k_w * C_in * C_out: one multiply-add per weight per output pixel."""
    _, h_out, w_out, _ = layer.output.shape
    k_h, k_w, c_in, c_out = layer.kernel.shape
    return h_out * w_out * k_h * k_w * c_in * c_out


def extra_relu_layer(input_shape, filters, kernel_size, padding):
    """A 3x3 convolution with ReLU, then one more convolution with ReLU; returns the extra one."""
    model = keras.Sequential(
        [
            keras.Input(shape=input_shape),
            keras.layers.Conv2D(filters, 3, padding=padding, activation="relu"),
            keras.layers.Conv2D(filters, kernel_size, padding=padding, activation="relu"),
        ]
    )
    return model.layers[-1]


def describe(layer):
    shape = "x".join(str(d) for d in layer.output.shape[1:])
    return (
        f"  {layer.kernel_size[0]}x{layer.kernel_size[1]} + ReLU: output {shape:<11}"
        f"{layer.count_params():>9,} parameters {conv_multiply_adds(layer):>13,} multiply-adds"
    )


# The worked example of the background page: 6x6x3, 2 filters, no padding.
worked_3x3 = extra_relu_layer((6, 6, 3), filters=2, kernel_size=3, padding="valid")
worked_1x1 = extra_relu_layer((6, 6, 3), filters=2, kernel_size=1, padding="valid")
# A realistic layer: 256 channels at 28x28, padded as real networks do.
deep_3x3 = extra_relu_layer((28, 28, 256), filters=256, kernel_size=3, padding="same")
deep_1x1 = extra_relu_layer((28, 28, 256), filters=256, kernel_size=1, padding="same")

print("one more ReLU after the worked example (6x6x3, 2 filters of 3x3):")
print(describe(worked_3x3))
print(describe(worked_1x1))
print("one more ReLU after a 3x3 layer at 28x28x256:")
print(describe(deep_3x3))
print(describe(deep_1x1))

param_ratio = deep_3x3.count_params() / deep_1x1.count_params()
madds_ratio = conv_multiply_adds(deep_3x3) / conv_multiply_adds(deep_1x1)
print(f"3x3 / 1x1: {param_ratio:.2f}x the parameters, {madds_ratio:.2f}x the multiply-adds")
