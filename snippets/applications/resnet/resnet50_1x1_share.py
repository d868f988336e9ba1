"""Where ResNet-50's parameters and multiply-adds sit: 1x1 convolutions, the
wider ones, and fc.
"""

import keras
import matplotlib.pyplot as plt
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from _figure_style import (
    BACKGROUND,
    INK,
    ONE_BY_ONE,
    ONE_BY_ONE_LIGHT,
    OTHER,
    OTHER_LIGHT,
    SPATIAL,
    SPATIAL_LIGHT,
    smallest_font,
)


def multiply_adds(layer):
    """Conv: H_out * W_out * k_h * k_w * C_in * C_out.

    Dense: inputs * outputs.
    """
    if isinstance(layer, keras.layers.Dense):
        return layer.input.shape[-1] * layer.units
    _, h, w, c_out = layer.output.shape
    k_h, k_w = layer.kernel_size
    return h * w * k_h * k_w * layer.input.shape[-1] * c_out


# Keras's defaults: ImageNet's input size and classes
model = keras.applications.ResNet50(weights=None)

groups = {}  # "1x1 conv" -> [layers]
for layer in model.layers:
    if isinstance(layer, keras.layers.Conv2D):
        k_h, k_w = layer.kernel_size
        groups.setdefault(f"{k_h}x{k_w} conv", []).append(layer)
    elif isinstance(layer, keras.layers.Dense):
        groups.setdefault("fc", []).append(layer)
norms = [
    layer
    for layer in model.layers
    if isinstance(layer, keras.layers.BatchNormalization)
]

params = {
    name: sum(layer.count_params() for layer in layers)
    for name, layers in groups.items()
}
params["batch norm"] = sum(layer.count_params() for layer in norms)
madds = {
    name: sum(multiply_adds(layer) for layer in layers)
    for name, layers in groups.items()
}
total_params = model.count_params()
total_madds = sum(madds.values())
assert sum(params.values()) == total_params  # nothing else holds weights

print(
    f"{'':<12}{'layers':>7}{'parameters':>13}{'share':>8}{'multiply-adds':>16}"
    f"{'share':>8}"
)
for name, count in params.items():
    layers = len(groups.get(name, norms))
    madd = madds.get(name, 0)
    print(
        f"{name:<12}{layers:>7}{count:>13,}{count / total_params:>8.1%}"
        f"{madd:>16,}{madd / total_madds:>8.1%}"
    )
print(f"{'total':<12}{'':>7}{total_params:>13,}{'':>8}{total_madds:>16,}")

share_1x1_params = params["1x1 conv"] / total_params
share_1x1_madds = madds["1x1 conv"] / total_madds
print(
    f"1x1 convolutions: {share_1x1_params:.1%} of parameters, "
    f"{share_1x1_madds:.1%} of madds"
)

# One pair of bars per kind of layer: its share of the parameters and of the
# multiply-adds.
kinds = sorted(params, key=params.get, reverse=True)
size = (4.5, 3.4)
font = smallest_font(size[0])
fig, ax = plt.subplots(figsize=size, facecolor=BACKGROUND)
rows = range(len(kinds))
# Each kind in its colour of the figures' legend; light bars for parameters,
# full ones for multiply-adds.
hue = {"1x1 conv": ONE_BY_ONE, "3x3 conv": SPATIAL, "7x7 conv": SPATIAL}
light = {
    ONE_BY_ONE: ONE_BY_ONE_LIGHT,
    SPATIAL: SPATIAL_LIGHT,
    OTHER: OTHER_LIGHT,
}
for offset, (label, values, total) in enumerate(
    (
        ("parameters", params, total_params),
        ("multiply-adds", madds, total_madds),
    )
):
    shares = [100 * values.get(kind, 0) / total for kind in kinds]
    y = [row + 0.2 * (2 * offset - 1) for row in rows]
    colors = [hue.get(kind, OTHER) for kind in kinds]
    if label == "parameters":
        colors = [light[c] for c in colors]
    ax.barh(y, shares, height=0.4, color=colors, edgecolor=INK, lw=0.5)
    for row, share in zip(y, shares, strict=True):
        ax.text(share + 1, row, f"{share:.1f}%", va="center", fontsize=font)
ax.set_yticks(
    list(rows), [kind.replace("x", "×") for kind in kinds], fontsize=font
)
ax.xaxis.set_major_formatter(PercentFormatter())
ax.set_xlim(0, 70)
ax.tick_params(labelsize=font)
ax.set_xlabel("share of ResNet-50's total", fontsize=font)
ax.invert_yaxis()
key = [
    Patch(fc=OTHER_LIGHT, ec=INK, lw=0.5, label="parameters"),
    Patch(fc=OTHER, ec=INK, lw=0.5, label="multiply-adds"),
]
ax.legend(handles=key, fontsize=font, loc="lower right", frameon=False)
fig.tight_layout()
said = {
    "1x1 conv": "1x1 convolutions",
    "3x3 conv": "3×3 convolutions",
    "fc": "fully connected",
    "batch norm": "batch normalization",
    "7x7 conv": "the 7×7 first layer",
}
pairs = ", ".join(
    f"{said[kind]} {params[kind] / total_params:.1%} and "
    f"{madds.get(kind, 0) / total_madds:.1%}"
    for kind in kinds
)
description = (
    "Bar chart of ResNet-50's shares by kind of layer, parameters then "
    f"multiply-adds: {pairs}."
)
fig.savefig("resnet50_shares.svg", metadata={"Title": description})
