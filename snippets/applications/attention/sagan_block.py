"""A SAGAN self-attention block on a small feature map: 1x1 convolutions and
keras.ops.
"""

import keras
import numpy as np

HEIGHT, WIDTH, CHANNELS = 16, 16, 64
REDUCED = CHANNELS // 8  # C-bar = C/8, as in SAGAN (Section 3)
N = HEIGHT * WIDTH  # every pixel is one location


class ScaledResidual(keras.layers.Layer):
    """y = gamma * o + x, with a learnable scalar gamma that starts at zero
    (SAGAN, Eq. 3).
    """

    def build(self, input_shape):
        self.gamma = self.add_weight(
            shape=(), initializer="zeros", name="gamma"
        )

    def call(self, o, x):
        return self.gamma * o + x


x = keras.Input(shape=(HEIGHT, WIDTH, CHANNELS), name="x")

# f, g and h look at one pixel at a time: each is a 1x1 convolution from C to
# C-bar channels.
f = keras.layers.Conv2D(REDUCED, kernel_size=1, name="f")(x)
g = keras.layers.Conv2D(REDUCED, kernel_size=1, name="g")(x)
h = keras.layers.Conv2D(REDUCED, kernel_size=1, name="h")(x)

# Flatten the grid: one row per pixel, so a matrix product compares every pixel
# with every other.
f_rows = keras.ops.reshape(f, (-1, N, REDUCED))
g_rows = keras.ops.reshape(g, (-1, N, REDUCED))
h_rows = keras.ops.reshape(h, (-1, N, REDUCED))

# s[j, i] = g(x_j) . f(x_i); a softmax over i makes each row j sum to 1 (SAGAN,
# eq. 1).
scores = keras.ops.matmul(g_rows, keras.ops.transpose(f_rows, (0, 2, 1)))
beta = keras.ops.softmax(scores, axis=-1)

# Row j of beta @ h mixes the values of all N pixels; v, a fourth 1x1
# convolution, takes the mixture from C-bar back to C channels (SAGAN, Eq. 2).
mixed = keras.ops.reshape(
    keras.ops.matmul(beta, h_rows), (-1, HEIGHT, WIDTH, REDUCED)
)
o = keras.layers.Conv2D(CHANNELS, kernel_size=1, name="v")(mixed)

y = ScaledResidual(name="gamma")(o, x)
model = keras.Model(x, [y, beta], name="sagan_attention")

model.summary(line_length=80)

convs = {name: model.get_layer(name) for name in ("f", "g", "h", "v")}
for name, conv in convs.items():
    kernel, bias = conv.get_weights()
    print(
        f"{name}: kernel {kernel.shape}, bias {bias.shape}, params "
        f"{conv.count_params()}"
    )
# The paper writes f(x) = W_f x with no bias; Keras adds one per output channel
# by default. The + 1 is gamma.
weights_only = sum(conv.get_weights()[0].size for conv in convs.values()) + 1
print("total:", model.count_params(), " without biases:", weights_only)

features = (
    np.random.default_rng(0)
    .normal(size=(1, HEIGHT, WIDTH, CHANNELS))
    .astype("float32")
)
out, attention = model(features)
print("attention map:", tuple(attention.shape))
attention_map = keras.ops.convert_to_numpy(attention)
rows_sum_to_one = np.allclose(attention_map.sum(axis=-1), 1.0)
returns_input = np.allclose(keras.ops.convert_to_numpy(out), features)
print("each row of beta sums to 1:", rows_sum_to_one)
print("gamma = 0, so y == x at the start:", returns_input)
# The projections are linear: like the paper's W_f x, no activation follows
# them.
linear = all(
    conv.get_config()["activation"] == "linear" for conv in convs.values()
)
print("f, g, h and v have no activation:", linear)

# The weights depend on the channels, not on the number of pixels: the same
# four layers run, unchanged, on a map with four times the pixels.
bigger = np.zeros((1, 2 * HEIGHT, 2 * WIDTH, CHANNELS), "float32")
params = model.count_params()
size_free = all(
    conv(bigger if name != "v" else bigger[..., :REDUCED]).shape[1:3]
    == bigger.shape[1:3]
    for name, conv in convs.items()
) and (model.count_params() == params)
