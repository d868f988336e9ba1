"""How each of MobileNet's depthwise-separable blocks splits its work between
the depthwise layer and the 1x1.
"""

import keras

model = keras.applications.MobileNet(weights=None)


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


depthwise_madds, pointwise_madds, pointwise_share, out_channels = (
    {},
    {},
    {},
    {},
)
formula_matches = True
print("block  output       depthwise 3x3  pointwise 1x1  1x1 share  N/(N+9)")
for i in range(1, 14):
    dw, pw = model.get_layer(f"conv_dw_{i}"), model.get_layer(f"conv_pw_{i}")
    depthwise_madds[i], pointwise_madds[i] = (
        multiply_adds(dw),
        multiply_adds(pw),
    )
    pointwise_share[i] = pointwise_madds[i] / (
        depthwise_madds[i] + pointwise_madds[i]
    )
    out_channels[i] = pw.output.shape[-1]
    # From equation 5 of the paper: the 1x1 share of a block is
    # N / (N + D_K * D_K).
    k_h, k_w = dw.kernel_size
    formula = out_channels[i] / (out_channels[i] + k_h * k_w)
    formula_matches = (
        formula_matches and abs(pointwise_share[i] - formula) < 1e-12
    )
    size = "x".join(str(d) for d in pw.output.shape[1:])
    print(
        f"{i:>5}  {size:<11}{depthwise_madds[i]:>15,}{pointwise_madds[i]:>15,}"
        f"{pointwise_share[i]:>11.1%}{formula:>9.1%}"
    )

all_depthwise, all_pointwise = (
    sum(depthwise_madds.values()),
    sum(pointwise_madds.values()),
)
print(f"total  {'':<11}{all_depthwise:>15,}{all_pointwise:>15,}")
print(
    f"1x1 / depthwise 3x3 multiply-adds: {all_pointwise / all_depthwise:.1f}x"
)
