"""Draws a 1x1 convolution in perspective: one filter column, C_in deep, per
output channel, at every pixel.
"""

import keras
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, Polygon

from _figure_style import (
    BACKGROUND,
    EMPTY,
    HIGHLIGHT,
    INK,
    MUTED,
    OTHER_LIGHT,
    SERIES,
)

# The sizes come from a real layer: a 5x5 map with 6 channels, and a few 1x1
# filters.
inputs = keras.Input(shape=(5, 5, 6))
layer = keras.layers.Conv2D(filters=3, kernel_size=1)
outputs = layer(inputs)
_, height, width, c_in = inputs.shape
c_out = outputs.shape[-1]
print(
    "input",
    inputs.shape[1:],
    "kernel",
    layer.kernel.shape,
    "output",
    outputs.shape[1:],
)

ROW, COL = 1, 3  # the pixel the drawing follows (rows from the top)
# how far one channel recedes, to the right and up (oblique projection)
RECEDE = (0.45, 0.3)
# one per filter, that is per output channel
FILTER_COLORS = SERIES[:c_out]
EDGE = INK

fig, ax = plt.subplots(figsize=(4.4, 2.9))


def at(x, y, z):
    """(column, height, channel) -> page coordinates."""
    return x + z * RECEDE[0], y + z * RECEDE[1]


def quad(corners, color, alpha=1.0, lw=0.6, edge=EDGE):
    ax.add_patch(
        Polygon(
            [at(*c) for c in corners],
            facecolor=color,
            edgecolor=edge,
            lw=lw,
            alpha=alpha,
        )
    )


def cube(x, y, z, color, size=1.0):
    """A cube of the given size.

    Returns its right, top and front faces, in that order.
    """
    s = size
    quad(
        [
            (x + s, y, z),
            (x + s, y, z + s),
            (x + s, y + s, z + s),
            (x + s, y + s, z),
        ],
        color,
    )
    quad(
        [
            (x, y + s, z),
            (x + s, y + s, z),
            (x + s, y + s, z + s),
            (x, y + s, z + s),
        ],
        color,
    )
    quad([(x, y, z), (x + s, y, z), (x + s, y + s, z), (x, y + s, z)], color)


def grid_line(*points):
    """A thin line through the given (column, height, channel) points."""
    xs, ys = zip(*(at(*p) for p in points), strict=True)
    ax.plot(xs, ys, color=MUTED, lw=0.4)


def volume(x0, channels, column_colors):
    """An H x W x channels volume seen through, with one pixel's column of
    values in colour running through it, from the front face to the back.
    """
    y = height - 1 - ROW
    for z in reversed(range(channels)):  # the column, back to front
        cube(x0 + COL, y, z, column_colors[z])
    # The volume's faces, half opaque: the column shows dimmed inside it.
    h, w, d = height, width, channels
    quad(
        [(x0 + w, 0, 0), (x0 + w, 0, d), (x0 + w, h, d), (x0 + w, h, 0)],
        OTHER_LIGHT,
        alpha=0.55,
    )
    quad(
        [(x0, h, 0), (x0 + w, h, 0), (x0 + w, h, d), (x0, h, d)],
        OTHER_LIGHT,
        alpha=0.55,
    )
    quad(
        [(x0, 0, 0), (x0 + w, 0, 0), (x0 + w, h, 0), (x0, h, 0)],
        EMPTY,
        alpha=0.6,
        lw=0.9,
    )
    # where the column meets the front face, in full colour
    x = x0 + COL
    front = [(x, y, 0), (x + 1, y, 0), (x + 1, y + 1, 0), (x, y + 1, 0)]
    quad(front, column_colors[0], lw=1.2)
    for z in range(1, d):
        grid_line((x0, h, z), (x0 + w, h, z), (x0 + w, 0, z))
    for i in range(1, w):
        grid_line((x0 + i, 0, 0), (x0 + i, h, 0), (x0 + i, h, d))
    for j in range(1, h):
        grid_line((x0, j, 0), (x0 + w, j, 0), (x0 + w, j, d))


# Left: the input; the yellow column is the 1x1 block, c_in deep, of values one
# filter reads.
volume(0, c_in, [HIGHLIGHT] * c_in)

# Middle: the c_out filters, each a 1x1 column of c_in weights, stacked one
# above the other.
fx, size = width + 6.0, 0.5
for f in range(c_out):
    for z in reversed(range(c_in)):
        cube(fx, 0.6 + f * 1.5, z * size, FILTER_COLORS[f], size=size)

# Right: the output; at the same pixel, one value per filter.
ox = fx + c_in * size * RECEDE[0] + 3.6
volume(ox, c_out, FILTER_COLORS)

arrow = {"arrowstyle": "-|>", "mutation_scale": 12, "color": EDGE, "lw": 1.2}
first = (width + c_in * RECEDE[0] + 0.3, fx - 0.4)
second = (fx + 2.1, ox - 0.3)
for start, end in (first, second):
    ax.add_patch(FancyArrowPatch((start, 2.5), (end, 2.5), **arrow))
# What a filter does with the column: multiply value by weight, channel by
# channel, then add the products into one output value.
step = {"ha": "center", "va": "bottom", "fontsize": 14}
ax.text(sum(first) / 2, 2.75, "×", **step)
ax.text(sum(second) / 2, 2.75, "Σ", **step)

C_IN, C_OUT = r"C_\mathrm{in}", r"C_\mathrm{out}"
# 12.5 pt: the subscripts, drawn smaller, stay legible on a phone
label = {"ha": "center", "fontsize": 12.5}
ax.text(
    width / 2 + 1,
    -0.5,
    f"input\n$H \\times W \\times {C_IN}$",
    va="top",
    **label,
)
ax.text(
    ox + width / 2 + 0.5,
    -0.5,
    f"output\n$H \\times W \\times {C_OUT}$",
    va="top",
    **label,
)
ax.text(
    fx + 1.2,
    6.0,
    f"${C_OUT}$ filters,\neach $1 \\times 1 \\times {C_IN}$",
    va="bottom",
    **label,
)

# the weighted sum itself, under the filters: filter f's output at the pixel
ax.text(
    fx + 1.2,
    -3.8,
    r"$y_f = \Sigma_c\, w_{fc}\, x_c$",
    va="top",
    **label,
)

ax.set_aspect("equal")
ax.autoscale_view()
ax.axis("off")
description = (
    "A 1x1 convolution in 3-D. Left: an input volume, H by W by C_in, with "
    "one pixel's column of C_in values in yellow running through it. Middle: "
    "C_out filters, 1 by 1 by C_in weights each, in red, purple and brown; "
    "the arrow into them is marked ×, the arrow out Σ, and below them "
    "y_f = Σ_c w_fc x_c. Right: the output, H by W by C_out; at the same "
    "pixel, one value per filter, same colours."
)
fig.savefig(
    "column_3d.svg",
    bbox_inches="tight",
    facecolor=BACKGROUND,
    metadata={"Title": description},
)
plt.close(fig)
