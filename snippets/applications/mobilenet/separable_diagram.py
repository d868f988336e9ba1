"""Draws MobileNet's first separable block: a depthwise layer, then a pointwise
1x1.
"""

import keras
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from _figure_style import (
    BACKGROUND,
    INK,
    MUTED,
    ONE_BY_ONE,
    ONE_BY_ONE_LIGHT,
    SERIES,
)

# The shapes come from Keras's MobileNet, not from the drawing.
model = keras.applications.MobileNet(weights=None)
depthwise, pointwise = (
    model.get_layer("conv_dw_1"),
    model.get_layer("conv_pw_1"),
)
_, height, width, c_in = depthwise.input.shape
c_mid = depthwise.output.shape[-1]
c_out = pointwise.output.shape[-1]
k = depthwise.kernel_size[0]
depthwise_madds = height * width * k * k * c_in
pointwise_madds = height * width * c_in * c_out
print(f"input {height}x{width}x{c_in}")
print(
    f"depthwise {k}x{k}: {depthwise.output.shape}, {depthwise_madds:,} "
    "multiply-adds"
)
print(
    f"pointwise 1x1: {pointwise.output.shape}, {pointwise_madds:,} "
    "multiply-adds"
)

# each channel's map drawn as a 6x6 grid, 0.32 in wide
CELLS, SIDE, GAP = 6, 0.32, 0.09
# one colour per input channel; the 1x1 layer's arrows in its own orange
COLORS = SERIES
OUT_COLOR = MUTED
fig = plt.figure(figsize=(3.7, 3.55), facecolor=BACKGROUND)
ax = fig.add_axes((0, 0, 1, 1))
ax.set_xlim(0, 3.7)
ax.set_ylim(0, 3.55)
ax.axis("off")


def channels(y, colors):
    """Four channel maps, an ellipsis and the last one; returns their
    lower-left corners.
    """
    corners = []
    for i, color in enumerate(colors):
        x = 0.12 + i * (SIDE + GAP) + (0.3 if i == len(colors) - 1 else 0)
        corners.append((x, y))
        ax.add_patch(
            Rectangle(
                (x, y),
                SIDE,
                SIDE,
                facecolor=color,
                alpha=0.18,
                edgecolor=color,
            )
        )
        for j in range(1, CELLS):
            step = j * SIDE / CELLS
            ax.plot(
                [x + step, x + step],
                [y, y + SIDE],
                color=color,
                lw=0.3,
                alpha=0.5,
            )
            ax.plot(
                [x, x + SIDE],
                [y + step, y + step],
                color=color,
                lw=0.3,
                alpha=0.5,
            )
    ax.text(
        corners[-2][0] + SIDE + 0.2,
        y + SIDE / 2,
        "…",
        ha="center",
        va="center",
        fontsize=11,
    )
    return corners


def cell(corner, row, col, size, color):
    """Highlights a size x size window of a channel map, counted from the
    top-left cell.
    """
    x, y = corner
    unit = SIDE / CELLS
    ax.add_patch(
        Rectangle(
            (x + col * unit, y + SIDE - (row + size) * unit),
            size * unit,
            size * unit,
            facecolor=color,
            alpha=0.75,
            edgecolor=INK,
            lw=0.6,
        )
    )
    return x + (col + size / 2) * unit, y + SIDE - (row + size / 2) * unit


def label(y, text, **kwargs):
    ax.text(
        2.47,
        y,
        text,
        ha="left",
        va="center",
        fontsize=9,
        linespacing=1.25,
        **kwargs,
    )


rows = {"input": 3.12, "middle": 1.62, "output": 0.12}
a = channels(rows["input"], COLORS)
b = channels(rows["middle"], COLORS)
c = channels(rows["output"], [OUT_COLOR] * 5)
label(rows["input"] + SIDE / 2, f"input\n{height}×{width}×{c_in}")
label(rows["middle"] + SIDE / 2, f"{height}×{width}×{c_mid}")
label(rows["output"] + SIDE / 2, f"output\n{height}×{width}×{c_out}")

# Depthwise: each channel's own k x k filter; channel i of the output reads
# channel i only.
for top, bottom, color in zip(a, b, COLORS, strict=True):
    start = cell(top, 1, 1, k, color)
    end = cell(bottom, 2, 2, 1, color)
    ax.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops={"arrowstyle": "->", "color": color},
    )
label(
    (rows["input"] + rows["middle"] + SIDE) / 2,
    f"depthwise {k}×{k}\n{c_in} filters, one\nper "
    f"channel\n{depthwise_madds / 1e6:.1f}M mult-adds",
    color=INK,
)

# Pointwise: one output value reads the same pixel in every channel; so do all
# c_out filters.
column = [
    cell(corner, 2, 2, 1, color)
    for corner, color in zip(b, COLORS, strict=True)
]
for target, shade in ((c[0], ONE_BY_ONE), (c[2], ONE_BY_ONE_LIGHT)):
    end = cell(target, 2, 2, 1, shade)
    for start in column:
        ax.annotate(
            "",
            xy=end,
            xytext=start,
            arrowprops={"arrowstyle": "->", "color": shade, "lw": 0.7},
        )
label(
    (rows["middle"] + rows["output"] + SIDE) / 2,
    f"pointwise 1x1\n{c_out} filters, each\nreads all {c_mid}\n"
    f"{pointwise_madds / 1e6:.1f}M mult-adds",
    color=INK,
)
description = (
    f"Three rows of channel maps. Depthwise, {depthwise_madds / 1e6:.1f}M "
    f"multiply-adds: each input channel's {k}×{k} window has one arrow down "
    f"to the same channel. Pointwise, {pointwise_madds / 1e6:.1f}M "
    "multiply-adds: arrows from one pixel of every channel converge on one "
    "pixel of an output channel."
)
fig.savefig("separable_diagram.svg", metadata={"Title": description})
plt.close(fig)
