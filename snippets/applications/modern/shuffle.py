"""ShuffleNet's grouped 1x1 convolutions and channel shuffle, in Keras."""

import keras
import numpy as np

# ShuffleNet at its standard width with g = 3 groups, its second stage: C
# channels on an H x W map, a bottleneck M a quarter as wide (Zhang et al.,
# Table 1 and Section 3.3).
G = 3
H = W = 28
C, M = 240, 60
# Section 3.1: in a ResNeXt unit the pointwise convolutions take most of the
# multiplication-adds; the share the paper gives:
PAPER_RESNEXT_SHARE = 0.934


def madds(layer):
    """Multiply-adds of a stride-1 convolution: weights x positions."""
    return int(np.prod(layer.kernel.shape)) * H * W


# --8<-- [start:unit]
x = keras.Input(shape=(H, W, C))
gconv1 = keras.layers.Conv2D(M, 1, groups=G, use_bias=False)  # grouped 1x1
dwise = keras.layers.DepthwiseConv2D(3, padding="same", use_bias=False)
gconv2 = keras.layers.Conv2D(C, 1, groups=G, use_bias=False)
y = gconv2(dwise(gconv1(x)))  # (the channel shuffle after gconv1: below)
# --8<-- [end:unit]

print("grouped 1x1 kernel:", gconv1.kernel.shape)
print("  weights:", gconv1.count_params(), "ungrouped:", C * M)
unit = sum(madds(layer) for layer in (gconv1, dwise, gconv2))
formulas = {  # Section 3.2, for input c x h x w and bottleneck m
    "ResNet": H * W * (2 * C * M + 9 * M * M),
    "ResNeXt": H * W * (2 * C * M + 9 * M * M // G),
    "ShuffleNet": H * W * (2 * C * M // G + 9 * M),
}
print(f"Keras ShuffleNet unit: {unit:,} multiply-adds")
for name, count in formulas.items():
    print(f"  {name + ' formula:':<20} {count:>11,}")


# --8<-- [start:shuffle]
def channel_shuffle(x, groups):
    """(..., g * n) -> (..., g, n) -> (..., n, g) -> (..., g * n)."""
    *rest, channels = x.shape
    x = keras.ops.reshape(x, (*rest, groups, channels // groups))
    x = keras.ops.swapaxes(x, -1, -2)
    return keras.ops.reshape(x, (*rest, channels))


order = keras.ops.convert_to_numpy(channel_shuffle(np.arange(9), G))
# --8<-- [end:shuffle]
print("after the shuffle, channel order:", order.tolist())
# The next grouped layer reads a run of consecutive channels per group: whose?
new_groups = (order // (9 // G)).reshape(G, -1).tolist()
print("old group of each channel, per new group:", new_groups)
every_group_sees_every_group = all(
    set(row) == set(range(G)) for row in new_groups
)

r = keras.Input(shape=(H, W, 256))
# ResNeXt-50's first stage: 1x1 256 -> 128, a 3x3 in 32 groups, 1x1 -> 256.
resnext = [
    keras.layers.Conv2D(128, 1, use_bias=False),
    keras.layers.Conv2D(128, 3, padding="same", groups=32, use_bias=False),
    keras.layers.Conv2D(256, 1, use_bias=False),
]
for layer in resnext:
    r = layer(r)
r_madds = [madds(layer) for layer in resnext]
resnext_pointwise_share = (r_madds[0] + r_madds[2]) / sum(r_madds)
print(f"ResNeXt unit, share of the 1x1 layers: {resnext_pointwise_share:.1%}")
