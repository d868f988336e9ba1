"""A standard convolution next to a depthwise-separable one: same shapes,
far less work.
"""

import keras

# The internal MobileNet layer of the paper's Table 3: a 14x14x512 input, 512
# output channels.
D_F, M, N, D_K = 14, 512, 512, 3

# Published numbers for this layer, in millions: MobileNets (Howard et al.,
# arXiv:1704.04861), Table 3, rows "Convolution" and "Depthwise Separable
# Conv".
PAPER_TABLE_3 = {
    "Convolution": {"mult_adds": 462, "parameters": 2.36},
    "Depthwise Separable Conv": {"mult_adds": 52.3, "parameters": 0.27},
}


def multiply_adds(layer):
    """H_out * W_out * k_h * k_w * C_in, times C_out unless the convolution is
    depthwise.
    """
    _, h_out, w_out, c_out = layer.output.shape
    k_h, k_w = layer.kernel_size
    c_in = layer.input.shape[-1]
    if isinstance(layer, keras.layers.DepthwiseConv2D):
        return h_out * w_out * k_h * k_w * c_in
    return h_out * w_out * k_h * k_w * c_in * c_out


# No biases: in MobileNet every convolution is followed by batch normalization,
# whose own shift makes a bias redundant (keras.applications.MobileNet builds
# its layers the same way).
standard = keras.Sequential(
    [
        keras.Input(shape=(D_F, D_F, M)),
        keras.layers.Conv2D(
            N, kernel_size=D_K, padding="same", use_bias=False
        ),
    ]
)
separable = keras.Sequential(
    [
        keras.Input(shape=(D_F, D_F, M)),
        # One spatial filter per input channel: filters space, never mixes
        # channels.
        keras.layers.DepthwiseConv2D(
            kernel_size=D_K, padding="same", use_bias=False
        ),
        # The 1x1 convolution: mixes the channels at every pixel, looks at no
        # neighbours.
        keras.layers.Conv2D(N, kernel_size=1, use_bias=False),
    ]
)

depthwise, pointwise = separable.layers
standard_madds = multiply_adds(standard.layers[0])
depthwise_madds = multiply_adds(depthwise)
pointwise_madds = multiply_adds(pointwise)
separable_madds = depthwise_madds + pointwise_madds

ratio = separable_madds / standard_madds
# Section 3.1, the reduction after equation 5
paper_ratio = 1 / N + 1 / D_K**2
pointwise_share = pointwise_madds / separable_madds
# The standard layer mixes the M channels into N at each of the D_K x D_K
# offsets of its window; the pointwise layer mixes them once, at one offset.
mixing_saving = standard_madds / pointwise_madds

rows = [
    (
        "standard 3x3",
        standard.output_shape,
        standard.count_params(),
        standard_madds,
    ),
    (
        "depthwise 3x3",
        depthwise.output.shape,
        depthwise.count_params(),
        depthwise_madds,
    ),
    (
        "pointwise 1x1",
        pointwise.output.shape,
        pointwise.count_params(),
        pointwise_madds,
    ),
    (
        "separable total",
        separable.output_shape,
        separable.count_params(),
        separable_madds,
    ),
]
print(
    f"{'layer':<16}{'output shape':>22}{'parameters':>13}{'multiply-adds':>16}"
)
for name, shape, params, madds in rows:
    print(f"{name:<16}{shape!s:>22}{params:>13,}{madds:>16,}")
print()
print(f"separable / standard multiply-adds: {ratio:.4f}")
print(f"1/N + 1/D_K^2 with N={N}, D_K={D_K}:   {paper_ratio:.4f}")
print("equal:", abs(ratio - paper_ratio) < 1e-12)
print(f"standard needs {1 / ratio:.2f}x the multiply-adds")
print(f"share of the separable layer's work in the 1x1: {pointwise_share:.1%}")
print(f"channel mixing, standard / pointwise: {mixing_saving:.1f}x")
