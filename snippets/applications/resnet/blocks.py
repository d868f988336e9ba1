"""ResNet's basic block and bottleneck block on a first-stage map: shapes,
weights and multiply-adds.
"""

import keras
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, Rectangle

from _figure_style import (
    BACKGROUND,
    INK,
    ONE_BY_ONE,
    ONE_BY_ONE_LIGHT,
    SHORTCUT,
    SPATIAL,
    SPATIAL_LIGHT,
    smallest_font,
)


def multiply_adds(conv):
    """H_out * W_out * k_h * k_w * C_in * C_out: every weight is used once per
    output pixel.
    """
    _, h, w, c_out = conv.output.shape
    k_h, k_w = conv.kernel_size
    return h * w * k_h * k_w * conv.input.shape[-1] * c_out


def conv_bn(x, filters, size, name, relu=True):
    # Batch normalization follows every convolution (He et al., Section 3.4),
    # which makes a convolution bias redundant.
    x = keras.layers.Conv2D(
        filters, size, padding="same", use_bias=False, name=name
    )(x)
    x = keras.layers.BatchNormalization(name=f"{name}_bn")(x)
    return keras.layers.ReLU()(x) if relu else x


def residual(inputs, x):
    return keras.layers.ReLU()(keras.layers.Add()([inputs, x]))


# --8<-- [start:blocks]
# Figure 5, left: two spatial convolutions on a 64-d input (ResNet-34).
inputs = keras.Input(shape=(56, 56, 64))
x = conv_bn(inputs, 64, 3, "basic_3x3_a")
x = conv_bn(x, 64, 3, "basic_3x3_b", relu=False)
basic = keras.Model(inputs, residual(inputs, x), name="basic")

# Figure 5, right: a 1x1 down, a spatial convolution, a 1x1 back up to 256
# (ResNet-50 and the deeper nets).
inputs = keras.Input(shape=(56, 56, 256))
x = conv_bn(inputs, 64, 1, "reduce_1x1")
x = conv_bn(x, 64, 3, "middle_3x3")
x = conv_bn(x, 256, 1, "restore_1x1", relu=False)
bottleneck = keras.Model(inputs, residual(inputs, x), name="bottleneck")
# --8<-- [end:blocks]

convs = {
    block: [
        layer
        for layer in block.layers
        if isinstance(layer, keras.layers.Conv2D)
    ]
    for block in (basic, bottleneck)
}
print(
    f"{'block':<11}{'layer':<14}{'output':>12}{'weights':>10}"
    f"{'multiply-adds':>16}"
)
for block, layers in convs.items():
    for conv in layers:
        shape = "×".join(str(d) for d in conv.output.shape[1:])
        print(
            f"{block.name:<11}{conv.name:<14}{shape:>12}"
            f"{conv.count_params():>10,}{multiply_adds(conv):>16,}"
        )

basic_weights = sum(conv.count_params() for conv in convs[basic])
bottleneck_weights = sum(conv.count_params() for conv in convs[bottleneck])
basic_madds = sum(multiply_adds(conv) for conv in convs[basic])
bottleneck_madds = sum(multiply_adds(conv) for conv in convs[bottleneck])
print()
print(
    f"{'':<11}{'input':>12}{'output':>12}"
    f"{'conv weights':>14}{'all params':>12}{'madds':>14}"
)
for block, weights, madds in (
    (basic, basic_weights, basic_madds),
    (bottleneck, bottleneck_weights, bottleneck_madds),
):
    shape_in = "×".join(str(d) for d in block.input_shape[1:])
    shape_out = "×".join(str(d) for d in block.output_shape[1:])
    print(
        f"{block.name:<11}{shape_in:>12}{shape_out:>12}{weights:>14,}"
        f"{block.count_params():>12,}{madds:>14,}"
    )
madds_ratio = bottleneck_madds / basic_madds
print(f"bottleneck / basic multiply-adds: {madds_ratio:.3f}")
# The identity shortcut is the Add layer: it holds no weights.
adds = [
    layer for layer in bottleneck.layers if isinstance(layer, keras.layers.Add)
]
shortcut_params = sum(layer.count_params() for layer in adds)
print(f"parameters of the shortcut: {shortcut_params}")

# Two alternatives: a basic block as wide as the bottleneck's ends, and
# (Section 4.1 of the paper) a bottleneck whose identity shortcut is replaced
# by a 1x1 projection.
wide_3x3 = keras.layers.Conv2D(256, 3, padding="same", use_bias=False)
wide_3x3.build((None, 56, 56, 256))
wide_basic_weights = 2 * wide_3x3.count_params()
projection = keras.layers.Conv2D(256, 1, use_bias=False)
projection.build((None, 56, 56, 256))
projection_weights = projection.count_params()
height, width = bottleneck.output_shape[1:3]
# a 1x1 layer: weights x positions
projection_madds = height * width * projection_weights
print(f"basic block at 256-d: {wide_basic_weights:,} weights")
print(
    "bottleneck with a projection shortcut: "
    f"{(bottleneck_weights + projection_weights) / bottleneck_weights:.2f}× "
    "the weights, "
    f"{(bottleneck_madds + projection_madds) / bottleneck_madds:.2f}× the "
    "multiply-adds"
)

# One bar per block, one segment per convolution.
font = smallest_font(4.5)  # both figures are 4.5 inches wide
fig, ax = plt.subplots(figsize=(4.5, 2.4), facecolor=BACKGROUND)
colors = {1: ONE_BY_ONE, 3: SPATIAL}
tints = {1: ONE_BY_ONE_LIGHT, 3: SPATIAL_LIGHT}
for row, layers in enumerate(convs.values()):
    left = 0.0
    for conv in layers:
        width = multiply_adds(conv) / 1e6
        ax.barh(
            row,
            width,
            left=left,
            color=colors[conv.kernel_size[0]],
            edgecolor=BACKGROUND,
        )
        label = f"{conv.kernel_size[0]}×{conv.kernel_size[1]}\n{width:.0f}M"
        ax.text(
            left + width / 2,
            row,
            label,
            ha="center",
            va="center",
            fontsize=font,
        )
        left += width
    ax.text(left, row, f" {left:.0f}M", va="center", fontsize=font)
