"""SqueezeNet's fire2 against a plain spatial convolution with as many output
channels.
"""

import keras
import matplotlib.pyplot as plt

from _figure_style import BACKGROUND, ONE_BY_ONE, SPATIAL


def multiply_adds(conv):
    """H_out * W_out * k_h * k_w * C_in * C_out: every weight is used once per
    output pixel.
    """
    _, h, w, c_out = conv.output.shape
    k_h, k_w = conv.kernel_size
    return h * w * k_h * k_w * conv.input.shape[-1] * c_out


# --8<-- [start:fire]
def fire(x, s1x1, e1x1, e3x3, name):
    """Squeeze with 1x1 filters, then expand with 1x1 filters (e1x1) and
    spatial ones (e3x3) side by side.
    """
    squeezed = keras.layers.Conv2D(
        s1x1, 1, activation="relu", name=f"{name}_s1x1"
    )(x)
    expand_1x1 = keras.layers.Conv2D(
        e1x1, 1, activation="relu", name=f"{name}_e1x1"
    )(squeezed)
    expand_3x3 = keras.layers.Conv2D(
        e3x3, 3, padding="same", activation="relu", name=f"{name}_e3x3"
    )(squeezed)
    return keras.layers.Concatenate(name=f"{name}_concat")(
        [expand_1x1, expand_3x3]
    )


inputs = keras.Input(shape=(55, 55, 96))  # maxpool1's output in Table 1
fire2 = keras.Model(inputs, fire(inputs, 16, 64, 64, "fire2"), name="fire2")
plain = keras.Model(
    inputs,
    keras.layers.Conv2D(
        128, 3, padding="same", activation="relu", name="plain_3x3"
    )(inputs),
    name="plain",
)
# --8<-- [end:fire]

print(
    f"{'layer':<14}{'output':>12}{'weights':>9}{'biases':>8}"
    f"{'multiply-adds':>15}"
)
for model in (fire2, plain):
    for conv in model.layers:
        if isinstance(conv, keras.layers.Conv2D):
            kernel, bias = conv.get_weights()
            shape = "×".join(str(d) for d in conv.output.shape[1:])
            print(
                f"{conv.name:<14}{shape:>12}{kernel.size:>9,}{bias.size:>8,}"
                f"{multiply_adds(conv):>15,}"
            )


def convs(model):
    return [
        layer
        for layer in model.layers
        if isinstance(layer, keras.layers.Conv2D)
    ]


fire2_params = fire2.count_params()
plain_params = plain.count_params()
fire2_madds = sum(multiply_adds(conv) for conv in convs(fire2))
plain_madds = sum(multiply_adds(conv) for conv in convs(plain))
print()
print(f"{'':<7}{'output':>12}{'parameters':>12}{'multiply-adds':>15}")
for model, params, madds in (
    (fire2, fire2_params, fire2_madds),
    (plain, plain_params, plain_madds),
):
    shape = "×".join(str(d) for d in model.output_shape[1:])
    print(f"{model.name:<7}{shape:>12}{params:>12,}{madds:>15,}")
print(
    f"plain / fire2: {plain_params / fire2_params:.1f}× parameters, "
    f"{plain_madds / fire2_madds:.1f}× multiply-adds"
)

# The e3x3 filters hold most of fire2's parameters and work, though they make
# half its channels. Parameters against parameters: biases on both sides.
e3x3 = fire2.get_layer("fire2_e3x3")
e3x3_param_share = e3x3.count_params() / fire2_params
e3x3_madds_share = multiply_adds(e3x3) / fire2_madds
print(
    f"fire2's 3x3 expand layer: {e3x3_param_share:.0%} of the parameters, ",
    end="",
)
print(f"{e3x3_madds_share:.0%} of the multiply-adds")

# One bar per design, one segment per layer, for parameters and for
# multiply-adds.
fig, axes = plt.subplots(
    2, 1, figsize=(3.7, 3.6), layout="constrained", facecolor=BACKGROUND
)
colors = {1: ONE_BY_ONE, 3: SPATIAL}
for ax, measure, unit, scale in (
    (axes[0], lambda conv: conv.count_params(), "parameters (thousands)", 1e3),
    (axes[1], multiply_adds, "multiply-adds (millions)", 1e6),
):
    for row, model in enumerate((fire2, plain)):
        left = 0.0
        for conv in convs(model):
            width = measure(conv) / scale
            ax.barh(
                row,
                width,
                left=left,
                color=colors[conv.kernel_size[0]],
                edgecolor=BACKGROUND,
            )
            left += width
        ax.text(left, row, f" {left:.0f}", va="center", fontsize=9)
    ax.set_yticks([0, 1], ["fire2", "plain 3×3"], fontsize=9)
    ax.tick_params(axis="x", labelsize=9)
    ax.set_title(unit, fontsize=10)
    ax.set_xlim(0, ax.get_xlim()[1] * 1.2)
    ax.invert_yaxis()
handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colors.values()]
axes[0].legend(
    handles, ["1x1 layers", "3×3 layers"], loc="upper right", fontsize=9
)
description = (
    "Bar charts of fire2 against the plain 3×3 layer: "
    f"{fire2_params / 1e3:.0f} against {plain_params / 1e3:.0f} thousand "
    f"parameters, {fire2_madds / 1e6:.0f} against {plain_madds / 1e6:.0f} "
    "million multiply-adds. Each fire2 bar is mostly blue, its 3×3 filters, "
    "with a thin orange sliver of 1x1 layers."
)
fig.savefig("fire2_vs_plain.svg", metadata={"Title": description})
plt.close(fig)
