"""SE-ResNet-50's extra parameters and FLOPs, from Keras's ResNet50."""

import math
import re

import keras

R = 16  # reduction ratio (Section 3.2), the default of every experiment
# Hu et al., arXiv:1709.01507, Section 4 and Table 2: the GFLOPs of ResNet-50
# and SE-ResNet-50 and the relative increase; the extra parameters, the
# increase they make, and that increase without the last stage's SE blocks.
PAPER_GFLOPS = {"ResNet-50": 3.86, "SE-ResNet-50": 3.87}
PAPER_INCREASE, PAPER_EXTRA = 0.0026, 2.5e6
PAPER_SHARE, PAPER_WITHOUT_LAST = 0.10, 0.04
# Table 10 (Section 6.1): the parameters of ResNet-50 and of SE-ResNet-50 with
# r = 16.
PAPER_TABLE_10 = {"original": 25.6e6, 16: 28.1e6}

model = keras.applications.ResNet50(weights=None)
# Each residual block ends in a layer named conv{stage}_block{n}_out. An SE
# block rescales the residual branch before the sum (Figure 3), a map of
# the same shape.
blocks = {}
for layer in model.layers:
    match = re.fullmatch(r"conv(\d)_block(\d)_out", layer.name)
    if match:
        blocks[layer.name] = (int(match[1]), layer.output.shape[1:])
stages = sorted({stage for stage, _ in blocks.values()})
n_s = {s: sum(1 for stage, _ in blocks.values() if stage == s) for s in stages}
c_s = {stage: shape[-1] for stage, shape in blocks.values()}
print("blocks per stage N_s:", n_s)
print("channels C_s:", c_s)

# Equation 5: the FC (1x1) weights, 2/r * sum_s N_s * C_s^2 (no biases).
extra = {s: 2 * n_s[s] * c_s[s] ** 2 // R for s in stages}
se_params = sum(extra.values())
resnet_params = model.count_params()
without_last = se_params - extra[stages[-1]]
se_resnet_params = resnet_params + se_params
print(f"SE parameters, equation 5: {se_params:,}")
print(f"ResNet-50 in Keras: {resnet_params:,}")
print(f"  + {se_params / resnet_params:.1%} with SE blocks")
print(f"  + {without_last / resnet_params:.1%} without the last stage's")
print(f"SE-ResNet-50 (r = {R}): {se_resnet_params:,}")


def multiply_adds(layer):
    """Conv: H_out * W_out * k_h * k_w * C_in * C_out. Dense: in * out."""
    if isinstance(layer, keras.layers.Dense):
        return math.prod(layer.kernel.shape)
    _, h, w, _ = layer.output.shape
    return h * w * math.prod(layer.kernel.shape)


weighted = (keras.layers.Conv2D, keras.layers.Dense)
resnet_madds = sum(
    multiply_adds(x) for x in model.layers if isinstance(x, weighted)
)
# An SE block: the two 1x1 layers (their weights, once), plus pooling and
# scaling, one operation per activation each. The paper does not itemize
# what it counts.
se_fc = se_params
se_pool = se_scale = sum(math.prod(shape) for _, shape in blocks.values())
counts = {
    "1x1 layers only": resnet_madds + se_fc,
    "with pooling and scaling": resnet_madds + se_fc + se_pool + se_scale,
}
print(f"ResNet-50: {resnet_madds:,} multiply-adds")
for name, total in counts.items():
    increase = total / resnet_madds - 1
    print(f"SE-ResNet-50, {name}:")
    print(f"  {total:,} ({total / 1e9:.2f} G, +{increase:.2%})")
rounded = PAPER_GFLOPS["SE-ResNet-50"] / PAPER_GFLOPS["ResNet-50"] - 1
print(f"3.87 / 3.86 - 1 = {rounded:.2%}")
