"""Draws the shapes that flow through the SAGAN attention block on its feature
map.
"""

import keras
import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

from _figure_style import (
    BACKGROUND,
    INK,
    ONE_BY_ONE_LIGHT,
    OTHER_LIGHT,
    SHORTCUT,
)

HEIGHT, WIDTH, CHANNELS = 16, 16, 64
REDUCED, N = CHANNELS // 8, HEIGHT * WIDTH

# The shapes come from Keras, not from the drawing: the same block as
# sagan_block.py.
x = keras.Input(shape=(HEIGHT, WIDTH, CHANNELS))
f, g, h = (keras.layers.Conv2D(REDUCED, 1)(x) for _ in range(3))
rows = [keras.ops.reshape(t, (-1, N, REDUCED)) for t in (f, g, h)]
beta = keras.ops.softmax(
    keras.ops.matmul(rows[1], keras.ops.transpose(rows[0], (0, 2, 1)))
)
mixed = keras.ops.matmul(beta, rows[2])
o = keras.layers.Conv2D(CHANNELS, 1)(
    keras.ops.reshape(mixed, (-1, HEIGHT, WIDTH, REDUCED))
)


def dims(tensor):
    """A tensor's shape without its batch axis, joined by ×."""
    return "×".join(str(d) for d in tensor.shape[1:])


fig = plt.figure(figsize=(3.7, 5.4), facecolor=BACKGROUND)
ax = fig.add_axes((0, 0, 1, 1))  # one unit = one inch
ax.set_xlim(0, 3.7)
ax.set_ylim(0, 5.4)
ax.axis("off")


def box(cx, cy, text, width, height=0.62, color=OTHER_LIGHT):
    """A rounded box centred on (cx, cy)."""
    ax.add_patch(
        FancyBboxPatch(
            (cx - width / 2, cy - height / 2),
            width,
            height,
            boxstyle="round,pad=0.03",
            facecolor=color,
            edgecolor=INK,
        )
    )
    ax.text(
        cx, cy, text, ha="center", va="center", fontsize=9, linespacing=1.2
    )


def arrow(start, end, color=INK):
    ax.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops={"arrowstyle": "->", "color": color},
    )


conv_color = ONE_BY_ONE_LIGHT  # every convolution here is a 1x1
box(1.6, 5.0, f"x   {dims(x)}", width=1.5, height=0.4)
for name, tensor, cx in (
    ("g (query)", g, 0.6),
    ("f (key)", f, 1.6),
    ("h (value)", h, 2.6),
):
    text = f"{name}\n1x1, {CHANNELS}→{tensor.shape[-1]}\n{dims(tensor)}"
    box(cx, 4.0, text, width=0.88, height=0.78, color=conv_color)
    arrow((1.6, 4.8), (cx, 4.39))
box(1.1, 2.95, f"β = softmax(g fᵀ)\n{dims(beta)}", width=1.7)
arrow((0.6, 3.61), (0.9, 3.26))
arrow((1.6, 3.61), (1.3, 3.26))
box(2.1, 1.95, f"β h\n{dims(mixed)}", width=1.2)
arrow((1.1, 2.64), (1.8, 2.26))
arrow((2.6, 3.61), (2.4, 2.26))
box(
    0.9,
    0.8,
    f"v\n1x1, {REDUCED}→{o.shape[-1]}\n{dims(o)}",
    width=1.1,
    height=0.78,
    color=conv_color,
)
arrow((1.8, 1.64), (1.2, 1.19))
box(2.5, 0.8, "y = $\\gamma$·o + x\n" + dims(o), width=1.3)
arrow((1.45, 0.8), (1.85, 0.8))
# The residual: x goes around the block and is added back as it is.
ax.plot([2.35, 3.4, 3.4], [5.0, 5.0, 0.8], color=SHORTCUT, lw=1.5)
arrow((3.4, 0.8), (3.15, 0.8), color=SHORTCUT)
ax.text(
    3.55,
    2.9,
    r"x is added back ($\gamma$ starts at 0)",
    rotation=270,
    ha="center",
    va="center",
    fontsize=9,
    color=SHORTCUT,
)
description = (
    f"Flow diagram: the input x feeds three 1x1 convolutions from {CHANNELS} "
    f"to {REDUCED} channels, g, f and h; g and f make the {dims(beta)} "
    "attention map beta; beta times h goes through a fourth 1x1 convolution, "
    f"v, back to {o.shape[-1]} channels, and x is added back."
)
fig.savefig("attention_block.svg", metadata={"Title": description})
plt.close(fig)
print("attention map:", dims(beta), "from", N, "pixels")
