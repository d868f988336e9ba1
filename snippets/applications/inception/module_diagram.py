"""GoogLeNet's naive Inception module above the one with 1x1 reductions, drawn
from Keras models.
"""

import keras
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from _figure_style import (
    BACKGROUND,
    INK,
    ONE_BY_ONE_LIGHT,
    OTHER_LIGHT,
    SPATIAL_LIGHT,
    smallest_font,
)

# Szegedy et al., arXiv:1409.4842, Table 1, row "inception (3a)".
W = {
    "#1x1": 64,
    "#3x3 reduce": 96,
    "#3x3": 128,
    "#5x5 reduce": 16,
    "#5x5": 32,
    "pool proj": 32,
}


def conv(filters, size):
    return keras.layers.Conv2D(
        filters, size, padding="same", activation="relu"
    )


def pool():
    return keras.layers.MaxPooling2D(3, strides=1, padding="same")


def build(branches, name):
    """Run each branch's layers in turn on the module's one input; concatenate
    the branches.
    """
    inputs = keras.Input(shape=(28, 28, 192))
    ends = []
    for layers in branches:
        x = inputs
        for layer in layers:
            x = layer(x)
        ends.append(x)
    return keras.Model(inputs, keras.layers.Concatenate()(ends), name=name)


# Figure 2(a) of the paper: every branch reads all the input's channels.
naive_branches = [
    [conv(W["#1x1"], 1)],
    [conv(W["#3x3"], 3)],
    [conv(W["#5x5"], 5)],
    [pool()],
]
# Figure 2(b): 1x1 reductions before the 3x3 and 5x5, and a 1x1 projection
# after the pooling.
reduced_branches = [
    [conv(W["#1x1"], 1)],
    [conv(W["#3x3 reduce"], 1), conv(W["#3x3"], 3)],
    [conv(W["#5x5 reduce"], 1), conv(W["#5x5"], 5)],
    [pool(), conv(W["pool proj"], 1)],
]
modules = {
    "naive": (build(naive_branches, "naive"), naive_branches),
    "with 1x1 reductions": (
        build(reduced_branches, "reduced"),
        reduced_branches,
    ),
}


def multiply_adds(layer):
    """H_out * W_out * k_h * k_w * C_in * C_out for a convolution; pooling is
    not counted.
    """
    if not isinstance(layer, keras.layers.Conv2D):
        return 0
    _, h, w, c_out = layer.output.shape
    return (
        h
        * w
        * layer.kernel_size[0]
        * layer.kernel_size[1]
        * layer.input.shape[-1]
        * c_out
    )


def describe(layer):
    """A box's text and colour: kind and size, channels in -> out,
    multiply-adds.
    """
    c_in, c_out = layer.input.shape[-1], layer.output.shape[-1]
    if isinstance(layer, keras.layers.MaxPooling2D):
        k_h, k_w = layer.pool_size
        return f"{k_h}×{k_w} max\npool\n{c_in} → {c_out}", OTHER_LIGHT
    k_h, k_w = layer.kernel_size
    color = ONE_BY_ONE_LIGHT if (k_h, k_w) == (1, 1) else SPATIAL_LIGHT
    return (
        f"{k_h}×{k_w} conv\n{c_in} → "
        f"{c_out}\n{multiply_adds(layer) / 1e6:.1f}M",
        color,
    )


def shape(tensor_shape):
    return "×".join(str(d) for d in tensor_shape[1:])


# Cost of each branch (named after its widest window), and the costliest one.
branch_names = ["1x1", "3x3", "5x5", "pool"]
branch_costs = {
    name: {
        branch: sum(multiply_adds(layer) for layer in layers)
        for branch, layers in zip(branch_names, branches, strict=True)
    }
    for name, (model, branches) in modules.items()
}
costliest = {
    name: max(costs, key=costs.get) for name, costs in branch_costs.items()
}
totals = {name: sum(costs.values()) for name, costs in branch_costs.items()}
convs = {
    name: [
        layer
        for layer in model.layers
        if isinstance(layer, keras.layers.Conv2D)
    ]
    for name, (model, branches) in modules.items()
}
for name, (model, branches) in modules.items():
    print(
        f"{name}: {shape(model.input_shape)} in, {shape(model.output_shape)} "
        "out"
    )
    for branch, layers in zip(branch_names, branches, strict=True):
        steps = ", ".join(
            describe(layer)[0].replace("\n", " ") for layer in layers
        )
        print(f"  {branch:<5}{steps}")
    print(
        f"  {len(convs[name])} convolutions, {totals[name] / 1e6:.1f}M "
        "multiply-adds"
    )
    print(f"  costliest branch: {costliest[name]}")

