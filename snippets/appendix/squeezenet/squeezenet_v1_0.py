"""The whole SqueezeNet v1.0 from Table 1 of the paper: shapes and parameters,
layer by layer.
"""

import math

import keras

# Iandola et al., arXiv:1602.07360, Table 1: output size and parameters
# before pruning.
PAPER_TABLE_1 = {
    "conv1": ((111, 111, 96), 14_208),
    "maxpool1": ((55, 55, 96), 0),
    "fire2": ((55, 55, 128), 11_920),
    "fire3": ((55, 55, 128), 12_432),
    "fire4": ((55, 55, 256), 45_344),
    "maxpool4": ((27, 27, 256), 0),
    "fire5": ((27, 27, 256), 49_440),
    "fire6": ((27, 27, 384), 104_880),
    "fire7": ((27, 27, 384), 111_024),
    "fire8": ((27, 27, 512), 188_992),
    "maxpool8": ((13, 13, 512), 0),
    "fire9": ((13, 13, 512), 197_184),
    "conv10": ((13, 13, 1000), 513_000),
    "avgpool10": ((1000,), 0),
}
PAPER_TOTAL = 1_248_424  # Table 1, "#parameter before pruning", total
PAPER_INPUT = (224, 224, 3)  # Table 1, "input image"
# Table 1, row fire2, after Deep Compression: the share of each layer's weights
# kept (its "sparsity" columns; all of it = not pruned) and the resulting
# "#parameter after pruning".
PAPER_FIRE2_KEPT = {"s1x1": 1.00, "e1x1": 1.00, "e3x3": 0.33}
PAPER_FIRE2_PRUNED = 5_746


def fire(x, s1x1, e1x1, e3x3, name):
    """Squeeze with 1x1 filters, then expand with 1x1 filters (e1x1) and
    spatial ones (e3x3) side by side.
    """
    squeezed = keras.layers.Conv2D(
        s1x1, 1, activation="relu", name=f"{name}_s1x1"
    )(x)
    expand_1x1 = keras.layers.Conv2D(
        e1x1, 1, activation="relu", name=f"{name}_e1x1"
    )(squeezed)
    expand_3x3 = keras.layers.Conv2D(
        e3x3, 3, padding="same", activation="relu", name=f"{name}_e3x3"
    )(squeezed)
    return keras.layers.Concatenate(name=name)([expand_1x1, expand_3x3])


def multiply_adds(conv):
    """H_out * W_out * k_h * k_w * C_in * C_out."""
    _, h, w, c_out = conv.output.shape
    k_h, k_w = conv.kernel_size
    return h * w * k_h * k_w * conv.input.shape[-1] * c_out


def squeezenet(size):
    """SqueezeNet v1.0 as in Table 1, for square RGB images of side size."""
    inputs = keras.Input(shape=(size, size, 3))
    x = keras.layers.Conv2D(96, 7, strides=2, activation="relu", name="conv1")(
        inputs
    )
    x = keras.layers.MaxPooling2D(3, strides=2, name="maxpool1")(x)
    x = fire(x, 16, 64, 64, "fire2")
    x = fire(x, 16, 64, 64, "fire3")
    x = fire(x, 32, 128, 128, "fire4")
    x = keras.layers.MaxPooling2D(3, strides=2, name="maxpool4")(x)
    x = fire(x, 32, 128, 128, "fire5")
    x = fire(x, 48, 192, 192, "fire6")
    x = fire(x, 48, 192, 192, "fire7")
    x = fire(x, 64, 256, 256, "fire8")
    x = keras.layers.MaxPooling2D(3, strides=2, name="maxpool8")(x)
    x = fire(x, 64, 256, 256, "fire9")
    x = keras.layers.Dropout(0.5)(x)
    # a 1x1 classifier
    x = keras.layers.Conv2D(1000, 1, activation="relu", name="conv10")(x)
    x = keras.layers.GlobalAveragePooling2D(name="avgpool10")(x)
    return keras.Model(inputs, keras.layers.Softmax()(x), name="squeezenet")


# 227x227, the input size of the authors' released Caffe model
# (deploy.prototxt): without padding, conv1 turns it into the size that Table 1
# lists.
model = squeezenet(227)

convs = [
    layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)
]
params = {}
shapes = {}
matches = {}
print(f"{'layer':<10}{'output':>13}{'parameters':>12}{'Table 1':>10}")
for name, (paper_shape, paper_params) in PAPER_TABLE_1.items():
    shapes[name] = model.get_layer(name).output.shape[1:]
    params[name] = sum(
        c.count_params() for c in convs if c.name.split("_")[0] == name
    )
    shape = "×".join(str(d) for d in shapes[name])
    matches[name] = (shapes[name], params[name]) == (paper_shape, paper_params)
    same = "same" if matches[name] else "DIFFERS"
    print(
        f"{name:<10}{shape:>13}{params[name]:>12,}{paper_params:>10,}  {same}"
    )
total_params = model.count_params()
print(f"{'total':<10}{'':>13}{total_params:>12,}{PAPER_TOTAL:>10,}")

# Table 1 lists a smaller input, which gives other sizes without padding, but
# the same parameters: a kernel's size does not depend on the map it slides
# over.
at_224 = squeezenet(PAPER_INPUT[0])
conv1_at_224 = at_224.get_layer("conv1").output.shape
print(
    f"at {PAPER_INPUT}: conv1 {conv1_at_224[1:]}, {at_224.count_params():,} "
    "parameters"
)

# The pruned column: keep the stated share of each fire2 kernel (rounded up),
# and every bias.
pruned_params = 0
for layer, kept in PAPER_FIRE2_KEPT.items():
    conv = model.get_layer(f"fire2_{layer}")
    pruned_params += (
        math.ceil(kept * math.prod(conv.kernel.shape)) + conv.bias.shape[0]
    )
print(
    f"fire2 after pruning: Table 1 {PAPER_FIRE2_PRUNED:,}, recomputed "
    f"{pruned_params:,}"
)

kinds = {"1x1": [c for c in convs if c.kernel_size == (1, 1)]}
kinds["3x3"] = [c for c in convs if c.kernel_size == (3, 3)]
kinds["7x7"] = [c for c in convs if c.kernel_size == (7, 7)]
total_madds = sum(multiply_adds(c) for c in convs)
print(
    f"{'':<5}{'layers':>7}{'parameters':>12}{'share':>8}{'multiply-adds':>15}"
    f"{'share':>8}"
)
for kind, layers in kinds.items():
    p = sum(c.count_params() for c in layers)
    m = sum(multiply_adds(c) for c in layers)
    print(
        f"{kind:<5}{len(layers):>7}{p:>12,}{p / total_params:>8.1%}"
        f"{m:>15,}{m / total_madds:>8.1%}"
    )
print(f"total multiply-adds: {total_madds:,}")
share_1x1_params = sum(c.count_params() for c in kinds["1x1"]) / total_params
share_1x1_madds = sum(multiply_adds(c) for c in kinds["1x1"]) / total_madds
