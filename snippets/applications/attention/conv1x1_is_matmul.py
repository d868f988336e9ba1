"""A 1x1 convolution is one matrix product over channels, applied at every
pixel.
"""

import keras
import numpy as np

HEIGHT, WIDTH, CHANNELS, REDUCED = 16, 16, 64, 8
N = HEIGHT * WIDTH

f = keras.layers.Conv2D(REDUCED, kernel_size=1)
features = (
    np.random.default_rng(0)
    .normal(size=(1, HEIGHT, WIDTH, CHANNELS))
    .astype("float32")
)
conv_out = keras.ops.convert_to_numpy(f(features))[0]  # (16, 16, 8)

# Keras stores the kernel as (1, 1, C, C-bar); the paper's W_f is its
# transpose, C-bar x C.
kernel, bias = f.get_weights()
w_f = kernel[0, 0].T
# The paper's x is C x N: one column of C channel values per pixel.
x_paper = features[0].reshape(N, CHANNELS).T

# f(x) = W_f x, plus the bias Keras adds: one product for all N pixels at once.
f_paper = keras.ops.add(keras.ops.matmul(w_f, x_paper), bias[:, None])
print("W_f:", w_f.shape, " x:", x_paper.shape, " W_f x:", tuple(f_paper.shape))
same = np.allclose(
    keras.ops.convert_to_numpy(f_paper).T.reshape(HEIGHT, WIDTH, REDUCED),
    conv_out,
    atol=1e-5,
)
print("conv output == W_f x + b:", same)

# The same, pixel by pixel: every output pixel only ever sees its own C input
# values.
every_pixel = all(
    np.allclose(conv_out[i, j], w_f @ features[0, i, j] + bias, atol=1e-5)
    for i in range(HEIGHT)
    for j in range(WIDTH)
)
print("checked at all", HEIGHT * WIDTH, "pixels:", every_pixel)
