"""A 1x1 convolution is a dense layer applied at every pixel: Conv2D, Dense and
einsum agree.
"""

import keras
import numpy as np

rng = np.random.default_rng(0)
# a batch of 6x6 RGB images
images = rng.normal(size=(4, 6, 6, 3)).astype("float32")

conv = keras.layers.Conv2D(filters=2, kernel_size=1, activation="relu")
conv.build(images.shape)
# Keras starts biases at zero; random ones make sure the bias is really tested.
kernel = conv.get_weights()[0]
bias = rng.normal(size=2).astype("float32")
conv.set_weights([kernel, bias])
print("Conv2D kernel:", kernel.shape, " bias:", bias.shape)

# Dense acts on the last axis, so on a (batch, height, width, channels) tensor
# it maps each pixel's channel vector on its own. Its kernel is the 1x1 kernel
# without the 1x1.
dense = keras.layers.Dense(units=2, activation="relu")
dense.build(images.shape)
dense.set_weights([kernel[0, 0], bias])
print("Dense kernel: ", dense.get_weights()[0].shape)

conv_out = keras.ops.convert_to_numpy(conv(images))
dense_out = keras.ops.convert_to_numpy(dense(images))
# The formula itself: for every image b and pixel (h, w), sum over input
# channels c.
einsum_out = np.maximum(
    np.einsum("bhwc,cf->bhwf", images, kernel[0, 0]) + bias, 0.0
)

print("output shapes:", conv_out.shape, dense_out.shape, einsum_out.shape)
conv_equals_dense = np.allclose(conv_out, dense_out, atol=1e-6)
conv_equals_einsum = np.allclose(conv_out, einsum_out, atol=1e-6)
print("Conv2D == Dense: ", conv_equals_dense)
print("Conv2D == einsum:", conv_equals_einsum)

# One pixel by hand: its 3 channel values times the 3x2 weight matrix, plus
# bias, then ReLU.
pixel = images[0, 2, 3]
by_hand = np.maximum(pixel @ kernel[0, 0] + bias, 0.0)
pixel_by_hand = np.allclose(by_hand, conv_out[0, 2, 3], atol=1e-6)
print("pixel (2, 3) by hand == Conv2D:", pixel_by_hand)
