"""A 1x1 convolution mixes channels pixel by pixel: RGB to grey, and a check
with any weights.
"""

import keras
import numpy as np

rng = np.random.default_rng(0)
image = rng.uniform(size=(1, 4, 4, 3)).astype("float32")

# Luma weights of ITU-R BT.601: one output channel, a fixed mix of R, G and B.
grey = keras.layers.Conv2D(1, kernel_size=1, use_bias=False)
grey.build(image.shape)
luma = np.array([0.299, 0.587, 0.114], dtype="float32")
grey.set_weights([luma.reshape(1, 1, 3, 1)])
by_hand = 0.299 * image[..., 0] + 0.587 * image[..., 1] + 0.114 * image[..., 2]
print("kernel shape:", grey.get_weights()[0].shape)
grey_out = keras.ops.convert_to_numpy(grey(image))
grey_matches = np.allclose(grey_out[..., 0], by_hand)
print("grey = 0.299 R + 0.587 G + 0.114 B:", grey_matches)

# Learned weights work the same way: every pixel's channel vector times one
# matrix, plus bias.
mix = keras.layers.Conv2D(8, kernel_size=1)
output = keras.ops.convert_to_numpy(mix(image))
kernel, bias = mix.get_weights()
per_pixel = image @ kernel[0, 0] + bias
print("output shape:", output.shape)
mix_matches = np.allclose(output, per_pixel, atol=1e-5)
print("each pixel is x @ W + b:", mix_matches)