# What the reductions save in each branch, in multiply-adds and as a factor
# (the pooling branch pays for its new projection instead).
naive_costs = branch_costs["naive"]
reduced_costs = branch_costs["with 1x1 reductions"]
saved = {b: naive_costs[b] - reduced_costs[b] for b in branch_names}
factor = {b: naive_costs[b] / reduced_costs[b] for b in branch_names}
print("saved:", {b: f"{cost / 1e6:.1f}M" for b, cost in saved.items()})
print("factor:", {b: f"{f:.2f}x" for b, f in factor.items()})


font = smallest_font(4.5)


def draw(ax, top, model, branches, title):
    """One module as a block diagram; `top` is its upper edge, in inches."""
    rows = max(len(layers) for layers in branches)
    total = sum(
        multiply_adds(layer) for layers in branches for layer in layers
    )
    ax.text(
        0.05,
        top,
        f"{title}: {total / 1e6:.1f}M multiply-adds",
        fontsize=font + 0.5,
        weight="bold",
    )
    ax.text(
        2.25,
        top - 0.45,
        f"input {shape(model.input_shape)}",
        ha="center",
        fontsize=font,
    )
    # the input, to each branch
    ax.plot([0.6, 3.9], [top - 0.55, top - 0.55], color=INK, lw=1)
    concat_y = top - 0.95 - rows * 0.85
    for column, layers in enumerate(branches):
        x = 0.6 + 1.1 * column
        y = top - 0.55  # the bottom of the previous box
        for row, layer in enumerate(layers, start=rows - len(layers)):
            box_top = top - 0.95 - row * 0.85
            ax.plot([x, x], [y, box_top], color=INK, lw=1)
            text, color = describe(layer)
            ax.add_patch(
                Rectangle(
                    (x - 0.52, box_top - 0.65),
                    1.04,
                    0.65,
                    fc=color,
                    ec=INK,
                    lw=0.6,
                )
            )
            ax.text(
                x,
                box_top - 0.325,
                text,
                ha="center",
                va="center",
                fontsize=font,
            )
            y = box_top - 0.65
        arrow = {"arrowstyle": "->", "color": INK}
        ax.annotate("", (x, concat_y + 0.05), (x, y), arrowprops=arrow)
    # every branch ends in the one concatenation, along the channels
    ax.add_patch(
        Rectangle((0.08, concat_y - 0.3), 4.34, 0.35, fc=OTHER_LIGHT, ec=INK)
    )
    label = f"concatenate → {shape(model.output_shape)}"
    ax.text(
        2.25, concat_y - 0.125, label, ha="center", va="center", fontsize=font
    )


fig, ax = plt.subplots(figsize=(4.5, 5.7), facecolor=BACKGROUND)
fig.subplots_adjust(0, 0, 1, 1)
ax.set_xlim(0, 4.5)
ax.set_ylim(0.85, 6.55)
ax.axis("off")
draw(ax, 6.35, *modules["naive"], "naive")
draw(ax, 3.9, *modules["with 1x1 reductions"], "with 1x1 reductions")
naive_model, reduced_model = (modules[name][0] for name in modules)
description = (
    "Block diagrams of GoogLeNet's first Inception module on a "
    f"{shape(naive_model.input_shape)} input. Naive: a 1x1 convolution to "
    f"{W['#1x1']} channels, a 3×3 convolution to {W['#3x3']}, a 5×5 "
    f"convolution to {W['#5x5']} and a 3×3 max pooling side by side, "
    f"concatenated into {shape(naive_model.output_shape)}; "
    f"{totals['naive'] / 1e6:.1f}M multiply-adds. With reductions: 1x1 "
    f"convolutions to {W['#3x3 reduce']} and {W['#5x5 reduce']} channels "
    f"before the 3×3 and 5×5, and to {W['pool proj']} after the pooling, "
    f"concatenated into {shape(reduced_model.output_shape)}; "
    f"{totals['with 1x1 reductions'] / 1e6:.1f}M multiply-adds."
)
fig.savefig("inception_modules.svg", metadata={"Title": description})
