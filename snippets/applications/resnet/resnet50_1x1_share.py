"""Where ResNet-50's parameters and multiply-adds sit: 1x1, 3x3 and 7x7 convolutions, and fc."""

import keras
import matplotlib.pyplot as plt

# He et al. (2015), arXiv:1512.03385, Table 1: FLOPs of the 50-layer net. Section 3.3 counts
# FLOPs as multiply-adds ("3.6 billion FLOPs (multiply-adds)" for the 34-layer net).
PAPER_TABLE_1_FLOPS = {"ResNet-50": 3.8e9}


def multiply_adds(layer):
    """Conv: H_out * W_out * k_h * k_w * C_in * C_out. Dense: inputs * outputs."""
    if isinstance(layer, keras.layers.Dense):
        return layer.input.shape[-1] * layer.units
    _, h, w, c_out = layer.output.shape
    k_h, k_w = layer.kernel_size
    return h * w * k_h * k_w * layer.input.shape[-1] * c_out


model = keras.applications.ResNet50(weights=None)  # 224x224x3 in, 1000 classes out

groups = {}  # "1x1 conv" -> [layers]
for layer in model.layers:
    if isinstance(layer, keras.layers.Conv2D):
        k_h, k_w = layer.kernel_size
        groups.setdefault(f"{k_h}x{k_w} conv", []).append(layer)
    elif isinstance(layer, keras.layers.Dense):
        groups.setdefault("fc", []).append(layer)
norms = [layer for layer in model.layers if isinstance(layer, keras.layers.BatchNormalization)]

params = {name: sum(layer.count_params() for layer in layers) for name, layers in groups.items()}
params["batch norm"] = sum(layer.count_params() for layer in norms)
madds = {name: sum(multiply_adds(layer) for layer in layers) for name, layers in groups.items()}
total_params = model.count_params()
total_madds = sum(madds.values())
assert sum(params.values()) == total_params  # nothing else holds weights

print(f"{'':<12}{'layers':>7}{'parameters':>13}{'share':>8}{'multiply-adds':>16}{'share':>8}")
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
# Keras's convolutions carry a bias each, although batch normalization follows every one.
conv_biases = sum(layer.filters for layer in model.layers if isinstance(layer, keras.layers.Conv2D))
print(f"1x1 convolutions: {share_1x1_params:.1%} of parameters, {share_1x1_madds:.1%} of madds")
print(f"conv biases: {conv_biases:,}")
print(f"paper (Table 1): {PAPER_TABLE_1_FLOPS['ResNet-50']:.1e}, Keras: {total_madds:.3e}")

# Keras puts the stride-2 of each stage's first block on its first 1x1 convolution, as the
# paper's original model does. Moving it to the 3x3 (later implementations) runs that 1x1 on
# the four times larger input grid.
strided = [layer for layer in groups["1x1 conv"] if layer.strides == (2, 2)]
for layer in strided:
    print(
        f"stride 2: {layer.name:<20} {layer.kernel_size} {layer.input.shape[1:3]} -> "
        f"{layer.output.shape[1:3]}"
    )
first_1x1 = [layer for layer in strided if layer.name.endswith("_1_conv")]
madds_stride_on_3x3 = total_madds + sum(3 * multiply_adds(layer) for layer in first_1x1)
print(f"with the stride on the 3x3 instead: {madds_stride_on_3x3:.3e}")

fig, ax = plt.subplots(figsize=(6, 3))
colors = {
    "7x7 conv": "tab:green",
    "1x1 conv": "tab:orange",
    "3x3 conv": "tab:blue",
    "fc": "tab:purple",
    "batch norm": "tab:gray",
}
for row, values in enumerate((params, madds)):
    total = sum(values.values())
    left = 0.0
    for name, value in values.items():
        share = value / total
        ax.barh(
            row,
            share,
            left=left,
            color=colors[name],
            edgecolor="white",
            label=name if row == 0 else None,
        )
        if share > 0.04:
            ax.text(left + share / 2, row, f"{share:.0%}", ha="center", va="center", fontsize=9)
        left += share
ax.set_yticks([0, 1], ["parameters", "multiply-adds"])
ax.set_xlabel("share of ResNet-50's total")
ax.set_xlim(0, 1)
ax.invert_yaxis()
ax.legend(ncol=5, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.3), frameon=False)
fig.tight_layout()
fig.savefig("resnet50_shares.svg")
