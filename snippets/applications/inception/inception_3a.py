"""GoogLeNet's inception (3a) module in Keras, built from its row in Table 1 of
the paper.
"""

import keras

# Szegedy et al. (2014), "Going deeper with convolutions", arXiv:1409.4842,
# Table 1, row "inception (3a)": the output size and the width of every
# convolution.
PAPER_3A = {
    "output size": (28, 28, 256),
    "#1x1": 64,
    "#3x3 reduce": 96,
    "#3x3": 128,
    "#5x5 reduce": 16,
    "#5x5": 32,
    "pool proj": 32,
}


# --8<-- [start:module]
def conv(x, filters, size, name):
    """A ReLU convolution that keeps the module's grid, as every layer in the
    module does.
    """
    return keras.layers.Conv2D(
        filters, size, padding="same", activation="relu", name=name
    )(x)


p = PAPER_3A
inputs = keras.Input(shape=(28, 28, 192))
branch_1x1 = conv(inputs, p["#1x1"], 1, "b1_1x1")
branch_3x3 = conv(
    conv(inputs, p["#3x3 reduce"], 1, "b2_1x1_reduce"), p["#3x3"], 3, "b2_3x3"
)
branch_5x5 = conv(
    conv(inputs, p["#5x5 reduce"], 1, "b3_1x1_reduce"), p["#5x5"], 5, "b3_5x5"
)
pooled = keras.layers.MaxPooling2D(
    3, strides=1, padding="same", name="b4_pool"
)(inputs)
branch_pool = conv(pooled, p["pool proj"], 1, "b4_1x1_proj")
outputs = keras.layers.Concatenate(name="concat")(
    [branch_1x1, branch_3x3, branch_5x5, branch_pool]
)
module = keras.Model(inputs, outputs, name="inception_3a")
# --8<-- [end:module]


# --8<-- [start:count]
def multiply_adds(layer):
    """H_out * W_out * k_h * k_w * C_in * C_out; bias, ReLU and pooling are not
    counted.
    """
    k_h, k_w, c_in, c_out = layer.kernel.shape
    _, h_out, w_out, _ = layer.output.shape
    return h_out * w_out * k_h * k_w * c_in * c_out


convs = [
    layer for layer in module.layers if isinstance(layer, keras.layers.Conv2D)
]
# branch by branch: b1_..., b2_..., b3_..., b4_...
convs.sort(key=lambda layer: layer.name)
layer_params = {layer.name: layer.count_params() for layer in convs}
layer_ops = {layer.name: multiply_adds(layer) for layer in convs}
params = module.count_params()
ops = sum(layer_ops.values())

print(f"{'layer':16}{'kernel':>18}{'params':>9}{'multiply-adds':>15}")
for layer in convs:
    kernel = str(tuple(layer.kernel.shape))
    print(
        f"{layer.name:16}{kernel:>18}{layer_params[layer.name]:>9,}"
        f"{layer_ops[layer.name]:>15,}"
    )
print(f"{'total':34}{params:>9,}{ops:>15,}")
print("output shape:", module.output_shape)

# The cost of each branch: b1_... is the 1x1 branch, b2_... the next one,
# and so on.
branch_ops = {
    branch: sum(
        cost for name, cost in layer_ops.items() if name.startswith(prefix)
    )
    for branch, prefix in (
        ("1x1", "b1_"),
        ("3x3", "b2_"),
        ("5x5", "b3_"),
        ("pool", "b4_"),
    )
}
most_expensive = max(branch_ops, key=branch_ops.get)
print("most expensive branch:", most_expensive)
# --8<-- [end:count]
