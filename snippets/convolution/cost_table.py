"""Parameters and multiply-adds of a few realistic spatial convolution
layers.
"""

import keras


def conv_multiply_adds(layer):
    """H_out * W_out * k_h * k_w * C_in * C_out: one multiply-add per weight
    per output pixel.
    """
    _, h_out, w_out, _ = layer.output.shape
    k_h, k_w, c_in, c_out = layer.kernel.shape
    return h_out * w_out * k_h * k_w * c_in * c_out


# (kernel size, height = width, input channels, output channels): sizes
# typical of the 56x56 and 28x28 stages of an ImageNet network.
LAYERS = [
    (3, 56, 64, 64),
    (3, 56, 128, 128),
    (3, 28, 128, 128),
    (3, 28, 256, 256),
    (5, 56, 64, 64),
    (5, 28, 256, 256),
]

rows = []
for k, size, c_in, c_out in LAYERS:
    inputs = keras.Input(shape=(size, size, c_in))
    conv = keras.layers.Conv2D(
        c_out, kernel_size=k, padding="same", activation="relu"
    )
    model = keras.Model(inputs, conv(inputs))
    rows.append(
        {
            "kernel": conv.kernel_size,
            "input": model.input_shape[1:],
            "output": model.output_shape[1:],
            "params": model.count_params(),
            "madds": conv_multiply_adds(conv),
        }
    )


def dims(shape):
    return "x".join(str(d) for d in shape)


print(
    f"{'kernel':<8}{'input':<12}{'output':<12}{'parameters':>12}"
    f"{'multiply-adds':>16}"
)
for row in rows:
    print(
        f"{dims(row['kernel']):<8}{dims(row['input']):<12}"
        f"{dims(row['output']):<12}"
        f"{row['params']:>12,}{row['madds']:>16,}"
    )

# Doubling both channel counts, and halving height and width, between rows of
# the table.
double_channels = rows[1]["madds"] / rows[0]["madds"]
halve_size = rows[1]["madds"] / rows[2]["madds"]
five_vs_three = rows[4]["madds"] / rows[0]["madds"]
print(f"\n2x the channels: {double_channels:.2f}x the multiply-adds")
print(f"1/2 the height and width: 1/{halve_size:.2f} of the multiply-adds")
print(f"5x5 instead of 3x3: {five_vs_three:.2f}x the multiply-adds")
