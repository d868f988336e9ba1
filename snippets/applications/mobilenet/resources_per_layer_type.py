"""Where MobileNet spends its multiply-adds and parameters, in Keras and in the
paper's Table 2.
"""

import math

import keras
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from _figure_style import (
    BACKGROUND,
    INK,
    ONE_BY_ONE,
    ONE_BY_ONE_LIGHT,
    OTHER,
    OTHER_LIGHT,
    SPATIAL,
    SPATIAL_LIGHT,
)

# --8<-- [start:paper]
# MobileNets (Howard et al., arXiv:1704.04861), Table 2 "Resource Per
# Layer Type", as published: (share of Mult-Adds in %, share of parameters in
# %).
PAPER_TABLE_2 = {
    "Conv 1x1": (94.86, 74.59),
    "Conv DW 3x3": (3.06, 1.06),
    "Conv 3x3": (1.19, 0.02),
    "Fully Connected": (0.18, 24.33),
}
# Same paper, the full-width MobileNet-224 row of Tables 6, 7 and 8 (row
# "MobileNet" of Table 4): millions of each.
PAPER_TOTALS = {"mult_adds": 569, "parameters": 4.2}
# --8<-- [end:paper]

# --8<-- [start:count]
# Keras's defaults: full width, ImageNet's input size, with the classifier
model = keras.applications.MobileNet(weights=None)


def multiply_adds(layer):
    """H_out * W_out * k_h * k_w * C_in, times C_out unless the convolution is
    depthwise.
    """
    _, h_out, w_out, c_out = layer.output.shape
    k_h, k_w = layer.kernel_size
    c_in = layer.input.shape[-1]
    if isinstance(layer, keras.layers.DepthwiseConv2D):
        return h_out * w_out * k_h * k_w * c_in
    return h_out * w_out * k_h * k_w * c_in * c_out


def paper_row(layer):
    """The row of Table 2 a convolution belongs to."""
    if isinstance(layer, keras.layers.DepthwiseConv2D):
        return "Conv DW 3x3"
    if layer.name == "conv_preds":
        # Keras's classifier is a 1x1 Conv2D on the pooled map: the paper's
        # fully connected layer.
        return "Fully Connected"
    return "Conv 1x1" if layer.kernel_size == (1, 1) else "Conv 3x3"


convolutions = [
    layer
    for layer in model.layers
    if isinstance(layer, (keras.layers.Conv2D, keras.layers.DepthwiseConv2D))
]
mult_adds = dict.fromkeys(PAPER_TABLE_2, 0)
# the paper counts weights, no bias, no BN
kernel_weights = dict.fromkeys(PAPER_TABLE_2, 0)
for layer in convolutions:
    mult_adds[paper_row(layer)] += multiply_adds(layer)
    kernel_weights[paper_row(layer)] += math.prod(layer.kernel.shape)

total_mult_adds = sum(mult_adds.values())
total_kernel_weights = sum(kernel_weights.values())
madds_share = {row: n / total_mult_adds for row, n in mult_adds.items()}
weights_share = {
    row: n / total_kernel_weights for row, n in kernel_weights.items()
}
# --8<-- [end:count]

# --8<-- [start:rest]
# What count_params() holds besides the kernels: the classifier's bias and
# batch norm.
biases = sum(layer.bias.shape[0] for layer in convolutions if layer.use_bias)
batch_norm = [
    layer
    for layer in model.layers
    if isinstance(layer, keras.layers.BatchNormalization)
]
bn_params = sum(layer.count_params() for layer in batch_norm)
bn_trainable = sum(
    math.prod(w.shape) for layer in batch_norm for w in layer.trainable_weights
)

# The same model as Keras files it: by layer class, conv_preds in the 1x1 row,
# all parameters.
keras_rows = {
    "Conv2D 1x1": [
        c
        for c in convolutions
        if paper_row(c) in ("Conv 1x1", "Fully Connected")
    ],
    "DepthwiseConv2D 3x3": [
        c for c in convolutions if paper_row(c) == "Conv DW 3x3"
    ],
    "Conv2D 3x3": [c for c in convolutions if paper_row(c) == "Conv 3x3"],
    "BatchNormalization": batch_norm,
}
keras_params = {
    row: sum(c.count_params() for c in layers)
    for row, layers in keras_rows.items()
}
keras_params_share = {
    row: n / model.count_params() for row, n in keras_params.items()
}
keras_1x1_madds_share = (
    madds_share["Conv 1x1"] + madds_share["Fully Connected"]
)
# The classifier's share of parameters if its biases were counted too.
fc_share_with_bias = (kernel_weights["Fully Connected"] + biases) / (
    total_kernel_weights + biases
)
# After training, each batch norm can be folded into the convolution before it:
# its scale multiplies that convolution's kernel, and its shift becomes a
# per-channel bias, which the folded convolution then needs.
bn_channels = sum(layer.gamma.shape[0] for layer in batch_norm)
folded_params = total_kernel_weights + biases + bn_channels
# --8<-- [end:rest]

print(f"{'':<17}{'Mult-Adds':^18}  {'Parameters':^18}".rstrip())
print(f"{'type':<17}{'paper':>9}{'Keras':>9}  {'paper':>9}{'Keras':>9}")
for row, (published_madds, published_params) in PAPER_TABLE_2.items():
    print(
        f"{row:<17}{published_madds:>8.2f}%{madds_share[row]:>8.2%}"
        f"  {published_params:>8.2f}%{weights_share[row]:>8.2%}"
    )
