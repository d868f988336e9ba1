"""A 5x5 convolution on 28x28x192, directly and behind a 1x1 reduction to 16
channels.
"""

# --8<-- [start:count]
import keras
import matplotlib.pyplot as plt

from _figure_style import BACKGROUND, ONE_BY_ONE, SPATIAL

direct = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 192)),
        keras.layers.Conv2D(
            32, kernel_size=5, padding="same", activation="relu"
        ),
    ]
)
bottleneck = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 192)),
        # the 1x1 reduction
        keras.layers.Conv2D(16, kernel_size=1, activation="relu"),
        keras.layers.Conv2D(
            32, kernel_size=5, padding="same", activation="relu"
        ),
    ]
)


def multiply_adds(layer):
    """H_out * W_out * k_h * k_w * C_in * C_out.

    Bias and ReLU are not counted.
    """
    k_h, k_w, c_in, c_out = layer.kernel.shape
    _, h_out, w_out, _ = layer.output.shape
    return h_out * w_out * k_h * k_w * c_in * c_out


direct_cost = multiply_adds(direct.layers[0])
reduce_cost = multiply_adds(bottleneck.layers[0])
conv5x5_cost = multiply_adds(bottleneck.layers[1])
bottleneck_cost = reduce_cost + conv5x5_cost
ratio = direct_cost / bottleneck_cost

rows = [
    ("direct 5x5", direct_cost, direct.count_params()),
    ("1x1 reduction", reduce_cost, bottleneck.layers[0].count_params()),
    ("5x5 on 16 channels", conv5x5_cost, bottleneck.layers[1].count_params()),
    ("bottleneck total", bottleneck_cost, bottleneck.count_params()),
]
print(f"{'':20}{'multiply-adds':>14}{'params':>10}")
for name, cost, params in rows:
    print(f"{name:20}{cost:>14,}{params:>10,}")
print(f"output shapes: {direct.output_shape} and {bottleneck.output_shape}")
print(f"the bottleneck needs {ratio:.2f}x fewer multiply-adds")
# --8<-- [end:count]

# --8<-- [start:chart]
millions = 1e6
# 4.2 inches wide, labels large enough to read on a phone.
fig, ax = plt.subplots(figsize=(4.2, 2.8))
# The first bar is the direct layer; the second stacks the bottleneck's parts
# in the order they run.
ax.barh(0, direct_cost / millions, color=SPATIAL, label="5×5 convolution")
ax.barh(1, reduce_cost / millions, color=ONE_BY_ONE, label="1x1 reduction")
ax.barh(1, conv5x5_cost / millions, left=reduce_cost / millions, color=SPATIAL)
for y, total in enumerate([direct_cost, bottleneck_cost]):
    ax.text(total / millions + 1.5, y, f"{total / millions:.1f}M", va="center")
ax.set_yticks([0, 1], ["direct 5×5", "1x1 reduction\nthen 5×5"])
ax.invert_yaxis()  # direct on top
ax.set_xlabel("multiply-adds (millions)")
ax.set_xlim(0, direct_cost / millions * 1.3)
ax.legend(loc="lower right", fontsize=10)
fig.tight_layout()
description = (
    "Horizontal bar chart of multiply-adds. The direct 5×5 convolution's bar "
    f"reaches {direct_cost / millions:.1f}M; the bottleneck's bar, "
    f"{bottleneck_cost / millions:.1f}M, is about a tenth as long, and begins "
    f"with a thin orange slice, {reduce_cost / millions:.1f}M, for the 1x1 "
    "reduction before the blue 5×5 convolution on "
    f"{bottleneck.layers[0].filters} channels."
)
fig.savefig(
    "bottleneck_cost.svg",
    facecolor=BACKGROUND,
    metadata={"Title": description},
)
plt.close(fig)
# --8<-- [end:chart]