ax.set_xlim(0, ax.get_xlim()[1] * 1.15)
ax.set_yticks([0, 1], ["basic\n(64-d)", "bottleneck\n(256-d)"], fontsize=font)
ax.tick_params(labelsize=font)
ax.set_xlabel("multiply-adds at 56×56 (millions)", fontsize=font)
ax.invert_yaxis()
fig.tight_layout()
a, b = (f"{multiply_adds(conv) / 1e6:.0f}" for conv in convs[basic])
r, m, e = (f"{multiply_adds(conv) / 1e6:.0f}" for conv in convs[bottleneck])
description = (
    "Bars of multiply-adds per block, in millions: basic "
    f"{basic_madds / 1e6:.0f}, two 3×3 segments of {a}; bottleneck "
    f"{bottleneck_madds / 1e6:.0f}, a 1x1 segment of {r}, a 3×3 segment of "
    f"{m} and another 1x1 segment of {e}."
)
fig.savefig("block_multiply_adds.svg", metadata={"Title": description})
plt.close(fig)


# The two blocks as diagrams, drawn from the models above (units are inches).
def relu_follows(block, conv):
    """Whether a ReLU comes right after the convolution's batch norm."""
    names = [layer.name for layer in block.layers]
    after = block.layers[names.index(f"{conv.name}_bn") + 1]
    return isinstance(after, keras.layers.ReLU)


def draw_block(ax, x, block, title):
    line = {"color": INK, "lw": 1}
    ax.text(x, 4.7, title, ha="center", fontsize=font + 1, weight="bold")
    ax.text(
        x,
        4.4,
        "×".join(map(str, block.input_shape[1:])),
        ha="center",
        fontsize=font,
    )
    y = 4.35  # the top of the first arrow
    # one box per convolution: kernel, input -> output channels; a ReLU
    # after it (its batch norm in between) on the arrow that leaves it
    for i, conv in enumerate(convs[block]):
        k_h, k_w = conv.kernel_size
        ax.annotate(
            "", (x, y - 0.25), (x, y), arrowprops={"arrowstyle": "->", **line}
        )
        if i > 0 and relu_follows(block, convs[block][i - 1]):
            ax.text(
                x - 0.08,
                y - 0.12,
                "ReLU",
                ha="right",
                va="center",
                fontsize=font,
            )
        ax.add_patch(
            Rectangle((x - 0.7, y - 0.75), 1.4, 0.5, fc=tints[k_h], ec=INK)
        )
        label = f"{k_h}×{k_w} conv\n{conv.input.shape[-1]} → {conv.filters}"
        ax.text(x, y - 0.5, label, ha="center", va="center", fontsize=font)
        y -= 0.75
    ax.annotate(
        "", (x, y - 0.25), (x, y), arrowprops={"arrowstyle": "->", **line}
    )
    ax.add_patch(Circle((x, y - 0.4), 0.15, fc=BACKGROUND, ec=INK))
    ax.text(x, y - 0.4, "+", ha="center", va="center", fontsize=font + 1.5)
    # The shortcut: from the input, around the convolutions, into the sum.
    shortcut = {"color": SHORTCUT, "lw": 1.5}
    ax.plot([x, x + 0.95, x + 0.95], [4.3, 4.3, y - 0.4], **shortcut)
    ax.annotate(
        "",
        (x + 0.15, y - 0.4),
        (x + 0.95, y - 0.4),
        arrowprops={"arrowstyle": "->", **shortcut},
    )
    side_label = {
        "rotation": 90,
        "va": "center",
        "fontsize": font,
        "color": SHORTCUT,
    }
    ax.text(x + 1.02, (4.3 + y) / 2, "identity", **side_label)
    ax.annotate(
        "",
        (x, y - 0.8),
        (x, y - 0.55),
        arrowprops={"arrowstyle": "->", **line},
    )
    out = "×".join(map(str, block.output_shape[1:]))
    ax.text(x, y - 0.95, f"ReLU, {out}", ha="center", va="top", fontsize=font)


fig, ax = plt.subplots(figsize=(4.5, 4.2), facecolor=BACKGROUND)
fig.subplots_adjust(0, 0, 1, 1)
ax.set_xlim(0, 4.5)
ax.set_ylim(0.7, 4.9)
ax.axis("off")
draw_block(ax, 0.95, basic, "basic")
draw_block(ax, 3.2, bottleneck, "bottleneck")


def dims(shape):
    """A shape without its batch axis, as the figure writes it: H×W×C."""
    return "×".join(map(str, shape[1:]))


first, second = convs[basic]
reduce, middle, restore = convs[bottleneck]
description = (
    f"The two blocks. Basic: a {dims(basic.input_shape)} input, two 3×3 "
    f"convolutions from {first.input.shape[-1]} to {second.filters} channels "
    "with a ReLU between them, and an identity shortcut around them into a "
    f"sum and a ReLU. Bottleneck: a {dims(bottleneck.input_shape)} input, "
    f"1x1 convolution from {reduce.input.shape[-1]} to {reduce.filters}, "
    f"ReLU, 3×3 from {middle.input.shape[-1]} to {middle.filters}, ReLU, "
    f"1x1 from {restore.input.shape[-1]} to {restore.filters}, and the same "
    "shortcut."
)
fig.savefig("block_diagram.svg", metadata={"Title": description})
