"""Without a ReLU in between, a spatial convolution and a 1x1 convolution are
one convolution of the first one's size.
"""

import keras
import numpy as np

image = np.random.default_rng(0).normal(size=(1, 8, 8, 4)).astype("float32")
conv3x3 = keras.layers.Conv2D(6, kernel_size=3)
conv1x1 = keras.layers.Conv2D(5, kernel_size=1)
stacked = keras.ops.convert_to_numpy(conv1x1(conv3x3(image)))
with_relu = keras.ops.convert_to_numpy(
    conv1x1(keras.activations.relu(conv3x3(image)))
)

# Fold the 1x1 weights into the spatial kernel: both are linear, so the pair is
# linear too.
k3, b3 = conv3x3.get_weights()
k1, b1 = conv1x1.get_weights()
merged = keras.layers.Conv2D(5, kernel_size=3)
merged.build(image.shape)
merged.set_weights(
    [np.einsum("hwio,oj->hwij", k3, k1[0, 0]), b3 @ k1[0, 0] + b1]
)
single = keras.ops.convert_to_numpy(merged(image))

print("merged kernel shape:", merged.get_weights()[0].shape)
folds_without_relu = np.allclose(stacked, single, atol=1e-5)
folds_with_relu = np.allclose(with_relu, single, atol=1e-5)
print("no ReLU between, one 3x3 layer does the same:", folds_without_relu)
print("ReLU between, one 3x3 layer does the same:", folds_with_relu)


# Every single convolution is affine: f(x) + f(y) - f(x + y) is f of the zero
# image, for all x and y. If the pair with the ReLU breaks that, no single
# layer can match it.
def pair_with_relu(x):
    return keras.ops.convert_to_numpy(
        conv1x1(keras.activations.relu(conv3x3(x)))
    )


other = np.random.default_rng(1).normal(size=image.shape).astype("float32")
relu_pair_is_affine = np.allclose(
    pair_with_relu(image) + pair_with_relu(other),
    pair_with_relu(image + other) + pair_with_relu(np.zeros_like(image)),
    atol=1e-5,
)
print("ReLU between, the pair is affine:", relu_pair_is_affine)
