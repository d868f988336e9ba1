"""Draws SqueezeNet's fire2 module with the channel counts Keras gives each
layer.
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
)

# fire2 of the paper's Table 1, built as in fire_module.py: a squeeze layer,
# then two expand layers side by side.
inputs = keras.Input(shape=(55, 55, 96))
squeezed = keras.layers.Conv2D(16, 1, activation="relu", name="s1x1")(inputs)
expand_1x1 = keras.layers.Conv2D(64, 1, activation="relu", name="e1x1")(
    squeezed
)
expand_3x3 = keras.layers.Conv2D(
    64, 3, padding="same", activation="relu", name="e3x3"
)(squeezed)
outputs = keras.layers.Concatenate()([expand_1x1, expand_3x3])
channels = {
    name: tensor.shape[-1]
    for name, tensor in (
        ("input", inputs),
        ("s1x1", squeezed),
        ("e1x1", expand_1x1),
        ("e3x3", expand_3x3),
        ("output", outputs),
    )
}
print(" -> ".join(f"{name} {c}" for name, c in channels.items()))


def dims(tensor):
    """A tensor's shape without its batch axis, joined by ×."""
    return "×".join(str(d) for d in tensor.shape[1:])


# inches of bar per channel: the output fills the width
PER_CHANNEL = 3.35 / channels["output"]
fig = plt.figure(figsize=(3.7, 4.3), facecolor=BACKGROUND)
ax = fig.add_axes((0, 0, 1, 1))
ax.set_xlim(0, 3.7)
ax.set_ylim(0, 4.3)
ax.axis("off")


def bar(left, bottom, n, color, text="", **kwargs):
    """A bar as wide as n channels, in the colour of the layer that made it;
    returns its centre x.
    """
    ax.add_patch(
        Rectangle(
            (left, bottom),
            n * PER_CHANNEL,
            0.28,
            facecolor=color,
            ec=INK,
        )
    )
    if text:
        ax.text(
            left + n * PER_CHANNEL / 2,
            bottom + 0.14,
            text,
            ha="center",
            va="center",
            fontsize=9,
            **kwargs,
        )
    return left + n * PER_CHANNEL / 2


def arrow(start, end):
    ax.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops={"arrowstyle": "->", "color": INK},
    )


def note(x, y, text, ha="left"):
    ax.text(
        x,
        y,
        text,
        ha=ha,
        va="center",
        fontsize=9,
        color=INK,
        linespacing=1.2,
    )


middle = 0.175 + channels["output"] * PER_CHANNEL / 2
top = bar(
    middle - channels["input"] * PER_CHANNEL / 2,
    3.85,
    channels["input"],
    OTHER_LIGHT,
    f"input {dims(inputs)}",
)
squeeze = bar(
    middle - channels["s1x1"] * PER_CHANNEL / 2,
    2.77,
    channels["s1x1"],
    ONE_BY_ONE_LIGHT,
)
note(squeeze + 0.3, 2.91, dims(squeezed))
arrow((middle, 3.85), (middle, 3.05))
note(middle + 0.1, 3.45, f"squeeze 1x1, {channels['s1x1']} filters")
# The two expand layers run side by side on the squeezed map, as two separate
# tensors.
left = bar(0.05, 1.47, channels["e1x1"], ONE_BY_ONE_LIGHT, dims(expand_1x1))
right = bar(
    3.65 - channels["e3x3"] * PER_CHANNEL,
    1.47,
    channels["e3x3"],
    SPATIAL_LIGHT,
    dims(expand_3x3),
)
arrow((middle, 2.77), (left, 1.75))
arrow((middle, 2.77), (right, 1.75))
note(0.12, 2.3, f"expand 1x1\n{channels['e1x1']} filters")
note(3.6, 2.3, f"expand 3×3\n{channels['e3x3']} filters", ha="right")
bar(0.175, 0.52, channels["e1x1"], ONE_BY_ONE_LIGHT)
bar(
    0.175 + channels["e1x1"] * PER_CHANNEL,
    0.52,
    channels["e3x3"],
    SPATIAL_LIGHT,
)
# below the bar, not across the boundary of its two colours
ax.text(
    middle,
    0.36,
    f"output {dims(outputs)}",
    ha="center",
    va="center",
    fontsize=9,
)
arrow((left, 1.47), (left - 0.1, 0.8))
arrow((right, 1.47), (right + 0.1, 0.8))
note(middle, 1.14, "concatenate", ha="center")
note(middle, 0.1, "bar widths are proportional to channels", ha="center")
description = (
    f"Bars as wide as their channel counts: the {dims(inputs)} input narrows "
    f"through the squeeze layer of {channels['s1x1']} 1x1 filters to "
    f"{dims(squeezed)}; the expand layer's {channels['e1x1']} 1x1 filters and "
    f"{channels['e3x3']} 3×3 filters each make {dims(expand_1x1)} from it, "
    f"and the two are concatenated into the {dims(outputs)} output."
)
fig.savefig("fire_diagram.svg", metadata={"Title": description})
plt.close(fig)
