"""A 1x1 convolution keeps height and width, changes the channels, and costs
k*k times less.
"""

import keras


def conv_multiply_adds(layer):
    """H_out * W_out * k_h * k_w * C_in * C_out: one multiply-add per weight
    per output pixel.
    """
    _, h_out, w_out, _ = layer.output.shape
    k_h, k_w, c_in, c_out = layer.kernel.shape
    return h_out * w_out * k_h * k_w * c_in * c_out


def conv_model(input_shape, filters, kernel_size, padding="valid"):
    return keras.Sequential(
        [
            keras.Input(shape=input_shape),
            keras.layers.Conv2D(
                filters, kernel_size, padding=padding, activation="relu"
            ),
        ]
    )


# The worked example of the background page, with 1x1 filters instead of 3x3.
# No padding: a 1x1 window fits at every pixel, so height and width are kept
# anyway.
small = conv_model((6, 6, 3), filters=2, kernel_size=1)
small.summary()
small_padded = conv_model((6, 6, 3), filters=2, kernel_size=1, padding="same")
print("with padding='same':", small_padded.output_shape)

# A layer of a size typical of the middle of an ImageNet network: 28x28x256 ->
# 256 channels, as a 1x1 convolution and as a spatial one ("same" padding keeps
# 28x28).
pointwise = conv_model((28, 28, 256), filters=256, kernel_size=1)
spatial = conv_model((28, 28, 256), filters=256, kernel_size=3, padding="same")

print()
for name, model in (("1x1", pointwise), ("3x3", spatial)):
    conv = model.layers[0]
    print(
        f"{name}: kernel {conv.kernel.shape}, output {model.output_shape}, "
        f"{model.count_params():,} parameters, {conv_multiply_adds(conv):,} "
        "multiply-adds"
    )

madds_ratio = conv_multiply_adds(spatial.layers[0]) / conv_multiply_adds(
    pointwise.layers[0]
)
param_ratio = spatial.count_params() / pointwise.count_params()
print(
    f"3x3 / 1x1: {madds_ratio:.2f}x the multiply-adds, {param_ratio:.2f}x the "
    "parameters"
)
