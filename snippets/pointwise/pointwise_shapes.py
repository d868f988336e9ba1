"""A 1x1 convolution keeps height and width and changes the number of channels."""

import keras


def conv_multiply_adds(layer):
    """H_out * W_out * k_h * k_w * C_in * C_out: one multiply-add per weight per output pixel."""
    _, h_out, w_out, _ = layer.output.shape
    k_h, k_w, c_in, c_out = layer.kernel.shape
    return h_out * w_out * k_h * k_w * c_in * c_out


def conv_model(input_shape, filters, kernel_size, padding="valid"):
    return keras.Sequential(
        [
            keras.Input(shape=input_shape),
            keras.layers.Conv2D(filters, kernel_size, padding=padding, activation="relu"),
        ]
    )


# The worked example of the background page, with 1x1 filters instead of 3x3. No padding:
# a 1x1 window fits at every pixel, so height and width are kept anyway.
small = conv_model((6, 6, 3), filters=2, kernel_size=1)
small.summary()

# Szegedy et al. (2014), arXiv:1409.4842, Table 1, row inception (3a): its input is
# 28x28x192, and its "#5x5 reduce" column is a 1x1 convolution with 16 filters.
GOOGLENET_3A = {"input": (28, 28, 192), "#5x5 reduce": 16}
reduce = conv_model(GOOGLENET_3A["input"], GOOGLENET_3A["#5x5 reduce"], kernel_size=1)
# For comparison, a 3x3 layer with the same channel counts ("same" padding keeps 28x28).
same_size_3x3 = conv_model(
    GOOGLENET_3A["input"], GOOGLENET_3A["#5x5 reduce"], kernel_size=3, padding="same"
)

print()
for name, model in (("1x1", reduce), ("3x3", same_size_3x3)):
    conv = model.layers[0]
    print(
        f"{name}: {model.input_shape} -> {model.output_shape}, "
        f"{model.count_params():,} parameters, {conv_multiply_adds(conv):,} multiply-adds"
    )

madds_ratio = conv_multiply_adds(same_size_3x3.layers[0]) / conv_multiply_adds(reduce.layers[0])
param_ratio = same_size_3x3.count_params() / reduce.count_params()
print(f"3x3 / 1x1: {madds_ratio:.2f}x the multiply-adds, {param_ratio:.2f}x the parameters")
