"""Draws what a 1x1 convolution computes at one pixel, with numbers from a
Keras layer.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, Rectangle

from _figure_style import (
    BACKGROUND,
    EMPTY,
    HIGHLIGHT,
    INK,
    MUTED,
    NUMBER_WORDS,
    SERIES,
    SERIES_LIGHT,
    listed,
)

# Small whole numbers, so that every value in the figure is exact.
rng = np.random.default_rng(0)
image = rng.integers(0, 4, size=(1, 6, 6, 3)).astype("float32")
# the pixel the figure follows (counted from zero), on the right edge, so that
# the lines leave the input from it
row, col = 2, 5
image[0, row, col] = [2, 1, 3]
# (C_in, C_out)
weights = np.array([[1, -1], [2, 1], [-1, 1]], dtype="float32")
bias = np.array([0, 1], dtype="float32")

conv = keras.layers.Conv2D(filters=2, kernel_size=1, activation="relu")
conv.build(image.shape)
conv.set_weights([weights[np.newaxis, np.newaxis], bias])
output = keras.ops.convert_to_numpy(conv(image))

# No neighbouring pixel is read: give every other pixel new values, and the
# output at (row, col) stays the same.
others = rng.integers(0, 4, size=image.shape).astype("float32")
others[0, row, col] = image[0, row, col]
reads_only_its_pixel = bool(
    np.array_equal(conv(others)[0, row, col], output[0, row, col])
)

pixel_in = image[0, row, col].astype(int)
pixel_out = output[0, row, col].astype(int)
# the sums, before ReLU
pre_activation = pixel_in @ weights.astype(int) + bias.astype(int)
c_in, c_out = weights.shape
height, width = image.shape[1:3]
print("input", image.shape[1:], "-> output", output.shape[1:])
print("pixel", (row, col), "in:", pixel_in.tolist())
print(
    "weighted sums + bias:",
    pre_activation.tolist(),
    " after ReLU:",
    pixel_out.tolist(),
)

fig, ax = plt.subplots(figsize=(5.6, 3.8))
gap = 2.4
# one colour per output channel; light versions keep the values readable
colors, tints = SERIES[:c_out], SERIES_LIGHT[:c_out]


def draw_plane(x0, y0, value, label, highlight):
    """A height x width grid of pixels with one cell highlighted and its value
    written in.
    """
    for r in range(height):
        for c in range(width):
            hit = (r, c) == (row, col)
            ax.add_patch(
                Rectangle(
                    (x0 + c, y0 + height - 1 - r),
                    1,
                    1,
                    facecolor=highlight if hit else EMPTY,
                    edgecolor=MUTED,
                    linewidth=0.6,
                )
            )
    ax.text(
        x0 + col + 0.5,
        y0 + height - 0.5 - row,
        str(value),
        ha="center",
        va="center",
    )
    ax.text(
        x0 + width / 2, y0 - 0.4, label, ha="center", va="top", fontsize=10
    )
    # centre of the highlighted cell
    return x0 + col + 0.5, y0 + height - 0.5 - row


def column_bottoms(planes, centre):
    total = planes * height + (planes - 1) * gap
    bottom = centre - total / 2
    return [bottom + (planes - 1 - i) * (height + gap) for i in range(planes)]


centre = (c_in * height + (c_in - 1) * gap) / 2
inputs = [
    draw_plane(0, y0, pixel_in[i], f"channel {i + 1}", HIGHLIGHT)
    for i, y0 in enumerate(column_bottoms(c_in, centre))
]
out_x = 22
outputs = [
    draw_plane(out_x, y0, pixel_out[f], f"channel {f + 1}", tints[f])
    for f, y0 in enumerate(column_bottoms(c_out, centre))
]

# One "neuron" per output channel: the weighted sum over the pixel's input
# channels.
neuron_x = 15
for f, (ox, oy) in enumerate(outputs):
    ax.add_patch(
        Circle((neuron_x, oy), 0.9, fc=BACKGROUND, ec=colors[f], lw=1.5)
    )
    ax.text(neuron_x, oy, "Σ", ha="center", va="center", fontsize=11)
    ax.text(
        neuron_x,
        oy - 1.2,
        f"+ bias {bias[f]:.0f}\nthen ReLU",
        ha="center",
        va="top",
        fontsize=10,
    )
    ax.annotate(
        "",
        xy=(ox - 0.5, oy),
        xytext=(neuron_x + 0.9, oy),
        arrowprops={"arrowstyle": "->", "color": INK},
    )
    for i, (ix, iy) in enumerate(inputs):
        x0, x1 = ix + 0.5, neuron_x - 0.9
        ax.plot([x0, x1], [iy, oy], color=colors[f], lw=1)
        # Each weight sits near its pixel, beside its own line, on the side
        # away from the pixel's other line: no line runs under it.
        run, rise = x1 - x0, oy - iy
        along = np.array([run, rise]) / np.hypot(run, rise)
        side = 1 if f == 0 else -1  # the first output channel's line is higher
        normal = np.array([-along[1], along[0]]) * side
        # far enough along that it clears the grid: its centre 1.3 past it
        reach = max(2.2, (width + 1.3 - x0 - 0.9 * normal[0]) / along[0])
        lx, ly = np.array([x0, iy]) + reach * along + 0.9 * normal
        ax.text(
            lx,
            ly,
            f"{weights[i, f]:+.0f}".replace("-", "−"),
            ha="center",
            va="center",
            fontsize=10,
            color=colors[f],
        )

top = c_in * height + (c_in - 1) * gap + 0.6
heading = {"ha": "center", "va": "bottom", "fontsize": 11}
ax.text(width / 2, top, f"input\n{height}×{width}×{c_in}", **heading)
ax.text(neuron_x, top, f"weights\n{c_in}×{c_out}", **heading)
ax.text(out_x + width / 2, top, f"output\n{height}×{width}×{c_out}", **heading)
ax.set_xlim(-0.5, out_x + width + 0.5)
ax.set_ylim(-2, top + 3.5)
ax.set_aspect("equal")
ax.axis("off")
fig.tight_layout()
description = (
    "Diagram of a 1x1 convolution at one pixel. The highlighted pixel of the "
    f"{height}×{width}×{c_in} input holds {listed(pixel_in)} in its "
    f"{NUMBER_WORDS[c_in]} channels. Lines, each labelled with its weight "
    f"from the {c_in}×{c_out} weight matrix, carry these values into "
    f"{NUMBER_WORDS[c_out]} summing nodes, one per output channel; each node "
    f"adds its bias and applies ReLU. The results, {listed(pixel_out)}, land "
    f"at the same pixel of the {height}×{width}×{c_out} output."
)
fig.savefig(
    "pixel_diagram.svg",
    bbox_inches="tight",
    facecolor=BACKGROUND,
    metadata={"Title": description},
)
plt.close(fig)
