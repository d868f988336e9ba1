"""Draws the shapes that flow through the SAGAN attention block on a 16x16x64 feature map."""

import keras
import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

HEIGHT, WIDTH, CHANNELS = 16, 16, 64
REDUCED, N = CHANNELS // 8, HEIGHT * WIDTH

# The shapes come from Keras, not from the drawing: the same block as sagan_block.py.
x = keras.Input(shape=(HEIGHT, WIDTH, CHANNELS))
f, g, h = (keras.layers.Conv2D(REDUCED, 1)(x) for _ in range(3))
rows = [keras.ops.reshape(t, (-1, N, REDUCED)) for t in (f, g, h)]
beta = keras.ops.softmax(keras.ops.matmul(rows[1], keras.ops.transpose(rows[0], (0, 2, 1))))
mixed = keras.ops.matmul(beta, rows[2])
o = keras.layers.Conv2D(CHANNELS, 1)(keras.ops.reshape(mixed, (-1, HEIGHT, WIDTH, REDUCED)))


def dims(tensor):
    """16×16×64 for a tensor of shape (None, 16, 16, 64)."""
    return "×".join(str(d) for d in tensor.shape[1:])


fig, ax = plt.subplots(figsize=(7, 3.5))
ax.set_xlim(0, 14)
ax.set_ylim(0.5, 7)
ax.axis("off")


def box(cx, cy, text, width=1.9, height=0.8, color="#dbe9f6"):
    """A rounded box centred on (cx, cy)."""
    ax.add_patch(
        FancyBboxPatch(
            (cx - width / 2, cy - height / 2),
            width,
            height,
            boxstyle="round,pad=0.05",
            facecolor=color,
            edgecolor="#333333",
        )
    )
    ax.text(cx, cy, text, ha="center", va="center", fontsize=8)


def arrow(start, end, label=""):
    ax.annotate("", xy=end, xytext=start, arrowprops={"arrowstyle": "->", "color": "#333333"})
    if label:
        mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 + 0.2)
        ax.text(*mid, label, ha="center", va="bottom", fontsize=7, color="#555555")


conv_color = "#fde2c4"
box(1.1, 3.5, f"x\n{dims(x)}")
convs = (("g (query)", g, 5.6), ("f (key)", f, 3.5), ("h (value)", h, 1.4))
for name, tensor, cy in convs:
    text = f"{name}\n1x1 conv {CHANNELS}→{tensor.shape[-1]}\n{dims(tensor)}"
    box(4.0, cy, text, width=2.0, height=1.1, color=conv_color)
    arrow((2.05, 3.5), (3.0, cy))
box(7.0, 4.55, f"β = softmax(g fᵀ)\n{dims(beta)}", width=2.2, height=1.6, color="#f6d5d5")
arrow((5.0, 5.6), (5.9, 4.9), f"{N}×{REDUCED}")
arrow((5.0, 3.5), (5.9, 4.2), f"{N}×{REDUCED}")
box(7.0, 1.4, f"β h\n{dims(mixed)}")
arrow((5.0, 1.4), (5.9, 1.4), f"{N}×{REDUCED}")
arrow((7.0, 3.75), (7.0, 1.85))
box(10.0, 1.4, f"v\n1x1 conv {REDUCED}→{o.shape[-1]}\n{dims(o)}", height=1.1, color=conv_color)
arrow((8.05, 1.4), (9.05, 1.4), "reshape")
box(12.7, 3.5, "y = $\\gamma$·o + x\n" + dims(o), width=2.1)
arrow((10.95, 1.4), (12.4, 3.05), "o")
ax.annotate(
    "",
    xy=(12.7, 3.95),
    xytext=(1.1, 3.95),
    arrowprops={"arrowstyle": "->", "color": "#888888", "connectionstyle": "bar,fraction=-0.23"},
)
residual = r"residual: x is added back ($\gamma$ starts at 0)"
ax.text(9.4, 6.3, residual, ha="center", va="top", fontsize=7, color="#555555")

fig.tight_layout()
fig.savefig("attention_block.svg")
print("attention map:", dims(beta), "from", N, "pixels")
