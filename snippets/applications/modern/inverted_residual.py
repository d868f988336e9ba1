"""One inverted residual block of Keras's MobileNetV2."""

import keras
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from _figure_style import (
    BACKGROUND,
    INK,
    ONE_BY_ONE,
    OTHER_LIGHT,
    SHORTCUT,
    SPATIAL,
    smallest_font,
)

model = keras.applications.MobileNetV2(weights=None)  # nothing downloaded
# block_8: the same shape in and out, so it has a shortcut
BLOCK = "block_8"
layers = [x for x in model.layers if x.name.startswith(BLOCK + "_")]
for layer in layers:
    kind = layer.__class__.__name__
    print(f"{layer.name:<22} {kind:<20} {layer.output.shape[1:]}")

expand = model.get_layer(f"{BLOCK}_expand")
depthwise = model.get_layer(f"{BLOCK}_depthwise")
project = model.get_layer(f"{BLOCK}_project")
h, w, d_in = expand.input.shape[1:]
d_out = project.filters
t = expand.filters // d_in
k = depthwise.kernel_size[0]

# Multiply-adds: a 1x1 layer does (inputs x outputs) per pixel; a
# depthwise k x k layer does k*k per channel and pixel.
madds = {
    "1x1 expand": h * w * d_in * expand.filters,
    "3x3 depthwise": h * w * k * k * expand.filters,
    "1x1 project": h * w * expand.filters * d_out,
}
weights = {
    "1x1 expand": expand.count_params(),
    "3x3 depthwise": depthwise.count_params(),
    "1x1 project": project.count_params(),
}
norm = sum(x.count_params() for x in layers if "_BN" in x.name)
for name in madds:
    print(f"{name:<14} {weights[name]:>7,} weights {madds[name]:>11,} madds")
block_madds = sum(madds.values())
paper_formula = h * w * d_in * t * (d_in + k * k + d_out)  # Section 3.3
print(f"block: {sum(weights.values()):,} weights + {norm:,} batch norm")
print(f"block: {block_madds:,} multiply-adds")
print(f"h * w * d' * t * (d' + k^2 + d''): {paper_formula:,}")
pointwise_share = (madds["1x1 expand"] + madds["1x1 project"]) / block_madds
print(f"share of the two 1x1 layers: {pointwise_share:.1%}")

# What follows each batch normalization: ReLU6 after the expansion and the
# depthwise layer, nothing after the projection (next comes the Add).
after = {x.name: layers[i + 1] for i, x in enumerate(layers[:-1])}
relu6 = [after[f"{BLOCK}_{n}_BN"] for n in ("expand", "depthwise")]
expand_and_depthwise_relu6 = all(
    getattr(x, "max_value", None) == 6 for x in relu6
)
after_projection = after[f"{BLOCK}_project_BN"]
project_is_linear = isinstance(after_projection, keras.layers.Add)
print("ReLU6 after expand and depthwise:", expand_and_depthwise_relu6)
print("projection followed by:", after_projection.__class__.__name__)

# The block as slabs as tall as their channel counts (the paper's Figure 3).
fig, ax = plt.subplots(figsize=(4.4, 2.5), facecolor=BACKGROUND)
fig.subplots_adjust(0, 0, 1, 1)
ax.set_xlim(0, 4.4)
ax.set_ylim(0, 2.5)
ax.axis("off")
widths = [d_in, expand.filters, expand.filters, d_out]
xs = [0.45, 1.65, 2.75, 3.95]
scale = 1.6 / max(widths)
label = {"ha": "center", "fontsize": smallest_font(4.4)}
for x, c in zip(xs, widths, strict=True):
    height = c * scale
    bottom = 1.2 - height / 2
    ax.add_patch(
        Rectangle((x - 0.12, bottom), 0.24, height, fc=OTHER_LIGHT, ec=INK)
    )
    ax.text(x, bottom - 0.08, f"{h}×{w}×{c}", va="top", **label)
# each layer's arrow in its colour of the figures' legend
steps = [
    ("1x1\nReLU6", ONE_BY_ONE),
    ("3×3 dw\nReLU6", SPATIAL),
    ("1x1\nlinear", ONE_BY_ONE),
]
for x0, x1, (step, color) in zip(xs, xs[1:], steps, strict=False):
    arrow = {"arrowstyle": "->", "color": color, "lw": 2}
    ax.annotate("", (x1 - 0.15, 1.2), (x0 + 0.15, 1.2), arrowprops=arrow)
    ax.text((x0 + x1) / 2, 1.3, step, va="bottom", **label)
ax.plot(
    [xs[0], xs[0], xs[-1], xs[-1]], [1.5, 2.2, 2.2, 1.5], c=SHORTCUT, lw=1.5
)
ax.text(2.2, 2.25, "shortcut (+)", va="bottom", color=SHORTCUT, **label)
description = (
    f"Slabs as tall as their channels: {h}×{w}×{d_in}, a 1x1 convolution "
    f"with ReLU6 to {h}×{w}×{expand.filters}, a {k}×{k} depthwise one with "
    f"ReLU6, a linear 1x1 back to {h}×{w}×{d_out}, and a shortcut."
)
fig.savefig("inverted_residual.svg", metadata={"Title": description})
plt.close(fig)