paper_sums = [
    sum(values[i] for values in PAPER_TABLE_2.values()) for i in (0, 1)
]
# How many of the paper's eight percentages Keras reproduces to the printed two
# decimals.
agree = sum(
    round(100 * share[row], 2) == PAPER_TABLE_2[row][column]
    for column, share in enumerate((madds_share, weights_share))
    for row in PAPER_TABLE_2
)
keras_sums = [sum(madds_share.values()), sum(weights_share.values())]
print(
    f"{'sum':<17}{paper_sums[0]:>8.2f}%{keras_sums[0]:>8.2%}"
    f"  {paper_sums[1]:>8.2f}%{keras_sums[1]:>8.2%}"
)
print(f"percentages that agree: {agree} of {2 * len(PAPER_TABLE_2)}")
print()
paper_madds, paper_params = (
    PAPER_TOTALS["mult_adds"],
    PAPER_TOTALS["parameters"],
)
print(
    f"multiply-adds:            {total_mult_adds:>11,}  (paper: "
    f"{paper_madds}M)"
)
print(
    f"kernel weights:           {total_kernel_weights:>11,}  (paper: "
    f"{paper_params}M)"
)
print(f"+ classifier biases:      {biases:>11,}")
print(
    f"+ batch-norm values:      {bn_params:>11,}  ({bn_trainable:,} trainable)"
)
print(f"= model.count_params():   {model.count_params():>11,}")
print(
    f"batch norm folded into {bn_channels:,} biases: {folded_params:,} "
    "parameters"
)
print()
print("by Keras layer class, conv_preds included in the 1x1 row:")
for row, n in keras_params.items():
    print(f"  {row:<21}{n:>11,} parameters  {keras_params_share[row]:>7.2%}")
print(f"  1x1 share of multiply-adds: {keras_1x1_madds_share:.2%}")

# --8<-- [start:chart]
# The paper's "parameters" are kernel weights (no bias, no batch norm), and so
# are ours.
rows = list(PAPER_TABLE_2)
labels = ["Conv 1×1", "Conv DW 3×3", "Conv 3×3", "Fully\nconnected"]
# each row in its layer's colour: light for the paper, full for Keras
full = [ONE_BY_ONE, SPATIAL, SPATIAL, OTHER]
light = [ONE_BY_ONE_LIGHT, SPATIAL_LIGHT, SPATIAL_LIGHT, OTHER_LIGHT]
fig, axes = plt.subplots(
    2,
    1,
    figsize=(3.7, 4.6),
    sharex=True,
    layout="constrained",
    facecolor=BACKGROUND,
)
for ax, column, keras_share, xlabel in (
    (axes[0], 0, madds_share, "share of multiply-adds (%)"),
    (axes[1], 1, weights_share, "share of kernel weights (%)"),
):
    y = range(len(rows))
    paper = [PAPER_TABLE_2[row][column] for row in rows]
    computed = [100 * keras_share[row] for row in rows]
    ax.barh(
        [i - 0.2 for i in y],
        paper,
        height=0.4,
        color=light,
        edgecolor=INK,
        lw=0.5,
    )
    ax.barh(
        [i + 0.2 for i in y],
        computed,
        height=0.4,
        color=full,
        edgecolor=INK,
        lw=0.5,
    )
    for i, (p, k) in enumerate(zip(paper, computed, strict=True)):
        ax.text(p + 1.5, i - 0.2, f"{p:.2f}", va="center", fontsize=9)
        ax.text(k + 1.5, i + 0.2, f"{k:.2f}", va="center", fontsize=9)
    ax.set_xlim(0, 125)
    ax.set_xticks(range(0, 101, 25))
    ax.set_yticks(range(len(rows)), labels, fontsize=9)
    ax.invert_yaxis()
    ax.set_title(xlabel, fontsize=10)
    ax.tick_params(axis="x", labelsize=9)
axes[1].set_xlabel("%", fontsize=9)
key = [
    Patch(fc=OTHER_LIGHT, ec=INK, lw=0.5, label="paper, Table 2"),
    Patch(fc=OTHER, ec=INK, lw=0.5, label="Keras"),
]
axes[0].legend(handles=key, loc="lower right", fontsize=9)
shown = {
    row: (f"{100 * madds_share[row]:.2f}", f"{100 * weights_share[row]:.2f}")
    for row in PAPER_TABLE_2
}
one, dw, first, fc = (shown[row] for row in PAPER_TABLE_2)
description = (
    "Two bar charts, a light bar for the paper's Table 2 and a dark one for "
    "Keras per layer type. Share of multiply-adds: 1x1 convolutions "
    f"{one[0]}, depthwise {dw[0]}, first layer "
    f"{PAPER_TABLE_2['Conv 3x3'][0]:.2f} in the paper against {first[0]} in "
    f"Keras, fully connected {fc[0]}. Share of "
    f"kernel weights: 1x1 {one[1]}, fully connected {fc[1]}, depthwise "
    f"{dw[1]}, first layer {first[1]}, each pair equal."
)
fig.savefig("resources_per_layer_type.svg", metadata={"Title": description})
plt.close(fig)
# --8<-- [end:chart]
