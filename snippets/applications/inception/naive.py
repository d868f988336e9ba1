"""The naive Inception module (Figure 2a of the paper) with the widths of
inception (3a).
"""

import keras


def conv(x, filters, size, name):
    return keras.layers.Conv2D(
        filters, size, padding="same", activation="relu", name=name
    )(x)


def multiply_adds(layer):
    """H_out * W_out * k_h * k_w * C_in * C_out; bias, ReLU and pooling are not
    counted.
    """
    k_h, k_w, c_in, c_out = layer.kernel.shape
    _, h_out, w_out, _ = layer.output.shape
    return h_out * w_out * k_h * k_w * c_in * c_out


# No 1x1 reductions and no projection after the pooling: each branch reads all
# 192 channels.
inputs = keras.Input(shape=(28, 28, 192))
branches = [
    conv(inputs, 64, 1, "b1_1x1"),
    conv(inputs, 128, 3, "b2_3x3"),
    conv(inputs, 32, 5, "b3_5x5"),
    keras.layers.MaxPooling2D(3, strides=1, padding="same", name="b4_pool")(
        inputs
    ),
]
naive = keras.Model(
    inputs, keras.layers.Concatenate()(branches), name="naive_3a"
)

convs = [
    layer for layer in naive.layers if isinstance(layer, keras.layers.Conv2D)
]
layer_ops = {layer.name: multiply_adds(layer) for layer in convs}
ops = sum(layer_ops.values())
params = naive.count_params()
for name, cost in layer_ops.items():
    print(f"{name:8}{cost:>13,} multiply-adds")
print(f"{'total':8}{ops:>13,} multiply-adds, {params:,} params")
print("output shape:", naive.output_shape)
most_expensive = max(layer_ops, key=layer_ops.get)
print("most expensive branch:", most_expensive)
